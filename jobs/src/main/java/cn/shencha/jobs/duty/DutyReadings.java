package cn.shencha.jobs.duty;

import cn.shencha.jobs.audit.AuditTarget;
import cn.shencha.jobs.config.ShenchaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Service;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The duty reading log (值班读网表, ch. 6 §3.6). Every audit run is recorded as a reading: a scheduled run as the
 * reading of its slot (早/中/晚), one started by hand as an extra reading; a reading that came due and did not run is
 * recorded as missed. The reader confirms a reading with a remark ({@link #confirm}); at {@code shencha.duty.confirm-by}
 * the next morning, {@link #flagOverdue} flags the day's scheduled readings still unconfirmed (UNCONFIRMED) or missed
 * (MISSED), including due readings of the configured sites that were never recorded because Shencha was down.
 */
@Service
public class DutyReadings {

    private static final Logger log = LoggerFactory.getLogger(DutyReadings.class);
    /** How far back {@link #flagOverdue} looks for unrecorded readings. */
    static final int FLAG_LOOKBACK_DAYS = 31;
    static final int REMARK_MAX = 1000;

    private final JdbcTemplate jdbc;
    private final ShenchaProperties properties;
    private final DutyRoster roster;
    private final Clock clock;

    @org.springframework.beans.factory.annotation.Autowired
    public DutyReadings(JdbcTemplate jdbc, ShenchaProperties properties, DutyRoster roster) {
        this(jdbc, properties, roster, Clock.systemUTC());
    }

    public DutyReadings(JdbcTemplate jdbc, ShenchaProperties properties, DutyRoster roster, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.roster = roster;
        this.clock = clock;
    }

    public ZoneId zone() {
        return ZoneId.of(properties.report().zone());
    }

    // ---- recording (the scheduler and the audit command) ----

    /**
     * Records that an audit run of the site starts.
     *
     * @param dueAt when the schedule called for it, or null for a run started by hand
     * @return the reading's id
     */
    public long started(String siteId, String siteName, Instant dueAt, Instant startedAt) {
        ZonedDateTime slotTime = (dueAt != null ? dueAt : startedAt).atZone(zone());
        LocalDate day = slotTime.toLocalDate();
        Slot slot = Slot.of(slotTime.toLocalTime());
        String reader = roster.onDuty(day, slot).map(DutyRoster.Entry::reader).orElse(null);
        if (dueAt != null) {
            int updated = jdbc.update("UPDATE duty_reading SET status = 'RUNNING', started_at = ?, note = NULL, flag = NULL,"
                    + " flagged_at = NULL WHERE site_id = ? AND due_at = ?", Timestamp.from(startedAt), siteId, Timestamp.from(dueAt));
            if (updated > 0) {
                return id(siteId, dueAt);
            }
        }
        org.springframework.jdbc.support.GeneratedKeyHolder keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.update(con -> {
            var ps = con.prepareStatement("INSERT INTO duty_reading (site_id, site_name, reading_date, slot, scheduled, due_at,"
                    + " started_at, status, reader_name) VALUES (?, ?, ?, ?, ?, ?, ?, 'RUNNING', ?)", new String[]{"id"});
            ps.setString(1, siteId);
            ps.setString(2, truncate(siteName, 200));
            ps.setDate(3, Date.valueOf(day));
            ps.setString(4, slot.name());
            ps.setBoolean(5, dueAt != null);
            ps.setTimestamp(6, dueAt == null ? null : Timestamp.from(dueAt));
            ps.setTimestamp(7, Timestamp.from(startedAt));
            ps.setString(8, reader);
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    /** Records how the reading's run ended. */
    public void finished(long readingId, Long runId, boolean completed, String failure, Instant endedAt) {
        jdbc.update("UPDATE duty_reading SET run_id = ?, status = ?, ended_at = ?, note = ? WHERE id = ?", runId,
                completed ? "COMPLETED" : "FAILED", Timestamp.from(endedAt), truncate(failure, 1000), readingId);
    }

    /** Records a scheduled reading that came due and did not run (once per site and due time). */
    public void missed(String siteId, String siteName, Instant dueAt, String why) {
        ZonedDateTime t = dueAt.atZone(zone());
        Integer known = jdbc.queryForObject("SELECT COUNT(*) FROM duty_reading WHERE site_id = ? AND due_at = ?", Integer.class,
                siteId, Timestamp.from(dueAt));
        if (known != null && known > 0) {
            return;
        }
        Slot slot = Slot.of(t.toLocalTime());
        String reader = roster.onDuty(t.toLocalDate(), slot).map(DutyRoster.Entry::reader).orElse(null);
        jdbc.update("INSERT INTO duty_reading (site_id, site_name, reading_date, slot, scheduled, due_at, status, note, reader_name)"
                        + " VALUES (?, ?, ?, ?, TRUE, ?, 'MISSED', ?, ?)", siteId, truncate(siteName, 200), Date.valueOf(t.toLocalDate()),
                slot.name(), Timestamp.from(dueAt), truncate(why, 1000), reader);
    }

    // ---- the console ----

    /**
     * Today's readings (report zone): for each configured site its scheduled readings of the day (recorded, or
     * UPCOMING, or MISSED when due and not recorded), and any reading started by hand; by time.
     */
    public List<Reading> today() {
        return day(LocalDate.now(clock.withZone(zone())));
    }

    /** The readings of a day, as {@link #today()}. */
    public List<Reading> day(LocalDate day) {
        return between(day, day);
    }

    /** The readings of the days, by day and time (for the console and the printed 值班读网表). */
    public List<Reading> between(LocalDate from, LocalDate to) {
        List<Reading> out = new ArrayList<>(jdbc.query(SELECT + " WHERE r.reading_date BETWEEN ? AND ?",
                (rs, i) -> row(rs), Date.valueOf(from), Date.valueOf(to)));
        Set<String> recorded = new HashSet<>();
        for (Reading r : out) {
            if (r.dueAt() != null) {
                recorded.add(r.siteId() + "|" + r.dueAt());
            }
        }
        Instant now = clock.instant();
        for (Expected e : expected(from, to)) {
            if (recorded.contains(e.siteId + "|" + e.due)) {
                continue;
            }
            ZonedDateTime t = e.due.atZone(zone());
            Slot slot = Slot.of(t.toLocalTime());
            String reader = roster.onDuty(t.toLocalDate(), slot).map(DutyRoster.Entry::reader).orElse(null);
            boolean due = !e.due.isAfter(now);
            out.add(new Reading(null, e.siteId, e.siteName, t.toLocalDate(), slot, true, e.due, null, null,
                    due ? Reading.Status.MISSED : Reading.Status.UPCOMING, due ? "未记录到读网" : null, null, 0, 0, 0, "",
                    reader, null, null, null, null));
        }
        out.sort(Comparator.comparing(Reading::date).thenComparing(r -> r.dueAt() != null ? r.dueAt() : r.startedAt())
                .thenComparing(Reading::siteName));
        return out;
    }

    /**
     * The reader confirms a reading (ch. 6 §3.6: 做好详细处理记录).
     *
     * @param readingId the reading's id
     * @param username  the confirming user
     * @param remark    what the reader noted (required for a missed or failed reading: why, and what was done)
     * @return the reading as confirmed
     * @throws DutyException when the reading is unknown, still running, or confirmed already, or the remark is missing
     */
    public Reading confirm(long readingId, String username, String remark) {
        if (username == null || username.isBlank()) {
            throw new DutyException("确认人不能为空");
        }
        String text = remark == null ? "" : remark.strip();
        if (text.length() > REMARK_MAX) {
            throw new DutyException("备注不能超过 " + REMARK_MAX + " 个字");
        }
        Reading r = find(readingId).orElseThrow(() -> new DutyException("没有编号为 " + readingId + " 的读网记录"));
        if (r.status() == Reading.Status.RUNNING) {
            throw new DutyException("该次读网仍在进行，结束后才能确认");
        }
        if ((r.status() == Reading.Status.MISSED || r.status() == Reading.Status.FAILED) && text.isEmpty()) {
            throw new DutyException("漏读或失败的读网须在备注中说明原因及处理情况");
        }
        int updated = jdbc.update("UPDATE duty_reading SET confirmed_by = ?, confirmed_at = ?, remark = ? WHERE id = ?"
                + " AND confirmed_by IS NULL", username.strip(), Timestamp.from(clock.instant()), text, readingId);
        if (updated == 0) {
            Reading now = find(readingId).orElseThrow();
            throw new DutyException("该次读网已由 " + now.confirmedBy() + " 于 "
                    + LocalDateTime.ofInstant(now.confirmedAt(), zone()).toString().replace('T', ' ') + " 确认");
        }
        log.info("Reading {} ({} {} {}) confirmed by {}", readingId, r.siteName(), r.date(), r.slot(), username);
        return find(readingId).orElseThrow();
    }

    /** In what capacity a user may confirm a reading. */
    public enum Capacity {
        /** the roster names the user for the reading's day and slot */
        ROSTERED_READER,
        /** an administrator, not on the roster: recorded as such */
        ADMINISTRATOR
    }

    /**
     * Who may confirm the reading (ch. 6 §3: 值班人员): the reader the duty roster names for its day and slot (by
     * console user name, or — when the roster gives only a name — by the user's display name), else an administrator,
     * who is recorded as confirming as administrator. The roster has no duty leader of the day, so no one else.
     *
     * @throws DutyException with the reason in Chinese when the user may not (the console answers 403)
     */
    public Capacity mayConfirm(long readingId, String username, String displayName, boolean administrator) {
        Reading r = find(readingId).orElseThrow(() -> new DutyException("没有编号为 " + readingId + " 的读网记录"));
        java.util.Optional<DutyRoster.Entry> duty = roster.onDuty(r.date(), r.slot());
        if (duty.isPresent()) {
            DutyRoster.Entry e = duty.get();
            boolean rostered = e.username() != null ? e.username().equals(username)
                    : displayName != null && e.reader().equals(displayName.strip());
            if (rostered) {
                return Capacity.ROSTERED_READER;
            }
        }
        if (administrator) {
            return Capacity.ADMINISTRATOR;
        }
        throw new DutyException(duty.map(e -> "只有值班安排表中该次读网的值班人员（" + e.reader() + "）或系统管理员可以确认该次读网")
                .orElse("值班安排表中没有该次读网的值班人员，只有系统管理员可以确认该次读网"));
    }

    public java.util.Optional<Reading> find(long readingId) {
        return jdbc.query(SELECT + " WHERE r.id = ?", (rs, i) -> row(rs), readingId).stream().findFirst();
    }

    // ---- the morning after ----

    /**
     * Flags the scheduled readings whose confirmation time has passed ({@code confirm-by} on the day after the
     * reading): unconfirmed ones UNCONFIRMED, missed ones MISSED; first records as missed the due readings of the
     * configured sites (up to {@value #FLAG_LOOKBACK_DAYS} days back, not before the site's first recorded reading)
     * that were never recorded. Idempotent.
     *
     * @return how many readings were flagged now
     */
    public int flagOverdue() {
        Instant now = clock.instant();
        ZonedDateTime local = now.atZone(zone());
        LocalDate lastClosed = local.toLocalTime().isBefore(properties.duty().confirmBy())
                ? local.toLocalDate().minusDays(2) : local.toLocalDate().minusDays(1);
        LocalDate from = lastClosed.minusDays(FLAG_LOOKBACK_DAYS - 1);
        Map<String, LocalDate> firstDay = new java.util.HashMap<>();
        jdbc.query("SELECT site_id, MIN(reading_date) FROM duty_reading GROUP BY site_id",
                (org.springframework.jdbc.core.RowCallbackHandler) rs -> firstDay.put(rs.getString(1), rs.getDate(2).toLocalDate()));
        for (Expected e : expected(from, lastClosed)) {
            LocalDate first = firstDay.get(e.siteId);
            if (first != null && !e.due.atZone(zone()).toLocalDate().isBefore(first)) {
                missed(e.siteId, e.siteName, e.due, "审查系统未运行，未记录到读网");
            }
        }
        Timestamp at = Timestamp.from(now);
        Date last = Date.valueOf(lastClosed);
        int missed = jdbc.update("UPDATE duty_reading SET flag = 'MISSED', flagged_at = ? WHERE flag IS NULL AND scheduled = TRUE"
                + " AND status = 'MISSED' AND confirmed_by IS NULL AND reading_date <= ?", at, last);
        int unconfirmed = jdbc.update("UPDATE duty_reading SET flag = 'UNCONFIRMED', flagged_at = ? WHERE flag IS NULL"
                + " AND scheduled = TRUE AND status <> 'MISSED' AND confirmed_by IS NULL AND reading_date <= ?", at, last);
        if (missed + unconfirmed > 0) {
            log.warn("Flagged {} missed and {} unconfirmed reading(s) up to {}", missed, unconfirmed, lastClosed);
        }
        return missed + unconfirmed;
    }

    // ---- internals ----

    private record Expected(String siteId, String siteName, Instant due) {
    }

    /** The scheduled readings of the configured sites due on the days. */
    private List<Expected> expected(LocalDate from, LocalDate to) {
        List<Expected> out = new ArrayList<>();
        for (ShenchaProperties.Site site : properties.sites()) {
            AuditTarget target;
            CronExpression cron;
            try {
                target = AuditTarget.of(site, properties.crawl());
                cron = CronExpression.parse(site.schedule());
            } catch (IllegalArgumentException e) {
                continue;
            }
            ZoneId siteZone = ZoneId.of(site.zone());
            ZonedDateTime start = from.atStartOfDay(zone()).withZoneSameInstant(siteZone).minusSeconds(1);
            Instant end = to.plusDays(1).atStartOfDay(zone()).toInstant();
            for (ZonedDateTime t = cron.next(start); t != null && t.toInstant().isBefore(end); t = cron.next(t)) {
                out.add(new Expected(target.siteId(), target.name(), t.toInstant()));
                if (out.size() > 100_000) {
                    break;
                }
            }
        }
        return out;
    }

    private static final String SELECT = "SELECT r.id, r.site_id, r.site_name, r.reading_date, r.slot, r.scheduled, r.due_at,"
            + " r.started_at, r.ended_at, r.status, r.note, r.run_id, r.reader_name, r.confirmed_by, r.confirmed_at, r.remark,"
            + " r.flag FROM duty_reading r";

    private Reading row(ResultSet rs) throws SQLException {
        Long runId = rs.getObject(12) == null ? null : rs.getLong(12);
        long pages = 0;
        long changes = 0;
        long problems = 0;
        String handling = "";
        if (runId != null) {
            Map<String, Object> c = jdbc.queryForMap("SELECT"
                    + " (SELECT COUNT(*) FROM crawl_frontier WHERE run_id = ? AND state IN ('FETCHED', 'UNCHANGED')"
                    + "   AND (source IS NULL OR source IN ('PAGE', 'FEED_ITEM'))) AS pages,"
                    + " (SELECT COUNT(*) FROM crawl_frontier WHERE run_id = ? AND state = 'FETCHED' AND snapshot_id IS NOT NULL"
                    + "   AND (source IS NULL OR source IN ('PAGE', 'FEED_ITEM'))) AS changes,"
                    + " (SELECT COUNT(*) FROM finding f JOIN snapshot s ON s.id = f.snapshot_id WHERE s.first_run_id = ?) AS problems",
                    runId, runId, runId);
            pages = ((Number) c.get("pages")).longValue();
            changes = ((Number) c.get("changes")).longValue();
            problems = ((Number) c.get("problems")).longValue();
            handling = handling(runId);
        }
        String flag = rs.getString(17);
        return new Reading(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getDate(4).toLocalDate(), Slot.valueOf(rs.getString(5)),
                rs.getBoolean(6), instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8)), instant(rs.getTimestamp(9)),
                Reading.Status.valueOf(rs.getString(10)), rs.getString(11), runId, pages, changes, problems, handling,
                rs.getString(13), rs.getString(14), instant(rs.getTimestamp(15)), rs.getString(16),
                flag == null ? null : Reading.Flag.valueOf(flag));
    }

    /** 事项 3 件：待审 1，同意发布 1，撤下 1 — the review tasks the run opened, by their state now. */
    private String handling(long runId) {
        Map<String, Long> byState = new java.util.LinkedHashMap<>();
        jdbc.query("SELECT state, COUNT(*) FROM review_task WHERE run_id = ? GROUP BY state ORDER BY state",
                (org.springframework.jdbc.core.RowCallbackHandler) rs -> byState.put(rs.getString(1), rs.getLong(2)), runId);
        long total = byState.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return "";
        }
        StringJoiner parts = new StringJoiner("，");
        for (String state : List.of("OPEN", "APPROVED", "AMEND", "TAKEN_DOWN")) {
            Long n = byState.get(state);
            if (n != null && n > 0) {
                parts.add(switch (state) {
                    case "OPEN" -> "待审 ";
                    case "APPROVED" -> "同意发布 ";
                    case "AMEND" -> "退回修改 ";
                    default -> "撤下 ";
                } + n);
            }
        }
        return "事项 " + total + " 件：" + parts;
    }

    private long id(String siteId, Instant dueAt) {
        return jdbc.queryForObject("SELECT id FROM duty_reading WHERE site_id = ? AND due_at = ?", Long.class, siteId,
                Timestamp.from(dueAt));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
