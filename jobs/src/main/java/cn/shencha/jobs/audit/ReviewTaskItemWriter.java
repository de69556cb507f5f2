package cn.shencha.jobs.audit;

import cn.shencha.jobs.audit.internal.AuditStore;
import cn.shencha.jobs.review.Units;
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

    /** SQL for an item's kind from its snapshot {@code s} and page {@code p}. */
    public static final String ITEM_KIND_SQL = "CASE WHEN p.url LIKE 'draft:%' THEN 'DRAFT'"
            + " WHEN s.source_url IS NOT NULL THEN 'FEED_ITEM'"
            + " WHEN s.content_type IS NULL OR s.content_type LIKE 'text/html%' OR s.content_type LIKE 'application/xhtml%'"
            + " OR s.content_type LIKE 'text/plain%' THEN 'PAGE' ELSE 'ATTACHMENT' END";

    private final JdbcTemplate jdbc;
    private final Units units;
    private final long runId;
    private final Severity bureauSeverity;
    private final int dueDays;

    public ReviewTaskItemWriter(JdbcTemplate jdbc, Units units, long runId, Severity bureauSeverity, int dueDays) {
        this.jdbc = jdbc;
        this.units = units;
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
                            + " needs_bureau, current_level, state, created_at, due_at, unit_id, item_kind, stage, bureau_state)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 'OPEN', ?, ?, ?, ?, 'L1', ?)",
                    id, c.snapshotId(), c.pageId(), c.siteId(), runId, importance.name(), importance.requiredReviewLevel(),
                    bureau, Timestamp.from(now), Timestamp.from(addWorkingDays(now, dueDays)), units.unitFor(c.url()),
                    c.itemKind(), bureau ? "PENDING" : null);
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
