package cn.shencha.jobs.report;

import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.jobs.review.Units;
import cn.shencha.rules.Category;
import cn.shencha.rules.Importance;
import cn.shencha.writers.report.Headline;
import cn.shencha.writers.report.HealthStatus;
import cn.shencha.writers.report.OpenItem;
import cn.shencha.writers.report.ReportInfo;
import cn.shencha.writers.report.ReportWeek;
import cn.shencha.writers.report.SiteHealthIndicator;
import cn.shencha.writers.report.UnitOpenItems;
import cn.shencha.writers.report.UnitRank;
import cn.shencha.writers.report.WeekTrend;
import cn.shencha.writers.report.WeeklyReport;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The facts of a weekly report, every one counted in the system of record (the database); nothing comes from the
 * search index. The definitions (README, "Weekly report"):
 * <ul>
 * <li>a week is an ISO week in the report zone, Monday 00:00 to the next Monday 00:00;</li>
 * <li>read: crawl-frontier rows FETCHED or UNCHANGED with their fetch time in the week, counted once per URL, split
 *     into pages, attachments (not HTML or plain text) and new-media posts (feed items); readings are the audit runs
 *     that read something in the week (a unit report shows the site's readings: each reads the whole site);</li>
 * <li>new and changed: pages with a snapshot stored in the week, new when the page was first seen in the week;</li>
 * <li>findings: rows of {@code finding} created in the week, by category and by the grade of their item (snapshot);
 *     tamper and 暗链 incidents are the pages with such findings;</li>
 * <li>decided: review tasks whose decision time falls in the week, by outcome (APPROVED, AMEND, TAKEN_DOWN);</li>
 * <li>pending at a moment: tasks created before it and not decided by then (still OPEN, or decided after it);
 *     overdue: pending with the due time before that moment; the moment is the end of the week, or the generation
 *     time for a week not yet over;</li>
 * <li>a page or finding belongs to the unit its URL belongs to ({@link Units#unitFor}); a task to its recorded unit.</li>
 * </ul>
 * Same week and same data give the same numbers.
 */
@Component
public class ReportFacts {

    /** Counts the previous week while the report's own week is counted. */
    private static final java.util.concurrent.ExecutorService BACKGROUND = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "report-facts");
        t.setDaemon(true);
        return t;
    });

    private final JdbcTemplate jdbc;
    private final Units units;
    private final ShenchaProperties properties;
    private final List<SiteHealthSource> healthSources;
    private final Clock clock;

    @org.springframework.beans.factory.annotation.Autowired
    public ReportFacts(JdbcTemplate jdbc, Units units, ShenchaProperties properties, List<SiteHealthSource> healthSources) {
        this(jdbc, units, properties, healthSources, Clock.systemUTC());
    }

    public ReportFacts(JdbcTemplate jdbc, Units units, ShenchaProperties properties, List<SiteHealthSource> healthSources,
                       Clock clock) {
        this.jdbc = jdbc;
        this.units = units;
        this.properties = properties;
        this.healthSources = List.copyOf(healthSources);
        this.clock = clock;
    }

    /** The zone weeks and days are counted in. */
    public ZoneId zone() {
        return ZoneId.of(properties.report().zone());
    }

    /** The moment pending items are counted at: the end of the week, or now for a week not yet over. */
    public Instant asOf(ReportWeek week) {
        Instant end = week.end(zone()).toInstant();
        Instant now = clock.instant();
        return now.isBefore(end) ? now : end;
    }

    /**
     * Gathers a report.
     *
     * @param unitId a unit's id for a unit report, or null for the district
     * @throws IllegalArgumentException for an unknown unit
     */
    public WeeklyReport report(ReportWeek week, String unitId) {
        Map<String, String> names = units.names();
        if (unitId != null && !names.containsKey(unitId)) {
            throw new IllegalArgumentException("no unit '" + unitId + "' (known: " + String.join(", ", names.keySet()) + ")");
        }
        ZoneId zone = zone();
        Instant start = week.start(zone).toInstant();
        Instant end = week.end(zone).toInstant();
        Instant asOf = asOf(week);
        Instant now = clock.instant();

        // The week before is counted alongside (the machine's second core), the week itself here.
        java.util.concurrent.CompletableFuture<Tally> before = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> tally(week.previous().start(zone).toInstant(), start, start), BACKGROUND);
        Tally current = tally(start, end, asOf);
        List<WeekTrend> trend = trend(week, unitId, current);
        Tally previous;
        try {
            previous = before.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }

        List<UnitOpenItems> openByUnit = new ArrayList<>();
        List<UnitRank> ranking = new ArrayList<>();
        if (unitId == null) {
            for (Map.Entry<String, String> u : names.entrySet()) {
                UnitTally t = current.units.getOrDefault(u.getKey(), new UnitTally());
                openByUnit.add(new UnitOpenItems(u.getValue(), t.open));
                long read = t.pagesRead + t.attachmentsRead;
                Double per100 = read == 0 ? null : 100.0 * t.findings / read;
                Double mean = t.decided == 0 ? null : t.decisionDays / t.decided;
                ranking.add(new UnitRank(u.getValue(), read, t.findings, per100, t.overdue, t.decided, mean));
            }
            openByUnit.sort(Comparator.comparingLong(UnitOpenItems::total).reversed().thenComparing(UnitOpenItems::unit));
            ranking.sort(Comparator.comparing((UnitRank r) -> r.findingsPer100Pages() == null ? -1 : r.findingsPer100Pages())
                    .reversed().thenComparing(Comparator.comparingLong(UnitRank::overdue).reversed())
                    .thenComparing(UnitRank::unit));
        }
        List<OpenItem> oldest = new ArrayList<>();
        openItems(unitId, asOf, WeeklyReport.OLDEST_LIMIT, oldest::add);
        ReportInfo info = new ReportInfo(properties.organization(), week, unitId == null ? null : names.get(unitId),
                LocalDateTime.ofInstant(now, zone), LocalDateTime.ofInstant(asOf, zone));
        return new WeeklyReport(info, current.headline(unitId), previous.headline(unitId), trend, openByUnit,
                unitId == null ? health(start, asOf) : List.of(), oldest, ranking);
    }

    /** The site-health indicators: for each check, the first source that measures it; else 未检测. */
    List<SiteHealthIndicator> health(Instant weekStart, Instant asOf) {
        Map<SiteHealthCheck, SiteHealthIndicator> found = new EnumMap<>(SiteHealthCheck.class);
        for (SiteHealthSource source : healthSources) {
            source.measure(weekStart, asOf).forEach(found::putIfAbsent);
        }
        List<SiteHealthIndicator> out = new ArrayList<>();
        for (SiteHealthCheck c : SiteHealthCheck.values()) {
            out.add(found.getOrDefault(c, new SiteHealthIndicator(c.chineseName(), c.requirement(), HealthStatus.NOT_MEASURED,
                    "本系统尚未检测此项")));
        }
        return out;
    }

    /**
     * Streams the items open at the moment, by grade (特级 first) then age (oldest first), at most {@code limit}
     * (0: all), for the report's list and the Excel sheet.
     */
    public void openItems(String unitId, Instant asOf, int limit, Consumer<OpenItem> sink) {
        Map<String, String> names = units.names();
        Timestamp at = Timestamp.from(asOf);
        // Order and cut the open tasks first, then join the few kept with their snapshots and pages. The tasks open
        // at the moment are those still open and those decided since: two selects, so that each uses its index (as
        // the counts do) instead of a scan of every task ever created.
        // A task decided since the moment waited, at that moment, where its next decision was taken.
        String unitFilter = unitId == null ? "" : " AND t.unit_id = ?";
        String columns = "t.id, t.importance, t.unit_id, t.stage, t.created_at, t.due_at, t.state, t.snapshot_id, t.page_id,"
                + " CASE t.importance WHEN 'SPECIAL' THEN 0 WHEN 'IMPORTANT' THEN 1 ELSE 2 END AS rank";
        String sql = "SELECT t.id, t.importance, t.unit_id, CASE WHEN t.state = 'OPEN' THEN t.stage ELSE"
                + " (SELECT d.stage FROM review_decision d WHERE d.task_id = t.id AND d.decided_at >= ?"
                + "   ORDER BY d.decided_at, d.id FETCH FIRST 1 ROWS ONLY) END, t.created_at, t.due_at, s.title, p.url FROM"
                + " (SELECT * FROM (SELECT " + columns + " FROM review_task t WHERE t.state = 'OPEN' AND t.created_at < ?"
                + unitFilter
                + "   UNION ALL SELECT " + columns + " FROM review_task t WHERE t.decided_at >= ? AND t.state <> 'OPEN'"
                + "   AND t.created_at < ?" + unitFilter + ") o"
                + "   ORDER BY o.rank, o.created_at, o.id" + (limit > 0 ? " FETCH FIRST " + limit + " ROWS ONLY" : "") + ") t"
                + " JOIN snapshot s ON s.id = t.snapshot_id JOIN page p ON p.id = t.page_id"
                + " ORDER BY t.rank, t.created_at, t.id";
        List<Object> args = new ArrayList<>(List.of(at, at));
        if (unitId != null) {
            args.add(unitId);
        }
        args.add(at);
        args.add(at);
        if (unitId != null) {
            args.add(unitId);
        }
        String base = consoleUrl();
        jdbc.query(con -> {
            var ps = con.prepareStatement(sql);
            ps.setFetchSize(500);
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            return ps;
        }, (RowCallbackHandler) rs -> {
            String id = rs.getString(1);
            Instant created = rs.getTimestamp(5).toInstant();
            Instant due = rs.getTimestamp(6).toInstant();
            String stage = rs.getString(4);
            String title = rs.getString(7);
            String url = rs.getString(8);
            String unit = unitName(rs.getString(3));
            sink.accept(new OpenItem(id, grade(rs.getString(2)), names.getOrDefault(unit, unit),
                    title == null || title.isBlank() ? url : title, url, Duration.between(created, asOf).toDays(),
                    stageName(stage), due.isBefore(asOf), base + "/review/" + id));
        });
    }

    private String unitName(String unitId) {
        return unitId == null ? units.districtId() : unitId;
    }

    /** The console's base URL for links: shencha.report.console-url, else the console's own address and port. */
    String consoleUrl() {
        String configured = properties.report().consoleUrl();
        if (configured != null && !configured.isBlank()) {
            return configured.replaceAll("/+$", "");
        }
        return "http://" + properties.console().address() + ":" + properties.console().port();
    }

    static String stageName(String stage) {
        if (stage == null) {
            return "";
        }
        return switch (stage) {
            case "L1" -> "一级审核（信息员）";
            case "L2" -> "二级审核（分管领导）";
            case "L3" -> "三级审核（主要负责人）";
            case "L4" -> "四级审核（区政府领导）";
            case "BUREAU" -> "区保密局审核";
            case "DONE" -> "已办结";
            default -> stage;
        };
    }

    private static Importance grade(String s) {
        if (s == null) {
            return Importance.GENERAL;
        }
        try {
            return Importance.valueOf(s);
        } catch (IllegalArgumentException e) {
            return Importance.GENERAL;
        }
    }

    // ---- the counts of one week ----

    /** What one week counted, for the district and per unit. */
    private final class Tally {
        final Map<String, UnitTally> units = new HashMap<>();
        final UnitTally district = new UnitTally();
        long readings;

        UnitTally unit(String id) {
            return units.computeIfAbsent(id, k -> new UnitTally());
        }

        Headline headline(String unitId) {
            UnitTally t = unitId == null ? district : units.getOrDefault(unitId, new UnitTally());
            long pending = t.open.values().stream().mapToLong(Long::longValue).sum();
            return new Headline(readings, t.pagesRead, t.attachmentsRead, t.feedItemsRead, t.newPages, t.changedPages,
                    t.byCategory, t.byGrade, t.approved, t.amended, t.takenDown, pending, t.overdue, t.tamperPages.size(),
                    t.hiddenLinkPages.size());
        }
    }

    private static final class UnitTally {
        long pagesRead;
        long attachmentsRead;
        long feedItemsRead;
        long newPages;
        long changedPages;
        long findings;
        final Map<Category, Long> byCategory = new EnumMap<>(Category.class);
        final Map<Importance, Long> byGrade = new EnumMap<>(Importance.class);
        final Set<String> tamperPages = new HashSet<>();
        final Set<String> hiddenLinkPages = new HashSet<>();
        long approved;
        long amended;
        long takenDown;
        long decided;
        double decisionDays;
        final Map<Importance, Long> open = new EnumMap<>(Importance.class);
        long overdue;
    }

    private Tally tally(Instant from, Instant to, Instant asOf) {
        Tally tally = new Tally();
        Timestamp f = Timestamp.from(from);
        Timestamp t = Timestamp.from(to);
        // Readings: the audit runs that read something in the week (a reading reads the whole site, so a unit's
        // readings are the site's).
        Long runs = jdbc.queryForObject("SELECT COUNT(DISTINCT run_id) FROM crawl_frontier WHERE fetched_at >= ? AND fetched_at < ?"
                + " AND state IN ('FETCHED', 'UNCHANGED')", Long.class, f, t);
        tally.readings = runs == null ? 0 : runs;
        // Read: every URL once per kind (the database folds the readings); the unit from the URL.
        Set<String> seen = new HashSet<>();
        jdbc.query("SELECT DISTINCT COALESCE(final_url, url), source, content_type FROM crawl_frontier"
                + " WHERE fetched_at >= ? AND fetched_at < ? AND state IN ('FETCHED', 'UNCHANGED')"
                + " AND (source IS NULL OR source IN ('PAGE', 'FEED_ITEM'))", (RowCallbackHandler) rs -> {
            String url = rs.getString(1);
            String kind = "FEED_ITEM".equals(rs.getString(2)) ? "F" : attachment(rs.getString(3)) ? "A" : "P";
            if (seen.add(kind + url)) {
                UnitTally u = tally.unit(units.unitFor(url));
                for (UnitTally x : List.of(tally.district, u)) {
                    switch (kind) {
                        case "F" -> x.feedItemsRead++;
                        case "A" -> x.attachmentsRead++;
                        default -> x.pagesRead++;
                    }
                }
            }
        }, f, t);
        // New and changed: pages with a snapshot stored in the week.
        jdbc.query("SELECT DISTINCT p.id, p.url, CASE WHEN p.first_seen_at >= ? THEN 1 ELSE 0 END FROM snapshot s"
                + " JOIN page p ON p.id = s.page_id WHERE s.fetched_at >= ? AND s.fetched_at < ?", (RowCallbackHandler) rs -> {
            UnitTally u = tally.unit(units.unitFor(rs.getString(2)));
            boolean isNew = rs.getInt(3) == 1;
            for (UnitTally x : List.of(tally.district, u)) {
                if (isNew) {
                    x.newPages++;
                } else {
                    x.changedPages++;
                }
            }
        }, f, f, t);
        // Findings: by category, and by the grade of their item and the unit of their page. Counted from the finding
        // rows alone first; the few items' grades and pages' URLs are then looked up by key (joining every finding
        // row to its snapshot and page costs several times more).
        record Group(String snapshotId, String pageId, Category category, long count) {
        }
        List<Group> groups = new ArrayList<>();
        jdbc.query("SELECT f.snapshot_id, f.page_id, f.category, COUNT(*) FROM finding f WHERE f.created_at >= ? AND f.created_at < ?"
                + " GROUP BY f.snapshot_id, f.page_id, f.category", (RowCallbackHandler) rs -> groups.add(
                new Group(rs.getString(1), rs.getString(2), Category.valueOf(rs.getString(3)), rs.getLong(4))), f, t);
        Map<String, String> grades = byKey("SELECT id, importance FROM snapshot WHERE id IN ",
                groups.stream().map(Group::snapshotId).distinct().toList());
        Map<String, String> urls = byKey("SELECT id, url FROM page WHERE id IN ",
                groups.stream().map(Group::pageId).distinct().toList());
        for (Group g : groups) {
            String url = urls.getOrDefault(g.pageId(), "");
            Importance grade = grade(grades.get(g.snapshotId()));
            UnitTally u = tally.unit(units.unitFor(url));
            for (UnitTally x : List.of(tally.district, u)) {
                x.findings += g.count();
                x.byCategory.merge(g.category(), g.count(), Long::sum);
                x.byGrade.merge(grade, g.count(), Long::sum);
                if (g.category() == Category.TAMPERED) {
                    x.tamperPages.add(g.pageId());
                } else if (g.category() == Category.HIDDEN_LINK) {
                    x.hiddenLinkPages.add(g.pageId());
                }
            }
        }
        // Decided in the week.
        jdbc.query("SELECT t.unit_id, t.state, t.created_at, t.decided_at FROM review_task t"
                + " WHERE t.decided_at >= ? AND t.decided_at < ? AND t.state IN ('APPROVED', 'AMEND', 'TAKEN_DOWN')",
                (RowCallbackHandler) rs -> {
                    UnitTally u = tally.unit(unitName(rs.getString(1)));
                    double days = Duration.between(rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant()).toMinutes()
                            / (24.0 * 60);
                    String state = rs.getString(2);
                    for (UnitTally x : List.of(tally.district, u)) {
                        switch (state) {
                            case "APPROVED" -> x.approved++;
                            case "AMEND" -> x.amended++;
                            default -> x.takenDown++;
                        }
                        x.decided++;
                        x.decisionDays += days;
                    }
                }, f, t);
        // Pending and overdue at the reference moment: tasks still open, and tasks decided after it (two queries, so
        // that each can use its index: open tasks are few, and so are tasks decided after a recent moment).
        Timestamp at = Timestamp.from(asOf);
        RowCallbackHandler open = rs -> {
            UnitTally u = tally.unit(unitName(rs.getString(1)));
            Importance grade = grade(rs.getString(2));
            long n = rs.getLong(3);
            long late = rs.getLong(4);
            for (UnitTally x : List.of(tally.district, u)) {
                x.open.merge(grade, n, Long::sum);
                x.overdue += late;
            }
        };
        String counts = "SELECT t.unit_id, t.importance, COUNT(*), SUM(CASE WHEN t.due_at < ? THEN 1 ELSE 0 END) FROM review_task t";
        jdbc.query(counts + " WHERE t.state = 'OPEN' AND t.created_at < ? GROUP BY t.unit_id, t.importance", open, at, at);
        jdbc.query(counts + " WHERE t.decided_at >= ? AND t.state <> 'OPEN' AND t.created_at < ? GROUP BY t.unit_id, t.importance",
                open, at, at, at);
        return tally;
    }

    /** Two columns (key, value) of the rows whose keys are listed, looked up in batches of 500. */
    private Map<String, String> byKey(String sqlUpToIn, List<String> keys) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < keys.size(); i += 500) {
            List<String> batch = keys.subList(i, Math.min(keys.size(), i + 500));
            String marks = String.join(", ", java.util.Collections.nCopies(batch.size(), "?"));
            jdbc.query(sqlUpToIn + "(" + marks + ")", (RowCallbackHandler) rs -> out.put(rs.getString(1), rs.getString(2)),
                    batch.toArray());
        }
        return out;
    }

    /** Findings by category in the 12 weeks ending with the report's week; the last point is the week's own count. */
    private List<WeekTrend> trend(ReportWeek week, String unitId, Tally current) {
        ZoneId zone = zone();
        List<WeekTrend> out = new ArrayList<>();
        for (int i = WeeklyReport.TREND_WEEKS - 1; i >= 1; i--) {
            ReportWeek w = week.minusWeeks(i);
            Timestamp f = Timestamp.from(w.start(zone).toInstant());
            Timestamp t = Timestamp.from(w.end(zone).toInstant());
            Map<Category, Long> counts = new EnumMap<>(Category.class);
            if (unitId == null) {
                jdbc.query("SELECT category, COUNT(*) FROM finding WHERE created_at >= ? AND created_at < ? GROUP BY category",
                        (RowCallbackHandler) rs -> counts.merge(Category.valueOf(rs.getString(1)), rs.getLong(2), Long::sum), f, t);
            } else {
                jdbc.query("SELECT p.url, f.category, COUNT(*) FROM finding f JOIN page p ON p.id = f.page_id"
                        + " WHERE f.created_at >= ? AND f.created_at < ? GROUP BY p.url, f.category", (RowCallbackHandler) rs -> {
                    if (unitId.equals(units.unitFor(rs.getString(1)))) {
                        counts.merge(Category.valueOf(rs.getString(2)), rs.getLong(3), Long::sum);
                    }
                }, f, t);
            }
            out.add(new WeekTrend(w, counts));
        }
        UnitTally self = unitId == null ? current.district : current.units.getOrDefault(unitId, new UnitTally());
        out.add(new WeekTrend(week, self.byCategory));
        return out;
    }

    /** Whether a content type is an attachment's (not HTML, XHTML or plain text), as the route step decides. */
    static boolean attachment(String contentType) {
        if (contentType == null) {
            return false;
        }
        String c = contentType.toLowerCase(java.util.Locale.ROOT);
        return !(c.startsWith("text/html") || c.startsWith("application/xhtml") || c.startsWith("text/plain"));
    }

    /** A database time value as an instant (H2 gives OffsetDateTime, PostgreSQL Timestamp). */
    static Instant instant(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof Instant i) {
            return i;
        }
        throw new IllegalStateException("not a time: " + v.getClass());
    }

    /** Unit id to name, district first. */
    Map<String, String> unitNames() {
        return new LinkedHashMap<>(units.names());
    }
}
