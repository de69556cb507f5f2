package cn.shencha.jobs.schedule;

import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.jobs.duty.DutyReadings;
import cn.shencha.jobs.report.ReportRunner;
import cn.shencha.writers.report.ReportWeek;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The report-side schedules of {@code shencha serve}: {@code reportJob} for the week just ended on
 * {@code shencha.report.schedule} (default Monday 08:00), and the morning check of the duty reading log at
 * {@code shencha.duty.confirm-by} (default 08:00) that flags the previous day's missed and unconfirmed readings.
 * Both also run once at start-up, so a report or a check that came due while Shencha was down is made late rather
 * than never (a week already reported is not reported again).
 */
@Component
public class ReportScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReportScheduler.class);

    private final ReportRunner reports;
    private final DutyReadings readings;
    private final ShenchaProperties properties;
    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

    public ReportScheduler(ReportRunner reports, DutyReadings readings, ShenchaProperties properties) {
        this.reports = reports;
        this.readings = readings;
        this.properties = properties;
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("report-schedule-");
        scheduler.setWaitForTasksToCompleteOnShutdown(false);
        scheduler.initialize();
    }

    /** Schedules the weekly report and the morning check; runs both once now. */
    public void start() {
        ZoneId zone = ZoneId.of(properties.report().zone());
        CronExpression.parse(properties.report().schedule());
        scheduler.schedule(this::weeklyReport, new CronTrigger(properties.report().schedule(), zone));
        LocalTime at = properties.duty().confirmBy();
        scheduler.schedule(this::morningCheck, new CronTrigger(at.getSecond() + " " + at.getMinute() + " " + at.getHour() + " * * *", zone));
        scheduler.execute(() -> {
            morningCheck();
            weeklyReport();
        });
        log.info("Scheduled reportJob at '{}' and the duty-log check at {} ({})", properties.report().schedule(), at, zone);
    }

    /** When the next weekly report is due. */
    public ZonedDateTime nextReport() {
        return CronExpression.parse(properties.report().schedule()).next(ZonedDateTime.now(ZoneId.of(properties.report().zone())));
    }

    void weeklyReport() {
        ReportWeek week = reports.lastCompleteWeek();
        try {
            ReportRunner.Outcome o = reports.run(week, false);
            if (o.skipped()) {
                log.info("Weekly report for {} exists already", week);
            } else {
                log.info("Weekly report for {}: {}", week, o.status());
            }
        } catch (Exception e) {
            log.error("Weekly report for {} failed", week, e);
        }
    }

    void morningCheck() {
        try {
            readings.flagOverdue();
        } catch (RuntimeException e) {
            log.error("The duty reading log check failed", e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdown();
    }
}
