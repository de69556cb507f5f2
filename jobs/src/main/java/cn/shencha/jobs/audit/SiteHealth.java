package cn.shencha.jobs.audit;

import cn.shencha.jobs.config.ShenchaProperties;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run's site health (issue 4 item 6), computed from what the crawl stored and written to {@code site_health}: broken
 * links, redirect chains, stale and empty columns, whether the home page changed lately, and whether each new-media
 * feed published an original post in the last week (ch. 8 §3.2). Rewritten whole for the run each time, so a restarted
 * step writes the same rows.
 */
public final class SiteHealth {

    public static final String BROKEN_LINK = "BROKEN_LINK";
    public static final String REDIRECT_CHAIN = "REDIRECT_CHAIN";
    public static final String COLUMN = "COLUMN";
    public static final String HOME = "HOME";
    public static final String FEED = "FEED";

    /** Dates as portals print them: 2026-11-20, 2026/11/20, 2026.11.20, 2026年11月20日. */
    private static final Pattern DATE = Pattern.compile("(?<!\\d)((?:19|20)\\d{2})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})(?!\\d)");
    /** Column index pages: a directory, or an index/list page. */
    private static final Pattern INDEX_PATH = Pattern.compile(
            ".*/(?:(?:index|list|default)[^/]*\\.(?:s?html?|jhtml|jsp|php|aspx?))?$", Pattern.CASE_INSENSITIVE);

    private SiteHealth() {
    }

    /** Computes the run's health and replaces its rows in {@code site_health}. */
    public static void compute(JdbcTemplate jdbc, long runId, AuditTarget target, ShenchaProperties.Health settings,
                               Instant now) {
        ZoneId zone = ZoneId.of(settings.zone());
        LocalDate today = now.atZone(zone).toLocalDate();
        Timestamp at = Timestamp.from(now);
        List<Object[]> rows = new ArrayList<>();

        // broken links: fetched and failed without usable content (no response, an error status, a redirect failure)
        jdbc.query("SELECT parent_url, url, http_status, error FROM crawl_frontier WHERE run_id = ? AND state = 'FAILED'"
                + " AND (http_status IS NULL OR http_status >= 300) ORDER BY id", rs -> {
            String source = rs.getString(1);
            int status = rs.getInt(3);
            Integer code = rs.wasNull() ? null : status;
            rows.add(row(runId, target, BROKEN_LINK, "BROKEN", source == null ? rs.getString(2) : source, rs.getString(2), code,
                    null, null, null, null, null, rs.getString(4), at));
        }, runId);

        // redirect chains
        jdbc.query("SELECT url, final_url, redirects, http_status, state, error FROM crawl_frontier WHERE run_id = ?"
                + " AND redirects IS NOT NULL ORDER BY id", rs -> {
            List<String> hops = lines(rs.getString(3));
            int status = rs.getInt(4);
            Integer code = rs.wasNull() ? null : status;
            String chain = rs.getString(1) + " → " + String.join(" → ", hops);
            String error = rs.getString(6);
            rows.add(row(runId, target, REDIRECT_CHAIN, "REDIRECT", rs.getString(1), hops.get(hops.size() - 1), code,
                    null, null, null, hops.size(), null, truncate(chain + (error == null ? "" : " (" + error + ")"), 4000), at));
        }, runId);

        // the home page and the column index pages, from the run's HTML snapshots
        String home = target.startUrl().toString();
        List<Object[]> homes = new ArrayList<>();
        jdbc.query("SELECT f.final_url, s.title, s.text, s.fetched_at FROM crawl_frontier f JOIN snapshot s ON s.id = f.snapshot_id"
                + " WHERE f.run_id = ? AND (f.source IS NULL OR f.source = 'PAGE') AND s.content_type LIKE '%html%'"
                + " ORDER BY f.id", rs -> {
            String url = rs.getString(1);
            String title = rs.getString(2);
            String text = rs.getString(3);
            Instant changed = rs.getTimestamp(4).toInstant();
            if (isHome(url, home)) {
                long maxDays = settings.homeMaxAge().toDays();
                boolean stale = changed.plus(settings.homeMaxAge()).isBefore(now);
                LocalDate newest = newestDate(text, today);
                Object[] homeRow = row(runId, target, HOME, stale ? "STALE" : "FRESH", url, null, null, title,
                        changed.atZone(zone).toLocalDate().toString(), (int) maxDays, null, null,
                        "content last changed " + changed.atZone(zone).toLocalDate() + " (as first seen by Shencha)"
                                + (newest == null ? "" : "; newest dated item " + newest), at);
                // the start URL itself, when fetched, rather than an alias of it (/index.html)
                homes.add(url.equals(home) ? 0 : homes.size(), homeRow);
            } else if (isColumnIndex(url)) {
                String name = columnName(title, url);
                ShenchaProperties.Column kind = kindOf(name, settings.columns());
                List<LocalDate> dates = dates(text, today);
                LocalDate newest = dates.stream().max(LocalDate::compareTo).orElse(null);
                String status;
                if (dates.isEmpty()) {
                    status = "EMPTY";
                } else if (kind == null) {
                    status = "UNRATED";
                } else {
                    status = newest.plusDays(kind.maxAge().toDays()).isBefore(today) ? "STALE" : "FRESH";
                }
                rows.add(row(runId, target, COLUMN, status, url, null, null, name, newest == null ? null : newest.toString(),
                        kind == null ? null : (int) kind.maxAge().toDays(), dates.size(), null,
                        kind == null ? null : kind.name(), at));
            }
        }, runId);

        if (!homes.isEmpty()) {
            rows.add(homes.get(0));
        }

        // new-media feeds: original posts in the window
        Set<String> feeds = new LinkedHashSet<>(jdbc.queryForList("SELECT final_url FROM crawl_frontier WHERE run_id = ?"
                + " AND source = 'FEED' AND state IN ('FETCHED', 'UNCHANGED') ORDER BY id", String.class, runId));
        feeds.addAll(jdbc.queryForList("SELECT DISTINCT parent_url FROM crawl_frontier WHERE run_id = ? AND source = 'FEED_ITEM'"
                + " ORDER BY parent_url", String.class, runId));
        Instant from = now.minus(settings.feedWindow());
        for (String feed : feeds) {
            if (feed == null) {
                continue;
            }
            List<Map<String, Object>> items = jdbc.queryForList("SELECT s.title, s.text, s.published_at FROM crawl_frontier f"
                    + " JOIN snapshot s ON s.id = f.snapshot_id WHERE f.run_id = ? AND f.source = 'FEED_ITEM' AND f.parent_url = ?",
                    runId, feed);
            int recent = 0;
            int originals = 0;
            Instant newest = null;
            for (Map<String, Object> item : items) {
                Instant published = parseInstant((String) item.get("published_at"), zone);
                if (published == null) {
                    continue;
                }
                if (newest == null || published.isAfter(newest)) {
                    newest = published;
                }
                if (!published.isBefore(from) && !published.isAfter(now.plus(Duration.ofDays(1)))) {
                    recent++;
                    if (!isRepost((String) item.get("title"), (String) item.get("text"), settings.repostMarkers())) {
                        originals++;
                    }
                }
            }
            boolean active = originals >= settings.feedMinOriginal();
            rows.add(row(runId, target, FEED, active ? "ACTIVE" : "INACTIVE", feed, null, null, null,
                    newest == null ? null : newest.atZone(zone).toLocalDate().toString(), (int) settings.feedWindow().toDays(),
                    recent, originals, items.size() + " items read; " + originals + " original of " + recent
                            + " in the last " + settings.feedWindow().toDays() + " days", at));
        }

        jdbc.update("DELETE FROM site_health WHERE run_id = ?", runId);
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO site_health (run_id, site_id, kind, status, url, target, http_status, name, newest,"
                    + " max_age_days, items, originals, detail, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
        }
    }

    private static Object[] row(long runId, AuditTarget target, String kind, String status, String url, String targetUrl,
                                Integer httpStatus, String name, String newest, Integer maxAgeDays, Integer items,
                                Integer originals, String detail, Timestamp at) {
        return new Object[]{runId, target.siteId(), kind, status, truncate(url == null ? "" : url, 4000),
                truncate(targetUrl, 4000), httpStatus, truncate(name, 500), newest, maxAgeDays, items, originals,
                truncate(detail, 4000), at};
    }

    static boolean isHome(String url, String start) {
        if (url.equals(start)) {
            return true;
        }
        try {
            URI u = URI.create(url);
            URI s = URI.create(start);
            String path = u.getPath() == null ? "" : u.getPath();
            return u.getHost() != null && u.getHost().equalsIgnoreCase(s.getHost()) && u.getPort() == s.getPort()
                    && (s.getPath() == null || s.getPath().isEmpty() || s.getPath().equals("/"))
                    && (path.isEmpty() || path.equals("/") || path.matches("/(index|default)\\.(s?html?|jhtml|jsp|php|aspx?)"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static boolean isColumnIndex(String url) {
        try {
            String path = URI.create(url).getPath();
            return path != null && path.length() > 1 && INDEX_PATH.matcher(path).matches();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A column's name: its title before the site name ("通知公告_云川区人民政府" → 通知公告), else the last path segment. */
    static String columnName(String title, String url) {
        if (title != null && !title.isBlank()) {
            String t = title.strip();
            for (String sep : List.of("_", "－", "—", " - ", "-", "|", "｜")) {
                int i = t.indexOf(sep);
                if (i > 0) {
                    return t.substring(0, i).strip();
                }
            }
            return t;
        }
        String path = URI.create(url).getPath();
        String[] parts = path.split("/");
        return parts.length == 0 ? path : parts[parts.length - 1];
    }

    static ShenchaProperties.Column kindOf(String name, List<ShenchaProperties.Column> kinds) {
        for (ShenchaProperties.Column k : kinds) {
            for (String w : k.words()) {
                if (name.contains(w)) {
                    return k;
                }
            }
        }
        return null;
    }

    /** The dates in a text up to tomorrow (later ones announce events, they date nothing published). */
    static List<LocalDate> dates(String text, LocalDate today) {
        List<LocalDate> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        Matcher m = DATE.matcher(text);
        while (m.find()) {
            try {
                LocalDate d = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
                if (!d.isAfter(today.plusDays(1))) {
                    out.add(d);
                }
            } catch (DateTimeException e) {
                // not a date (2026-13-45)
            }
        }
        return out;
    }

    static LocalDate newestDate(String text, LocalDate today) {
        return dates(text, today).stream().max(LocalDate::compareTo).orElse(null);
    }

    static boolean isRepost(String title, String text, List<String> markers) {
        String t = title == null ? "" : title.strip();
        String body = text == null ? "" : text.strip();
        if (!t.isEmpty() && body.startsWith(t)) {
            body = body.substring(t.length()).strip();
        }
        for (String marker : markers) {
            if (t.startsWith(marker) || body.startsWith(marker)) {
                return true;
            }
        }
        return false;
    }

    /** A feed item's date as stored: an ISO instant or offset date-time, RFC 1123, or a plain date. */
    static Instant parseInstant(String s, ZoneId zone) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String v = s.strip();
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            // next
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            // next
        }
        try {
            return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT)).toInstant();
        } catch (DateTimeParseException e) {
            // next
        }
        LocalDate d = dates(v, LocalDate.MAX.minusDays(2)).stream().findFirst().orElse(null);
        return d == null ? null : d.atStartOfDay(zone).toInstant();
    }

    private static List<String> lines(String s) {
        List<String> out = new ArrayList<>();
        for (String l : s.split("\n")) {
            if (!l.isBlank()) {
                out.add(l.strip());
            }
        }
        if (out.isEmpty()) {
            out.add("");
        }
        return out;
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
