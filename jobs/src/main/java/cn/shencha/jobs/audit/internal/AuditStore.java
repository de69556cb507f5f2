package cn.shencha.jobs.audit.internal;

import cn.shencha.jobs.audit.CrawledPage;
import cn.shencha.rules.Analysis;
import cn.shencha.rules.Category;
import cn.shencha.rules.Finding;
import cn.shencha.readers.crawl.CrawlFrontier;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** The audit job's reads and writes of sites, pages, snapshots, findings and review tasks. */
public final class AuditStore {

    /** What is known of a page from earlier runs, for conditional requests and change detection. */
    public record PageState(String lastSnapshotId, String etag, String lastModified, String lastTextSha256, String lastLinks) {
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
        List<PageState> rows = jdbc.query("SELECT p.last_snapshot_id, p.etag, p.last_modified, s.text_sha256, s.links"
                        + " FROM page p LEFT JOIN snapshot s ON s.id = p.last_snapshot_id WHERE p.id = ?",
                (rs, i) -> new PageState(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
                pageId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Stores a fetched page: the page row, and the snapshot when it is new. */
    public void savePage(String siteId, long runId, CrawledPage page) {
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
                jdbc.update("INSERT INTO snapshot (id, page_id, first_run_id, fetched_at, http_status, content_type, charset, bytes,"
                                + " body_sha256, text_sha256, title, text, links) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        page.snapshotId(), page.pageId(), runId, fetched, page.httpStatus(), page.contentType(), page.charset(),
                        page.bytes(), page.bodySha256(), page.textSha256(), truncate(page.title(), 2000), page.text(),
                        String.join("\n", page.links()));
            }
        }
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
        jdbc.update("UPDATE snapshot SET analyzed_at = ?, importance = ?, importance_reasons = ?, labels = ? WHERE id = ?",
                now, analysis.importance().name(), String.join("\n", analysis.importanceReasons()), labels, snapshotId);
    }

    public static Timestamp now() {
        return Timestamp.from(Instant.now());
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
