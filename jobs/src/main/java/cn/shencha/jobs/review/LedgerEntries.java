package cn.shencha.jobs.review;

import cn.shencha.rules.Category;
import cn.shencha.rules.Importance;
import cn.shencha.writers.ledger.LedgerEntry;
import cn.shencha.writers.ledger.ReviewLevel;
import cn.shencha.writers.ledger.ReviewOpinion;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The approval ledger (领导审批台帐, ch. 4 §6) read from the system of record: one {@link LedgerEntry} per item that a
 * level 3 or 4 leader or the secrecy bureau decided on, with every level's opinion, the bureau's conclusion and what
 * became of the item. Entries are in ledger-number order and filtered on the time the item was submitted for review.
 */
@Component
public class LedgerEntries {

    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private final JdbcTemplate jdbc;

    public LedgerEntries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Entries of items submitted from {@code from} to {@code to} (inclusive days, Beijing time), of one unit when
     * {@code unitId} is set.
     */
    public List<LedgerEntry> entries(LocalDate from, LocalDate to, String unitId) {
        Timestamp start = Timestamp.from(from.atStartOfDay(BEIJING).toInstant());
        Timestamp end = Timestamp.from(to.plusDays(1).atStartOfDay(BEIJING).toInstant());
        List<Object> args = new ArrayList<>(List.of(start, end));
        String sql = "SELECT l.number, l.task_id, COALESCE(s.title, p.url), p.url, COALESCE(u.name, t.unit_id), t.importance,"
                + " t.created_at, t.published_at, t.taken_down_at, t.item_kind, t.snapshot_id, t.state, t.stage"
                + " FROM ledger_entry l JOIN review_task t ON t.id = l.task_id JOIN snapshot s ON s.id = t.snapshot_id"
                + " JOIN page p ON p.id = t.page_id LEFT JOIN unit u ON u.id = t.unit_id"
                + " WHERE t.created_at >= ? AND t.created_at < ?";
        if (unitId != null && !unitId.isBlank()) {
            sql += " AND t.unit_id = ?";
            args.add(unitId);
        }
        sql += " ORDER BY l.id";
        record Row(String number, String taskId, String title, String url, String unit, String importance,
                   Timestamp created, Timestamp published, Timestamp takenDown, String kind, String snapshotId,
                   String state, String stage) {
        }
        List<Row> rows = jdbc.query(sql, (rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getTimestamp(7), rs.getTimestamp(8),
                rs.getTimestamp(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13)), args.toArray());
        List<LedgerEntry> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            List<Category> categories = jdbc.queryForList("SELECT DISTINCT category FROM finding WHERE snapshot_id = ?"
                    + " ORDER BY category", String.class, r.snapshotId()).stream().map(Category::valueOf).toList();
            Map<ReviewLevel, ReviewOpinion> byLevel = new LinkedHashMap<>();
            StringBuilder bureau = new StringBuilder();
            List<String> notes = new ArrayList<>();
            jdbc.query("SELECT stage, decision, opinion, reviewer_name, decided_at FROM review_decision WHERE task_id = ?"
                    + " ORDER BY id", rs -> {
                Stage stage = Stage.valueOf(rs.getString(1));
                Decision decision = Decision.valueOf(rs.getString(2));
                String opinion = decision.chineseName() + "：" + rs.getString(3);
                LocalDateTime time = local(rs.getTimestamp(5));
                if (stage == Stage.BUREAU) {
                    bureau.append(opinion).append("（").append(rs.getString(4)).append("，")
                            .append(time.toLocalDate()).append("）");
                } else {
                    byLevel.put(ReviewLevel.ofNumber(stage.levelNumber()),
                            new ReviewOpinion(ReviewLevel.ofNumber(stage.levelNumber()), rs.getString(4), opinion, time));
                    if (decision == Decision.ESCALATE) {
                        notes.add(stage.levelNumber() == 4 ? "四级审核上报区保密局" : stage.levelNumber() + "级审核上报");
                    }
                }
            }, r.taskId());
            if ("DRAFT".equals(r.kind())) {
                notes.add(0, "发布前送审稿");
            }
            if (!"DONE".equals(r.stage())) {
                notes.add("审核中（" + Stage.valueOf(r.stage()).chineseName() + "）");
            }
            out.add(new LedgerEntry(r.number(), r.title(), r.url().startsWith("draft:") ? "" : r.url(), r.unit(),
                    Importance.valueOf(r.importance()), categories, local(r.created()), new ArrayList<>(byLevel.values()),
                    bureau.toString(), r.published() == null ? null : local(r.published()),
                    r.takenDown() == null ? null : local(r.takenDown()), String.join("；", notes)));
        }
        return out;
    }

    private static LocalDateTime local(Timestamp t) {
        return LocalDateTime.ofInstant(t.toInstant(), BEIJING);
    }
}
