package cn.shencha.jobs.schedule;

import cn.shencha.jobs.archive.ArchivePackages;
import cn.shencha.jobs.archive.ArchiveRunner;
import cn.shencha.jobs.config.ShenchaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

import java.time.YearMonth;
import java.time.ZoneId;

/**
 * {@code archiveJob} on {@code shencha.archive.schedule} (default 03:00 on the 1st) for the month just ended, into
 * {@code shencha.archive.directory}; a month packaged already is skipped, a failed one restarted.
 */
@Component
public class ArchiveScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ArchiveScheduler.class);

    private final ArchiveRunner runner;
    private final ArchivePackages packages;
    private final ShenchaProperties properties;
    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

    public ArchiveScheduler(ArchiveRunner runner, ArchivePackages packages, ShenchaProperties properties) {
        this.runner = runner;
        this.packages = packages;
        this.properties = properties;
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("archive-schedule-");
        scheduler.setWaitForTasksToCompleteOnShutdown(false);
    }

    /** Starts the schedule; returns the cron expression. */
    public String start() {
        String cron = packages.settings().schedule();
        CronExpression.parse(cron);
        scheduler.initialize();
        scheduler.schedule(this::lastMonth, new CronTrigger(cron, ZoneId.of(properties.report().zone())));
        return cron;
    }

    void lastMonth() {
        YearMonth month = ArchiveRunner.lastCompleteMonth(ZoneId.of(properties.report().zone()));
        try {
            ArchiveRunner.Outcome o = runner.run(month.atDay(1), month.atEndOfMonth(), false);
            log.info("archiveJob for {}: {}", month, o.skipped() ? "packaged already" : o.status());
        } catch (Exception e) {
            log.error("archiveJob for {} failed: {}", month, e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdown();
    }
}
