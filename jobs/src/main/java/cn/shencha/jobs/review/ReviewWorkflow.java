package cn.shencha.jobs.review;

import cn.shencha.rules.Importance;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The review chain of the regulation: the four review levels (ch. 4 §6: 信息员 → 分管领导 → 主要负责人 → 区政府领导),
 * the secrecy bureau's gate (ch. 4 §8: an item sent to the 区保密局 is not approved until the bureau agrees), the
 * approval ledger (levels 3 and 4 and the bureau) and the time limits (ch. 4 §9).
 *
 * <p>A task starts at level 1. Approving at a level below the level its grade requires (一般 2, 重要 3, 特级 4) passes
 * it up; approving at the required level ends it, unless it needs the bureau, which then decides. Escalating passes it
 * up one level and raises the required level (from level 4: to the bureau). Amendment and take-down end it at once.
 * Every decision, its ledger entry and its audit-trail row commit together.
 */
@Component
public class ReviewWorkflow {

    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final int MAX_OPINION = 2000;

    static final String TASK_COLUMNS = "t.id, t.snapshot_id, t.page_id, COALESCE(s.title, p.url), p.url, t.unit_id,"
            + " u.name, t.item_kind, t.importance, t.required_level, t.needs_bureau, t.bureau_state, t.stage, t.state,"
            + " t.created_at, t.due_at, t.decided_at, s.labels, t.version";
    static final String TASK_FROM = " FROM review_task t JOIN snapshot s ON s.id = t.snapshot_id JOIN page p ON p.id = t.page_id"
            + " LEFT JOIN unit u ON u.id = t.unit_id";

    static final RowMapper<ReviewTask> TASK = (rs, i) -> {
        Timestamp decided = rs.getTimestamp(17);
        String labels = rs.getString(18);
        return new ReviewTask(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), Importance.valueOf(rs.getString(9)), rs.getInt(10),
                rs.getBoolean(11), rs.getString(12), Stage.valueOf(rs.getString(13)), rs.getString(14),
                rs.getTimestamp(15).toInstant(), rs.getTimestamp(16).toInstant(),
                decided == null ? null : decided.toInstant(),
                labels == null || labels.isBlank() ? List.of() : Arrays.stream(labels.split("[ ,]+")).map(String::strip)
                        .filter(l -> !l.isEmpty()).toList(), rs.getInt(19));
    };

    private final JdbcTemplate jdbc;
    private final AuditTrail trail;
    private final TransactionTemplate tx;

    public ReviewWorkflow(JdbcTemplate jdbc, AuditTrail trail, PlatformTransactionManager txm) {
        this.jdbc = jdbc;
        this.trail = trail;
        this.tx = new TransactionTemplate(txm);
    }

    // ---- reading ----

    /** The task, if the user may see it (its unit, or a district-wide role); NOT_FOUND otherwise, so ids do not leak. */
    public ReviewTask task(ConsoleUser user, String taskId) {
        ReviewTask t = find(taskId).orElseThrow(() -> new ReviewException(ReviewException.Kind.NOT_FOUND, "事项不存在"));
        if (!user.canSeeUnit(t.unitId())) {
            throw new ReviewException(ReviewException.Kind.NOT_FOUND, "事项不存在");
        }
        return t;
    }

    public Optional<ReviewTask> find(String taskId) {
        try {
            return Optional.of(jdbc.queryForObject("SELECT " + TASK_COLUMNS + TASK_FROM + " WHERE t.id = ?", TASK, taskId));
        } catch (EmptyResultDataAccessException e) {
            return Optional.empty();
        }
    }

    /** What waits for this user's decision: the stages of their roles, in their unit for unit-bound roles; oldest due first. */
    public List<ReviewTask> queue(ConsoleUser user, String unitFilter) {
        List<String> clauses = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            Optional<Role> role = Role.forStage(stage);
            if (role.isEmpty() || !user.has(role.get())) {
                continue;
            }
            if (role.get().unitBound()) {
                clauses.add("(t.stage = ? AND t.unit_id = ?)");
                args.add(stage.name());
                args.add(user.unitId());
            } else {
                clauses.add("t.stage = ?");
                args.add(stage.name());
            }
        }
        if (clauses.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT " + TASK_COLUMNS + TASK_FROM + " WHERE (" + String.join(" OR ", clauses) + ")";
        if (unitFilter != null && !unitFilter.isBlank()) {
            sql += " AND t.unit_id = ?";
            args.add(unitFilter);
        }
        return jdbc.query(sql + " ORDER BY t.due_at, t.id LIMIT 500", TASK, args.toArray());
    }

    /**
     * Tasks the user may see, newest first: {@code open} true for open ones only, {@code overdueOnly} for open ones past
     * their due date, {@code unit} to narrow to one unit (ignored outside the user's own unit for unit-bound users).
     */
    public List<ReviewTask> tasks(ConsoleUser user, String unit, boolean open, boolean overdueOnly, int limit) {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (!user.seesAllUnits()) {
            where.add("t.unit_id = ?");
            args.add(user.unitId());
        }
        if (unit != null && !unit.isBlank()) {
            where.add("t.unit_id = ?");
            args.add(unit);
        }
        if (open || overdueOnly) {
            where.add("t.stage <> 'DONE'");
        }
        if (overdueOnly) {
            where.add("t.due_at < ?");
            args.add(Timestamp.from(Instant.now()));
        }
        String sql = "SELECT " + TASK_COLUMNS + TASK_FROM + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + (overdueOnly ? " ORDER BY t.due_at, t.id" : " ORDER BY t.created_at DESC, t.id") + " LIMIT ?";
        args.add(limit);
        return jdbc.query(sql, TASK, args.toArray());
    }

    public List<ReviewDecision> decisions(String taskId) {
        return jdbc.query("SELECT id, task_id, stage, decision, opinion, reviewer_id, reviewer_name, decided_at"
                + " FROM review_decision WHERE task_id = ? ORDER BY id", (rs, i) -> new ReviewDecision(rs.getLong(1),
                rs.getString(2), Stage.valueOf(rs.getString(3)), Decision.valueOf(rs.getString(4)), rs.getString(5),
                rs.getLong(6), rs.getString(7), rs.getTimestamp(8).toInstant()), taskId);
    }

    /** The decisions this user may take on the task now (empty when it is not at their stage). */
    public List<Decision> allowedDecisions(ConsoleUser user, ReviewTask t) {
        if (!t.open() || !user.decidesAt(t.stage(), t.unitId())) {
            return List.of();
        }
        if (t.stage() == Stage.BUREAU) {
            return List.of(Decision.APPROVE, Decision.AMEND, Decision.TAKE_DOWN);
        }
        return List.of(Decision.values());
    }

    /** Open tasks per unit, for the console's unit filter. */
    public Map<String, Integer> openByUnit(ConsoleUser user) {
        Map<String, Integer> out = new LinkedHashMap<>();
        jdbc.query("SELECT t.unit_id, COUNT(*) FROM review_task t WHERE t.stage <> 'DONE' GROUP BY t.unit_id ORDER BY t.unit_id",
                rs -> {
                    String unit = rs.getString(1);
                    if (user.canSeeUnit(unit)) {
                        out.put(unit, rs.getInt(2));
                    }
                });
        return out;
    }

    // ---- deciding ----

    /**
     * Takes a decision. {@code expectedVersion} is the version the reviewer saw; if someone decided in between, the
     * decision is refused (CONFLICT) instead of applied twice.
     */
    public ReviewTask decide(ConsoleUser user, String taskId, Decision decision, String opinion, int expectedVersion) {
        String text = opinion == null ? "" : opinion.strip();
        if (text.isEmpty()) {
            throw new ReviewException(ReviewException.Kind.INVALID, "请填写审核意见");
        }
        if (text.length() > MAX_OPINION) {
            throw new ReviewException(ReviewException.Kind.INVALID, "审核意见不得超过" + MAX_OPINION + "字");
        }
        return tx.execute(status -> {
            ReviewTask t = task(user, taskId);
            jdbc.queryForObject("SELECT version FROM review_task WHERE id = ? FOR UPDATE", Integer.class, taskId);
            t = find(taskId).orElseThrow();
            if (t.version() != expectedVersion) {
                throw new ReviewException(ReviewException.Kind.CONFLICT, "该事项已由他人处理，请刷新后查看");
            }
            if (!t.open()) {
                throw new ReviewException(ReviewException.Kind.CONFLICT, "该事项已办结");
            }
            if (!allowedDecisions(user, t).contains(decision)) {
                throw new ReviewException(ReviewException.Kind.FORBIDDEN, "您不能在" + t.stage().chineseName() + "作出"
                        + decision.chineseName() + "决定");
            }
            Instant now = Instant.now();
            Transition next = transition(t, decision);
            jdbc.update("INSERT INTO review_decision (task_id, stage, decision, opinion, reviewer_id, reviewer_name, decided_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)", taskId, t.stage().name(), decision.name(), text, user.id(),
                    user.displayName(), Timestamp.from(now));
            jdbc.update("UPDATE review_task SET stage = ?, current_level = ?, required_level = ?, needs_bureau = ?,"
                            + " bureau_state = ?, state = ?, decided_at = ?, published_at = ?, taken_down_at = ?,"
                            + " version = version + 1 WHERE id = ?",
                    next.stage().name(), next.currentLevel(), next.requiredLevel(), next.needsBureau(), next.bureauState(),
                    next.state(), next.stage() == Stage.DONE ? Timestamp.from(now) : null,
                    "APPROVED".equals(next.state()) ? publishedAt(t, now) : null,
                    "TAKEN_DOWN".equals(next.state()) ? Timestamp.from(now) : null, taskId);
            if (t.stage().ledgered()) {
                ensureLedgerEntry(taskId, now);
            }
            trail.append(user.username(), "DECISION", "task:" + taskId, t.stage().name() + " " + decision.name() + " → "
                    + next.stage().name() + "/" + next.state() + "; opinion: " + text);
            return find(taskId).orElseThrow();
        });
    }

    private Timestamp publishedAt(ReviewTask t, Instant now) {
        if ("DRAFT".equals(t.itemKind())) {
            return Timestamp.from(now);
        }
        return jdbc.queryForObject("SELECT first_seen_at FROM page WHERE id = ?", Timestamp.class, t.pageId());
    }

    record Transition(Stage stage, int currentLevel, int requiredLevel, boolean needsBureau, String bureauState, String state) {
    }

    /** Where a decision takes a task. Package-private for tests of the chain itself. */
    static Transition transition(ReviewTask t, Decision d) {
        int level = t.stage().levelNumber();
        int required = t.requiredLevel();
        boolean bureau = t.needsBureau();
        String bureauState = t.bureauState();
        if (t.stage() == Stage.BUREAU) {
            return switch (d) {
                case APPROVE -> new Transition(Stage.DONE, 4, required, true, "APPROVED", "APPROVED");
                case AMEND -> new Transition(Stage.DONE, 4, required, true, "AMEND", "AMEND");
                case TAKE_DOWN -> new Transition(Stage.DONE, 4, required, true, "TAKEN_DOWN", "TAKEN_DOWN");
                case ESCALATE -> throw new ReviewException(ReviewException.Kind.INVALID, "区保密局审核不能再上报");
            };
        }
        return switch (d) {
            case AMEND -> new Transition(Stage.DONE, level, required, bureau, bureauState, "AMEND");
            case TAKE_DOWN -> new Transition(Stage.DONE, level, required, bureau, bureauState, "TAKEN_DOWN");
            case ESCALATE -> level < 4
                    ? new Transition(Stage.level(level + 1), level + 1, Math.max(required, level + 1), bureau, bureauState, "OPEN")
                    : new Transition(Stage.BUREAU, 4, required, true, "PENDING", "OPEN");
            case APPROVE -> {
                if (level < required) {
                    yield new Transition(Stage.level(level + 1), level + 1, required, bureau, bureauState, "OPEN");
                }
                if (bureau && !"APPROVED".equals(bureauState)) {
                    yield new Transition(Stage.BUREAU, level, required, true, "PENDING", "OPEN");
                }
                yield new Transition(Stage.DONE, level, required, bureau, bureauState, "APPROVED");
            }
        };
    }

    private void ensureLedgerEntry(String taskId, Instant now) {
        Integer exists = jdbc.queryForObject("SELECT COUNT(*) FROM ledger_entry WHERE task_id = ?", Integer.class, taskId);
        if (exists != null && exists > 0) {
            return;
        }
        jdbc.update("INSERT INTO ledger_entry (number, task_id, created_at) VALUES (?, ?, ?)",
                nextLedgerNumber(now.atZone(BEIJING).getYear()), taskId, Timestamp.from(now));
    }

    /**
     * The next number of a year's ledger, SP-YYYY-NNNNNN from 000001 each year, taken in the caller's transaction: the
     * year's counter row stays locked until it commits, so concurrent decisions get consecutive numbers, and a rolled
     * back decision gives its number back.
     */
    String nextLedgerNumber(int year) {
        jdbc.update("INSERT INTO ledger_counter (ledger_year, last_number) VALUES (?, 0) ON CONFLICT DO NOTHING", year);
        jdbc.update("UPDATE ledger_counter SET last_number = last_number + 1 WHERE ledger_year = ?", year);
        Long n = jdbc.queryForObject("SELECT last_number FROM ledger_counter WHERE ledger_year = ?", Long.class, year);
        return String.format("SP-%d-%06d", year, n);
    }

    /** The ledger number of a task, if it has one. */
    public Optional<String> ledgerNumber(String taskId) {
        List<String> n = jdbc.queryForList("SELECT number FROM ledger_entry WHERE task_id = ?", String.class, taskId);
        return n.stream().findFirst();
    }

    /** The categories of the task's findings, most frequent first. */
    public List<String> categories(String snapshotId) {
        return jdbc.queryForList("SELECT category FROM finding WHERE snapshot_id = ? GROUP BY category ORDER BY COUNT(*) DESC,"
                + " category", String.class, snapshotId).stream().collect(Collectors.toList());
    }
}
