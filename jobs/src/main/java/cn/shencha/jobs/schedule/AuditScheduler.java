package cn.shencha.jobs.schedule;

import cn.shencha.jobs.audit.AuditRunner;
import cn.shencha.jobs.audit.AuditTarget;
import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.jobs.duty.DutyReadings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

/**
 * Runs each site's {@code auditJob} on its cron schedule (by default the regulation's three daily readings, ch. 6:
 * 08:00, 12:00 and 18:00). A site never has two runs at once: readings that come due while the previous run is
 * still going are logged as missed, not stacked; readings missed while Shencha was down are logged at start-up and
 * not run late. Every run, and every reading missed, is recorded in the duty reading log ({@link DutyReadings}).
 */
@Component
public class AuditScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditScheduler.class);

    private final AuditRunner runner;
    private final ShenchaProperties properties;
    private final JdbcTemplate jdbc;
    private final DutyReadings readings;
    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    private final Map<String, ScheduledFuture<?>> scheduled = new ConcurrentHashMap<>();
    private final Map<String, Boolean> running = new ConcurrentHashMap<>();

    public AuditScheduler(AuditRunner runner, ShenchaProperties properties, JdbcTemplate jdbc, DutyReadings readings) {
        this.runner = runner;
        this.properties = properties;
        this.jdbc = jdbc;
        this.readings = readings;
        scheduler.setPoolSize(2);
        scheduler.setThreadNamePrefix("audit-schedule-");
        scheduler.setWaitForTasksToCompleteOnShutdown(false);
        scheduler.initialize();
    }

    /** Schedules every configured site. */
    public List<ShenchaProperties.Site> scheduleConfiguredSites() {
        properties.sites().forEach(this::schedule);
        return properties.sites();
    }

    public void schedule(ShenchaProperties.Site site) {
        AuditTarget target = AuditTarget.of(site, properties.crawl());
        ZoneId zone = ZoneId.of(site.zone());
        CronExpression cron = parse(site);
        reportMissed(target, cron, zone);
        ScheduledFuture<?> future = scheduler.schedule(() -> fire(target, cron, zone), new CronTrigger(site.schedule(), zone));
        ScheduledFuture<?> previous = scheduled.put(target.siteId(), future);
        if (previous != null) {
            previous.cancel(false);
        }
        log.info("Scheduled audits of {} at '{}' ({}); next at {}", target.startUrl(), site.schedule(), zone, nextRun(site));
    }

    public ZonedDateTime nextRun(ShenchaProperties.Site site) {
        ZoneId zone = ZoneId.of(site.zone());
        return parse(site).next(ZonedDateTime.now(zone));
    }

    private static CronExpression parse(ShenchaProperties.Site site) {
        try {
            return CronExpression.parse(site.schedule());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("site " + site.url() + ": bad schedule '" + site.schedule() + "': " + e.getMessage());
        }
    }

    private void fire(AuditTarget target, CronExpression cron, ZoneId zone) {
        ZonedDateTime started = ZonedDateTime.now(zone);
        ZonedDateTime due = lastDue(cron, started);
        if (running.putIfAbsent(target.siteId(), Boolean.TRUE) != null) {
            log.warn("Missed a scheduled audit of {}: the previous run is still running", target.startUrl());
            record(() -> readings.missed(target.siteId(), target.name(), due.toInstant(), "上一次读网仍在进行"));
            return;
        }
        long[] reading = {-1};
        try {
            record(() -> reading[0] = readings.started(target.siteId(), target.name(), due.toInstant(), started.toInstant()));
            AuditRunner.Outcome outcome = runner.run(target);
            log.info("Scheduled audit of {}: run {} {}", target.startUrl(), outcome.runId(), outcome.status());
            record(() -> readings.finished(reading[0], outcome.runId(), outcome.completed(), outcome.failure(), java.time.Instant.now()));
        } catch (AuditRunner.AlreadyRunningException e) {
            log.warn("Missed a scheduled audit of {}: {}", target.startUrl(), e.getMessage());
            record(() -> readings.finished(reading[0], null, false, "另一读网进程正在审查该站点：" + e.getMessage(), java.time.Instant.now()));
        } catch (Exception e) {
            log.error("Scheduled audit of {} failed", target.startUrl(), e);
            record(() -> readings.finished(reading[0], null, false, AuditRunner.rootMessage(e), java.time.Instant.now()));
        } finally {
            running.remove(target.siteId());
            for (ZonedDateTime t : reportOverrun(target, cron, started, ZonedDateTime.now(zone))) {
                record(() -> readings.missed(target.siteId(), target.name(), t.toInstant(), "上一次读网仍在进行"));
            }
        }
    }

    /** The due time of the reading that fires now: the schedule's last time at or before now (the trigger may fire late). */
    static ZonedDateTime lastDue(CronExpression cron, ZonedDateTime now) {
        ZonedDateTime last = now;
        for (ZonedDateTime t = cron.next(now.minusDays(1)); t != null && !t.isAfter(now); t = cron.next(t)) {
            last = t;
        }
        return last;
    }

    /** The reading log must never stop an audit: a failure to record is logged. */
    private static void record(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.error("Could not record the reading in the duty reading log", e);
        }
    }

    /**
     * The cron trigger computes the next reading after a run ends, so readings that came due while it ran are never
     * started; say so, as the regulation's reading log must show every reading that did not happen.
     */
    static List<ZonedDateTime> reportOverrun(AuditTarget target, CronExpression cron, ZonedDateTime from, ZonedDateTime to) {
        List<ZonedDateTime> missed = new java.util.ArrayList<>();
        for (ZonedDateTime t = cron.next(from); t != null && t.isBefore(to); t = cron.next(t)) {
            missed.add(t);
        }
        if (!missed.isEmpty()) {
            log.warn("Missed {} scheduled audit(s) of {} due at {}{}: the previous run was still running; they are not run late",
                    missed.size(), target.startUrl(), missed.get(0), missed.size() > 1 ? " to " + missed.get(missed.size() - 1) : "");
        }
        return missed;
    }

    /** Logs the last reading that came due while no run happened (Shencha was down); it is not run late. */
    void reportMissed(AuditTarget target, CronExpression cron, ZoneId zone) {
        ZonedDateTime now = ZonedDateTime.now(zone);
        ZonedDateTime lastDue = null;
        for (ZonedDateTime t = cron.next(now.minusDays(1)); t != null && !t.isAfter(now); t = cron.next(t)) {
            lastDue = t;
        }
        if (lastDue == null) {
            return;
        }
        List<Timestamp> last = jdbc.queryForList(
                "SELECT MAX(e.start_time) FROM batch_job_execution e JOIN batch_job_execution_params p"
                        + " ON p.job_execution_id = e.job_execution_id WHERE p.parameter_name = 'site' AND p.parameter_value = ?",
                Timestamp.class, target.siteId());
        Instant lastRun = last.isEmpty() || last.get(0) == null ? null : last.get(0).toLocalDateTime().atZone(ZoneId.systemDefault()).toInstant();
        if (lastRun == null || lastRun.isBefore(lastDue.toInstant())) {
            log.warn("Missed the scheduled audit of {} due at {} (Shencha was not running); it is not run late",
                    target.startUrl(), lastDue);
            ZonedDateTime due = lastDue;
            record(() -> readings.missed(target.siteId(), target.name(), due.toInstant(), "审查系统未运行"));
        }
    }

    @Override
    public void close() {
        scheduler.shutdown();
    }
}
