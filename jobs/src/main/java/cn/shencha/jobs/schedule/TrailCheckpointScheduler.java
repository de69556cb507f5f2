package cn.shencha.jobs.schedule;

import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.jobs.review.AuditTrail;
import cn.shencha.jobs.review.TrailCheckpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

import java.time.ZoneId;

/**
 * The daily signed checkpoint of the audit trail's head (ADR 12) in {@code serve}: at start when the head moved past
 * the last checkpoint, then on {@code shencha.trail.checkpoint-schedule} (default 00:05 every day).
 */
@Component
public class TrailCheckpointScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TrailCheckpointScheduler.class);

    private final AuditTrail trail;
    private final JdbcTemplate jdbc;
    private final ShenchaProperties properties;
    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

    public TrailCheckpointScheduler(AuditTrail trail, JdbcTemplate jdbc, ShenchaProperties properties) {
        this.trail = trail;
        this.jdbc = jdbc;
        this.properties = properties;
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("trail-checkpoint-");
        scheduler.setWaitForTasksToCompleteOnShutdown(false);
    }

    /** Starts the schedule; returns the cron expression. */
    public String start() {
        String cron = properties.trail().checkpointSchedule();
        CronExpression.parse(cron);
        scheduler.initialize();
        Long last = jdbc.queryForObject("SELECT MAX(seq) FROM audit_trail_checkpoint", Long.class);
        Long head = jdbc.queryForObject("SELECT seq FROM audit_trail_head WHERE id = 1", Long.class);
        if (head != null && head > 0 && (last == null || head > last)) {
            scheduler.execute(this::checkpoint);
        }
        scheduler.schedule(this::checkpoint, new CronTrigger(cron, ZoneId.of(properties.report().zone())));
        return cron;
    }

    void checkpoint() {
        try {
            TrailCheckpoints.Stored s = trail.checkpoint("DAILY");
            log.info("Audit-trail checkpoint: {}", s == null ? "the trail is empty" : s.source());
        } catch (Exception e) {
            log.error("Audit-trail checkpoint failed: {}", e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdown();
    }
}
