package cn.shencha.jobs.audit;

import cn.shencha.jobs.audit.internal.AuditStore;
import cn.shencha.rules.Importance;
import cn.shencha.rules.Severity;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Routes each item with findings into review: one task per snapshot, waiting at level 1 (信息员), requiring the level
 * its grade demands (一般 → 2, 重要 → 3, 特级 → 4, ch. 4 §6), and sent to the secrecy bureau when a secrecy finding
 * reaches the configured severity (ch. 4 §8). The due date counts working days (ch. 4 §9). Existing tasks are left
 * alone, so a rerun creates none twice.
 */
public class ReviewTaskItemWriter implements ItemWriter<ReviewCandidate> {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final JdbcTemplate jdbc;
    private final long runId;
    private final Severity bureauSeverity;
    private final int dueDays;

    public ReviewTaskItemWriter(JdbcTemplate jdbc, long runId, Severity bureauSeverity, int dueDays) {
        this.jdbc = jdbc;
        this.runId = runId;
        this.bureauSeverity = bureauSeverity;
        this.dueDays = dueDays;
    }

    @Override
    public void write(Chunk<? extends ReviewCandidate> chunk) {
        Instant now = Instant.now();
        for (ReviewCandidate c : chunk) {
            String id = AuditStore.reviewTaskId(c.snapshotId());
            Integer exists = jdbc.queryForObject("SELECT COUNT(*) FROM review_task WHERE id = ?", Integer.class, id);
            if (exists != null && exists > 0) {
                continue;
            }
            Importance importance = c.importance() == null ? Importance.GENERAL : Importance.valueOf(c.importance());
            boolean bureau = c.maxSecrecySeverity() != null && Severity.valueOf(c.maxSecrecySeverity()).atLeast(bureauSeverity);
            jdbc.update("INSERT INTO review_task (id, snapshot_id, page_id, site_id, run_id, importance, required_level,"
                            + " needs_bureau, current_level, state, created_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 'OPEN', ?, ?)",
                    id, c.snapshotId(), c.pageId(), c.siteId(), runId, importance.name(), importance.requiredReviewLevel(),
                    bureau, Timestamp.from(now), Timestamp.from(addWorkingDays(now, dueDays)));
        }
    }

    static Instant addWorkingDays(Instant from, int days) {
        ZonedDateTime t = from.atZone(ZONE);
        int added = 0;
        while (added < days) {
            t = t.plusDays(1);
            if (t.getDayOfWeek() != DayOfWeek.SATURDAY && t.getDayOfWeek() != DayOfWeek.SUNDAY) {
                added++;
            }
        }
        return t.toInstant();
    }
}
