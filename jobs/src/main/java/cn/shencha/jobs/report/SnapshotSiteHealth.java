package cn.shencha.jobs.report;

import cn.shencha.writers.report.HealthStatus;
import cn.shencha.writers.report.SiteHealthIndicator;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The site-health indicators the stored snapshots answer: whether each site's home page changed in the last two
 * weeks (a new snapshot of the start URL), and whether each new-media feed published in the last two weeks and in the
 * report's week (from its items' dates). Whether a post is original cannot be told from a feed, so a week with posts
 * leaves that indicator 未检测; a week without any post fails it.
 */
@Component
@Order(100)
public class SnapshotSiteHealth implements SiteHealthSource {

    static final Duration TWO_WEEKS = Duration.ofDays(14);
    /** How far back feed items are read to find a feed's latest post. */
    static final Duration WINDOW = Duration.ofDays(60);
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private final JdbcTemplate jdbc;

    public SnapshotSiteHealth(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<SiteHealthCheck, SiteHealthIndicator> measure(Instant weekStart, Instant asOf) {
        Map<SiteHealthCheck, SiteHealthIndicator> out = new EnumMap<>(SiteHealthCheck.class);
        SiteHealthIndicator home = homePages(asOf);
        if (home != null) {
            out.put(SiteHealthCheck.HOME_PAGE_UPDATED, home);
        }
        feeds(weekStart, asOf, out);
        return out;
    }

    private SiteHealthIndicator homePages(Instant asOf) {
        Timestamp at = Timestamp.from(asOf);
        List<String> figures = new ArrayList<>();
        boolean red = false;
        List<Map<String, Object>> sites = jdbc.queryForList("SELECT name, base_url FROM shencha_site ORDER BY name, id");
        for (Map<String, Object> site : sites) {
            String url = (String) site.get("base_url");
            // The home page's id is the hash of its URL (ADR 1); its last reading is page.last_fetched_at, capped at
            // the moment judged (for a past week: it was read on at least until then).
            String home = "SELECT p.id, p.last_fetched_at AS last_read,"
                    + " (SELECT MAX(s.fetched_at) FROM snapshot s WHERE s.page_id = p.id AND s.fetched_at < ?) AS last_change"
                    + " FROM page p WHERE ";
            List<Map<String, Object>> page = jdbc.queryForList(home + "p.id = ?", at, cn.shencha.readers.crawl.CrawlFrontier.sha256(url));
            if (page.isEmpty()) {
                page = jdbc.queryForList(home + "p.url = ?", at, url);
            }
            if (page.isEmpty() || page.get(0).get("last_read") == null || page.get(0).get("last_change") == null) {
                continue;
            }
            Instant lastRead = instant(page.get(0).get("last_read"));
            lastRead = lastRead.isAfter(asOf) ? asOf : lastRead;
            Instant lastChange = instant(page.get(0).get("last_change"));
            long days = Duration.between(lastChange, asOf).toDays();
            // Stale when readings two weeks apart or more saw the same content (the first reading made a snapshot, so
            // a home page read for less than two weeks is never stale).
            boolean stale = Duration.between(lastChange, lastRead).compareTo(TWO_WEEKS) >= 0;
            red |= stale;
            figures.add(site.get("name") + "：最近更新 " + day(lastChange) + "（" + days + " 天前）" + (stale ? "，两周未更新" : ""));
        }
        if (figures.isEmpty()) {
            return null;
        }
        return new SiteHealthIndicator(SiteHealthCheck.HOME_PAGE_UPDATED.chineseName(), SiteHealthCheck.HOME_PAGE_UPDATED.requirement(),
                red ? HealthStatus.RED : HealthStatus.GREEN, String.join("；", figures));
    }

    private void feeds(Instant weekStart, Instant asOf, Map<SiteHealthCheck, SiteHealthIndicator> out) {
        // The feeds: those the crawl reads, and those items were read from in the window; the items of the window
        // (stored in the 60 days before the moment judged) tell when each last published.
        Map<String, List<Instant>> posts = new java.util.TreeMap<>();
        for (String feed : jdbc.queryForList("SELECT url FROM crawl_source WHERE kind = 'FEED'", String.class)) {
            posts.put(feed, new ArrayList<>());
        }
        jdbc.query("SELECT source_url, published_at FROM snapshot WHERE fetched_at >= ? AND fetched_at < ? AND source_url IS NOT NULL",
                (org.springframework.jdbc.core.RowCallbackHandler) rs -> {
                    List<Instant> list = posts.computeIfAbsent(rs.getString(1), k -> new ArrayList<>());
                    Instant t = parse(rs.getString(2));
                    if (t != null && !t.isAfter(asOf)) {
                        list.add(t);
                    }
                }, Timestamp.from(asOf.minus(WINDOW)), Timestamp.from(asOf));
        if (posts.isEmpty()) {
            return;
        }
        List<String> updated = new ArrayList<>();
        List<String> original = new ArrayList<>();
        boolean silent = false;
        boolean weekWithoutPost = false;
        for (Map.Entry<String, List<Instant>> feed : posts.entrySet()) {
            Instant latest = feed.getValue().stream().max(Instant::compareTo).orElse(null);
            long inWeek = feed.getValue().stream().filter(t -> !t.isBefore(weekStart)).count();
            String name = feedName(feed.getKey());
            if (latest == null) {
                silent = true;
                updated.add(name + "：" + WINDOW.toDays() + " 天内未读到发布");
            } else {
                boolean quiet = Duration.between(latest, asOf).compareTo(TWO_WEEKS) >= 0;
                silent |= quiet;
                updated.add(name + "：最近发布 " + day(latest) + "（" + Duration.between(latest, asOf).toDays() + " 天前）"
                        + (quiet ? "，两周未更新" : ""));
            }
            weekWithoutPost |= inWeek == 0;
            original.add(name + "：本周发布 " + inWeek + " 条");
        }
        out.put(SiteHealthCheck.NEW_MEDIA_UPDATED, new SiteHealthIndicator(SiteHealthCheck.NEW_MEDIA_UPDATED.chineseName(),
                SiteHealthCheck.NEW_MEDIA_UPDATED.requirement(), silent ? HealthStatus.RED : HealthStatus.GREEN, String.join("；", updated)));
        out.put(SiteHealthCheck.NEW_MEDIA_ORIGINAL, new SiteHealthIndicator(SiteHealthCheck.NEW_MEDIA_ORIGINAL.chineseName(),
                SiteHealthCheck.NEW_MEDIA_ORIGINAL.requirement(), weekWithoutPost ? HealthStatus.RED : HealthStatus.NOT_MEASURED,
                String.join("；", original) + (weekWithoutPost ? "" : "；原创与转载尚不能从订阅源区分")));
    }

    /** A feed's name as the report shows it: its file name (yunchuanfabu.xml → yunchuanfabu). */
    static String feedName(String url) {
        String path = url.replaceAll("[?#].*$", "");
        String last = path.substring(path.lastIndexOf('/') + 1);
        int dot = last.lastIndexOf('.');
        String name = dot > 0 ? last.substring(0, dot) : last;
        return name.isEmpty() ? url : name;
    }

    /** A feed item's date as stored (ISO-8601 with or without offset or time; Beijing time when none), or null. */
    static Instant parse(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = s.strip();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            // try the next form
        }
        try {
            return ZonedDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            // try the next form
        }
        try {
            return java.time.LocalDateTime.parse(t).atZone(BEIJING).toInstant();
        } catch (DateTimeParseException e) {
            // try the next form
        }
        try {
            return LocalDate.parse(t.length() >= 10 ? t.substring(0, 10) : t).atStartOfDay(BEIJING).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String day(Instant t) {
        LocalDate d = t.atZone(BEIJING).toLocalDate();
        return d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
    }

    private static Instant instant(Object v) {
        if (v instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof java.time.Instant i) {
            return i;
        }
        throw new IllegalStateException("not a time: " + v);
    }
}
