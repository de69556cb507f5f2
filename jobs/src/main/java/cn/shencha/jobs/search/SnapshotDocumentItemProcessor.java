package cn.shencha.jobs.search;

import cn.shencha.jobs.audit.AuditTarget;
import cn.shencha.rules.SearchTokenizer;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the search documents of one snapshot from the database: the page snapshot (raw text, folded text and HanLP
 * tokens, so Chinese search works on a plain Elasticsearch) and its findings.
 */
public class SnapshotDocumentItemProcessor implements ItemProcessor<String, SearchDocuments> {

    private final JdbcTemplate jdbc;
    private final long runId;
    private final AuditTarget target;
    private final java.util.function.Function<String, String> unitOfUrl;

    /** @param unitOfUrl the responsible unit's name for a page URL, used when the site names no unit of its own */
    public SnapshotDocumentItemProcessor(JdbcTemplate jdbc, long runId, AuditTarget target,
                                         java.util.function.Function<String, String> unitOfUrl) {
        this.jdbc = jdbc;
        this.runId = runId;
        this.target = target;
        this.unitOfUrl = unitOfUrl;
    }

    private String unit(String url) {
        return target.unit() != null && !target.unit().isBlank() ? target.unit() : unitOfUrl.apply(url);
    }

    @Override
    public SearchDocuments process(String snapshotId) {
        List<SearchDocuments.Document> pages = jdbc.query(
                "SELECT s.id, s.page_id, p.url, s.title, s.text, s.content_type, s.charset, s.http_status, s.fetched_at,"
                        + " s.text_sha256, s.importance, s.labels, (SELECT COUNT(*) FROM finding fi WHERE fi.snapshot_id = s.id),"
                        + " (SELECT MAX(t.state) FROM review_task t WHERE t.snapshot_id = s.id), s.main_start, s.main_end"
                        + " FROM snapshot s JOIN page p ON p.id = s.page_id WHERE s.id = ?",
                (rs, i) -> {
                    Map<String, Object> d = new LinkedHashMap<>();
                    String title = rs.getString(4) == null ? "" : rs.getString(4);
                    String text = rs.getString(5);
                    d.put("id", rs.getString(1));
                    d.put("snapshot_id", rs.getString(1));
                    d.put("page_id", rs.getString(2));
                    d.put("site", target.siteId());
                    d.put("site_name", target.name());
                    d.put("unit", unit(rs.getString(3)));
                    SearchDocuments.addPageText(d, rs.getString(3), title, text);
                    d.put("content_type", rs.getString(6));
                    d.put("charset", rs.getString(7));
                    d.put("status", rs.getInt(8));
                    d.put("fetched_at", iso(rs.getTimestamp(9)));
                    d.put("content_hash", rs.getString(10));
                    d.put("importance", rs.getString(11));
                    String labels = rs.getString(12);
                    d.put("labels", labels == null || labels.isBlank() ? List.of() : Arrays.asList(labels.split(" ")));
                    d.put("finding_count", rs.getInt(13));
                    // The route step opens a task for every snapshot with findings; a decision changes the state later.
                    String task = rs.getString(14);
                    d.put("review_state", task != null ? task : rs.getInt(13) > 0 ? "OPEN" : "NONE");
                    // The article body within the text (stored, not indexed): highlights come from it first.
                    int mainStart = rs.getInt(15);
                    if (!rs.wasNull()) {
                        d.put("main_start", mainStart);
                        d.put("main_end", rs.getInt(16));
                    }
                    d.put("run_id", Long.toString(runId));
                    return new SearchDocuments.Document(rs.getString(1), d);
                }, snapshotId);
        if (pages.isEmpty()) {
            return null;
        }
        SearchDocuments.Document page = pages.get(0);
        List<SearchDocuments.Document> findings = new ArrayList<>(jdbc.query(
                "SELECT fi.id, fi.category, fi.rule_id, fi.start_offset, fi.end_offset, fi.evidence, fi.severity, fi.explanation,"
                        + " fi.created_at FROM finding fi WHERE fi.snapshot_id = ? ORDER BY fi.id",
                (rs, i) -> {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("id", rs.getString(1));
                    d.put("page_id", page.source().get("page_id"));
                    d.put("snapshot_id", snapshotId);
                    d.put("site", target.siteId());
                    d.put("unit", page.source().get("unit"));
                    d.put("url", page.source().get("url"));
                    d.put("column", page.source().get("column"));
                    d.put("title", page.source().get("title"));
                    d.put("category", rs.getString(2));
                    d.put("rule", rs.getString(3));
                    d.put("start", rs.getInt(4));
                    d.put("end", rs.getInt(5));
                    d.put("evidence", rs.getString(6));
                    d.put("evidence_tokens", SearchTokenizer.documentTokens(rs.getString(6)));
                    d.put("severity", rs.getString(7));
                    d.put("importance", page.source().get("importance"));
                    d.put("explanation", rs.getString(8));
                    d.put("found_at", iso(rs.getTimestamp(9)));
                    d.put("run_id", Long.toString(runId));
                    return new SearchDocuments.Document(rs.getString(1), d);
                }, snapshotId));
        return new SearchDocuments(page, findings);
    }

    /** The column (栏目) of a page: the first segment of its URL path, e.g. "tzgg" for /tzgg/2026/1120-01.html; "/" for the home page. */
    static String column(String url) {
        try {
            String path = java.net.URI.create(url).getPath();
            if (path == null || path.isEmpty() || path.equals("/")) {
                return "/";
            }
            String[] parts = path.substring(1).split("/");
            return parts.length == 1 && parts[0].contains(".") ? "/" : parts[0];
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String iso(Timestamp t) {
        return t == null ? null : t.toInstant().toString();
    }
}
