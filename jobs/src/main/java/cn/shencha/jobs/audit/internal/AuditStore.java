package cn.shencha.jobs.audit.internal;

import cn.shencha.archive.warc.WarcLocation;
import cn.shencha.jobs.audit.CrawledPage;
import cn.shencha.rules.Analysis;
import cn.shencha.rules.Category;
import cn.shencha.rules.Finding;
import cn.shencha.rules.HiddenRange;
import cn.shencha.readers.crawl.CrawlFrontier;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The audit job's reads and writes of sites, pages, snapshots, findings and review tasks. */
public final class AuditStore {

    /** What is known of a page from earlier runs, for conditional requests and change detection. */
    public record PageState(String lastSnapshotId, String etag, String lastModified, String lastTextSha256, String lastLinks,
                            String lastHiddenRanges, String lastContentType, Instant spiderCheckedAt, String spiderOnlyText,
                            String spiderOnlyLinks, String spiderOnlyExternal, Instant renderedAt,
                            String renderedOnlyText, String renderedOnlyLinks, String renderedOnlyExternal) {
    }

    private final JdbcTemplate jdbc;

    public AuditStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public static String pageId(String url) {
        return CrawlFrontier.sha256(url);
    }

    public static String snapshotId(String pageId, String textSha256, int httpStatus) {
        return CrawlFrontier.sha256("snapshot|" + pageId + "|" + textSha256 + "|" + httpStatus);
    }

    public static String findingId(String snapshotId, Finding f) {
        return CrawlFrontier.sha256("finding|" + snapshotId + "|" + f.category() + "|" + f.rule() + "|" + f.start() + "|" + f.end());
    }

    public static String reviewTaskId(String snapshotId) {
        return CrawlFrontier.sha256("review|" + snapshotId);
    }

    public void upsertSite(String id, String name, String baseUrl) {
        int updated = jdbc.update("UPDATE shencha_site SET name = ?, base_url = ? WHERE id = ?", name, baseUrl, id);
        if (updated == 0) {
            jdbc.update("INSERT INTO shencha_site (id, name, base_url, created_at) VALUES (?, ?, ?, ?)", id, name, baseUrl, now());
        }
    }

    public PageState pageState(String pageId) {
        List<PageState> rows = jdbc.query("SELECT p.last_snapshot_id, p.etag, p.last_modified, s.text_sha256, s.links, s.hidden_ranges,"
                        + " s.content_type, p.spider_checked_at, p.spider_only_text, p.spider_only_links, p.spider_only_external,"
                        + " p.rendered_at, p.rendered_only_text, p.rendered_only_links, p.rendered_only_external"
                        + " FROM page p LEFT JOIN snapshot s ON s.id = p.last_snapshot_id WHERE p.id = ?",
                (rs, i) -> {
                    Timestamp checked = rs.getTimestamp(8);
                    Timestamp rendered = rs.getTimestamp(12);
                    return new PageState(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), checked == null ? null : checked.toInstant(), rs.getString(9),
                            rs.getString(10), rs.getString(11), rendered == null ? null : rendered.toInstant(),
                            rs.getString(13), rs.getString(14), rs.getString(15));
                },
                pageId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Stores a fetched page: the page row, and the snapshot when it is new. */
    public void savePage(String siteId, long runId, CrawledPage page) {
        savePage(siteId, runId, page, null);
    }

    /** Records where a fetch's response record is in the WARC files (nothing when it was not captured). */
    public void saveCaptureLocation(long frontierId, WarcLocation at) {
        if (at != null) {
            jdbc.update("UPDATE crawl_frontier SET warc_file = ?, warc_offset = ? WHERE id = ?", at.file(), at.offset(),
                    frontierId);
        }
    }

    /** Records the redirect chain a fetch followed (the URLs after the first), when it followed any. */
    public void saveRedirects(long frontierId, List<java.net.URI> redirects) {
        if (!redirects.isEmpty()) {
            jdbc.update("UPDATE crawl_frontier SET redirects = ? WHERE id = ?",
                    redirects.stream().map(java.net.URI::toString).collect(Collectors.joining("\n")), frontierId);
        }
    }

    /**
     * Stores a fetched page: the page row, and the snapshot when it is new, with where its response record is in the
     * WARC files ({@code at}, or null when it was not captured).
     */
    public void savePage(String siteId, long runId, CrawledPage page, WarcLocation at) {
        Timestamp fetched = Timestamp.from(page.fetchedAt());
        int updated = jdbc.update("UPDATE page SET last_fetched_at = ?, last_snapshot_id = ?, etag = ?, last_modified = ? WHERE id = ?",
                fetched, page.snapshotId(), page.etag(), page.lastModified(), page.pageId());
        if (updated == 0) {
            jdbc.update("INSERT INTO page (id, site_id, url, first_seen_at, last_fetched_at, last_snapshot_id, etag, last_modified)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    page.pageId(), siteId, page.finalUrl(), fetched, fetched, page.snapshotId(), page.etag(), page.lastModified());
        }
        if (page.newSnapshot()) {
            Integer exists = jdbc.queryForObject("SELECT COUNT(*) FROM snapshot WHERE id = ?", Integer.class, page.snapshotId());
            if (exists == null || exists == 0) {
                String hidden = formatHiddenRanges(page.hidden());
                jdbc.update("INSERT INTO snapshot (id, page_id, first_run_id, fetched_at, http_status, content_type, charset, bytes,"
                                + " body_sha256, text_sha256, title, text, links, main_start, main_end, hidden_ranges, published_at,"
                                + " source_url, warc_file, warc_offset, partial_reason)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        page.snapshotId(), page.pageId(), runId, fetched, page.httpStatus(), page.contentType(), page.charset(),
                        page.bytes(), page.bodySha256(), page.textSha256(), truncate(page.title(), 2000), page.text(),
                        String.join("\n", page.links()), page.mainStart(), page.mainEnd(), hidden.isEmpty() ? null : hidden,
                        truncate(page.published(), 64), truncate(page.sourceUrl(), 4000), at == null ? null : at.file(),
                        at == null ? null : at.offset(), truncate(page.partialReason(), 2000));
            }
        }
    }

    /**
     * Records a spider-view fetch for the run's summary and, when it succeeded, what only the spider got as the page's
     * current spider view (replacing the last one).
     */
    public void saveSpiderCheck(String siteId, long runId, String pageId, String url, String userAgent, Integer status,
                                String finalUrl, String error, boolean ok, String onlyText, List<String> onlyLinks,
                                List<String> onlyExternal, Instant fetchedAt, WarcLocation at) {
        Timestamp when = Timestamp.from(fetchedAt);
        String links = onlyLinks == null ? null : String.join("\n", onlyLinks);
        String external = onlyExternal == null ? null : String.join("\n", onlyExternal);
        jdbc.update("INSERT INTO spider_fetch (run_id, site_id, url, page_id, user_agent, http_status, final_url, error, differs,"
                        + " spider_only_links, spider_only_text, warc_file, warc_offset, fetched_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                runId, siteId, truncate(url, 4000), pageId, truncate(userAgent, 500), status, truncate(finalUrl, 4000),
                truncate(error, 2000), onlyText != null, links, onlyText, at == null ? null : at.file(),
                at == null ? null : at.offset(), when);
        if (ok && pageId != null) {
            jdbc.update("UPDATE page SET spider_checked_at = ?, spider_only_text = ?, spider_only_links = ?,"
                    + " spider_only_external = ? WHERE id = ?", when, onlyText, links, external, pageId);
        }
    }

    /**
     * Records a rendering for the run's summary and, when it succeeded, what only the rendering showed as the page's
     * current rendered view (replacing the last one).
     */
    public void saveRenderCheck(String siteId, long runId, String pageId, String url, String error, String onlyText,
                                List<String> onlyLinks, List<String> onlyExternal, int loaded, List<String> refused,
                                Instant renderedAt) {
        Timestamp when = Timestamp.from(renderedAt);
        String links = onlyLinks == null ? null : String.join("\n", onlyLinks);
        String external = onlyExternal == null ? null : String.join("\n", onlyExternal);
        String refusedLines = refused == null || refused.isEmpty() ? null
                : truncate(String.join("\n", refused.stream().limit(200).toList()), 100_000);
        jdbc.update("INSERT INTO page_render (run_id, site_id, url, page_id, error, differs, rendered_only_links,"
                        + " rendered_only_text, loaded, refused, rendered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                runId, siteId, truncate(url, 4000), pageId, truncate(error, 2000), onlyText != null, links, onlyText, loaded,
                refusedLines, when);
        if (error == null && pageId != null) {
            jdbc.update("UPDATE page SET rendered_at = ?, rendered_only_text = ?, rendered_only_links = ?,"
                    + " rendered_only_external = ? WHERE id = ?", when, onlyText, links, external, pageId);
        }
    }

    /** The body hash a sitemap or feed had when the crawl last read it, or null when it never did. */
    public String sourceBodySha256(String url) {
        List<String> rows = jdbc.queryForList("SELECT body_sha256 FROM crawl_source WHERE id = ?", String.class, pageId(url));
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Records what a sitemap or feed was this time (kind SITEMAP or FEED, entries listed or items read). */
    public void saveSource(String siteId, String url, String kind, String bodySha256, int entries, Instant fetchedAt) {
        Timestamp at = Timestamp.from(fetchedAt);
        int updated = jdbc.update("UPDATE crawl_source SET body_sha256 = ?, entries = ?, last_fetched_at = ? WHERE id = ?",
                bodySha256, entries, at, pageId(url));
        if (updated == 0) {
            jdbc.update("INSERT INTO crawl_source (id, site_id, url, kind, body_sha256, entries, last_fetched_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)", pageId(url), siteId, truncate(url, 4000), kind, bodySha256, entries, at);
        }
    }

    /**
     * What a snapshot's article body is compared with for tamper detection: the page's last approved snapshot, else
     * its most recent earlier one. Null for a page's first snapshot.
     *
     * @param url        the page's URL
     * @param bodyStart  the new snapshot's article body in its text (the whole text when unknown)
     */
    public record TamperBaseline(String url, String baselineId, String baselineBody, int bodyStart, int bodyEnd) {
    }

    public TamperBaseline tamperBaseline(String snapshotId, String pageId, int textLength) {
        List<Object[]> current = jdbc.query("SELECT s.main_start, s.main_end, p.url FROM snapshot s JOIN page p ON p.id = s.page_id"
                + " WHERE s.id = ?", (rs, i) -> new Object[]{rs.getObject(1), rs.getObject(2), rs.getString(3)}, snapshotId);
        if (current.isEmpty()) {
            return null;
        }
        List<Object[]> baseline = jdbc.query(
                "SELECT s.id, s.text, s.main_start, s.main_end FROM snapshot s"
                        + " LEFT JOIN review_task t ON t.snapshot_id = s.id"
                        + " WHERE s.page_id = ? AND s.id <> ? AND s.http_status < 400"
                        + " ORDER BY CASE WHEN t.state = 'APPROVED' THEN 0 ELSE 1 END, s.fetched_at DESC FETCH FIRST 1 ROWS ONLY",
                (rs, i) -> new Object[]{rs.getString(1), rs.getString(2), rs.getObject(3), rs.getObject(4)}, pageId, snapshotId);
        if (baseline.isEmpty()) {
            return null;
        }
        String text = (String) baseline.get(0)[1];
        int bs = bound(baseline.get(0)[2], 0, text.length());
        int be = bound(baseline.get(0)[3], text.length(), text.length());
        int cs = bound(current.get(0)[0], 0, textLength);
        int ce = bound(current.get(0)[1], textLength, textLength);
        return new TamperBaseline((String) current.get(0)[2], (String) baseline.get(0)[0], text.substring(bs, Math.max(bs, be)),
                cs, Math.max(cs, ce));
    }

    private static int bound(Object value, int fallback, int length) {
        int v = value instanceof Number n ? n.intValue() : fallback;
        return Math.max(0, Math.min(v, length));
    }

    /** The hidden ranges stored with a snapshot (empty for snapshots without any, or from before they were kept). */
    public List<HiddenRange> hiddenRanges(String snapshotId) {
        List<String> rows = jdbc.queryForList("SELECT hidden_ranges FROM snapshot WHERE id = ?", String.class, snapshotId);
        return rows.isEmpty() ? List.of() : parseHiddenRanges(rows.get(0));
    }

    /**
     * Hidden ranges as stored in {@code snapshot.hidden_ranges}: one per line, start TAB end TAB reason TAB links TAB
     * external links (links separated by spaces; normalized URLs hold neither spaces nor tabs). Empty for none.
     */
    public static String formatHiddenRanges(List<HiddenRange> ranges) {
        StringBuilder sb = new StringBuilder();
        for (HiddenRange r : ranges == null ? List.<HiddenRange>of() : ranges) {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(r.start()).append('\t').append(r.end()).append('\t').append(clean(r.reason())).append('\t')
                    .append(r.links().stream().map(AuditStore::clean).collect(Collectors.joining(" "))).append('\t')
                    .append(r.externalLinks().stream().map(AuditStore::clean).collect(Collectors.joining(" ")));
        }
        return sb.toString();
    }

    /** Reads {@link #formatHiddenRanges}; malformed lines are skipped. */
    public static List<HiddenRange> parseHiddenRanges(String stored) {
        List<HiddenRange> out = new ArrayList<>();
        if (stored == null || stored.isBlank()) {
            return out;
        }
        for (String line : stored.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length < 3) {
                continue;
            }
            try {
                out.add(new HiddenRange(Integer.parseInt(f[0]), Integer.parseInt(f[1]), f[2],
                        f.length > 3 ? words(f[3]) : List.of(), f.length > 4 ? words(f[4]) : List.of()));
            } catch (IllegalArgumentException e) {
                // a damaged line: ignore it rather than fail the analysis
            }
        }
        return out;
    }

    private static List<String> words(String s) {
        return s.isBlank() ? List.of() : Arrays.asList(s.trim().split(" +"));
    }

    private static String clean(String s) {
        return s == null ? "" : s.replaceAll("[\\s]+", "%20");
    }

    /** Replaces a snapshot's findings with an analysis (idempotent: a restarted chunk writes the same rows). */
    public void saveAnalysis(String snapshotId, String pageId, Analysis analysis) {
        jdbc.update("DELETE FROM finding WHERE snapshot_id = ?", snapshotId);
        Timestamp now = now();
        List<Object[]> rows = analysis.findings().stream().map(f -> new Object[]{
                findingId(snapshotId, f), snapshotId, pageId, f.category().name(), f.rule(), f.start(), f.end(),
                truncate(f.text(), 4000), f.severity().name(), truncate(f.explanation(), 4000), now}).toList();
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO finding (id, snapshot_id, page_id, category, rule_id, start_offset, end_offset, evidence,"
                    + " severity, explanation, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
        }
        String labels = analysis.labels().stream().map(Category::name).collect(Collectors.joining(" "));
        jdbc.update("UPDATE snapshot SET analyzed_at = ?, importance = ?, importance_reasons = ?, labels = ?,"
                        + " analysis_incomplete = ? WHERE id = ?", now, analysis.importance().name(),
                String.join("\n", analysis.importanceReasons()), labels, truncate(analysis.incompleteReason(), 2000),
                snapshotId);
    }

    /** Why extraction kept only part of a snapshot's content, or null when it read the whole of it. */
    public String partialReason(String snapshotId) {
        List<String> rows = jdbc.queryForList("SELECT partial_reason FROM snapshot WHERE id = ?", String.class, snapshotId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    public static Timestamp now() {
        return Timestamp.from(Instant.now());
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
