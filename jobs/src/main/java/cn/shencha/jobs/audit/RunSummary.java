package cn.shencha.jobs.audit;

import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code run-summary.json}: what one audit run did, read back from the database. The format is stable and documented
 * in the README (format {@code shencha-run-summary/1}); add fields, never rename or remove them.
 */
public final class RunSummary {

    public static final String FORMAT = "shencha-run-summary/1";
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private RunSummary() {
    }

    /** Builds the summary of a run. */
    public static Map<String, Object> build(JdbcTemplate jdbc, long runId, long jobExecutionId, String status,
                                            AuditTarget target, Instant startedAt, Instant endedAt) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("runId", runId);
        root.put("jobExecutionId", jobExecutionId);
        root.put("status", status);
        Map<String, Object> site = new LinkedHashMap<>();
        site.put("id", target.siteId());
        site.put("name", target.name());
        site.put("url", target.startUrl().toString());
        root.put("site", site);
        root.put("startedAt", startedAt.toString());
        root.put("endedAt", endedAt.toString());

        List<Map<String, Object>> fetched = jdbc.query(
                "SELECT f.url, f.state, f.http_status, f.content_type, f.charset, f.bytes, f.parent_url, f.final_url, f.error,"
                        + " f.depth, s.partial_reason FROM crawl_frontier f LEFT JOIN snapshot s ON s.id = f.snapshot_id"
                        + " WHERE f.run_id = ? AND f.state IN ('FETCHED', 'UNCHANGED', 'FAILED') ORDER BY f.id",
                (rs, i) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("url", rs.getString("url"));
                    m.put("state", rs.getString("state"));
                    m.put("status", nullableInt(rs.getInt("http_status"), rs.wasNull()));
                    m.put("contentType", rs.getString("content_type"));
                    m.put("charset", rs.getString("charset"));
                    m.put("bytes", rs.getLong("bytes"));
                    m.put("parentUrl", rs.getString("parent_url"));
                    m.put("finalUrl", rs.getString("final_url"));
                    m.put("depth", rs.getInt("depth"));
                    m.put("error", rs.getString("error"));
                    String partial = rs.getString("partial_reason");
                    if (partial != null) {
                        m.put("partialReason", partial);
                    }
                    return m;
                }, runId);
        List<Map<String, Object>> notFullyAnalyzed = jdbc.query(
                "SELECT p.url, s.analysis_incomplete, s.partial_reason FROM snapshot s JOIN page p ON p.id = s.page_id"
                        + " WHERE s.analysis_incomplete IS NOT NULL AND s.id IN (SELECT f.snapshot_id FROM crawl_frontier f"
                        + " WHERE f.run_id = ? AND f.snapshot_id IS NOT NULL) ORDER BY p.url",
                (rs, i) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("url", rs.getString(1));
                    m.put("reason", rs.getString(2));
                    m.put("partialReason", rs.getString(3));
                    return m;
                }, runId);
        List<Map<String, Object>> skipped = jdbc.query(
                "SELECT url, skip_reason, parent_url FROM crawl_frontier WHERE run_id = ? AND state = 'SKIPPED' ORDER BY id",
                (rs, i) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("url", rs.getString(1));
                    m.put("reason", rs.getString(2));
                    m.put("parentUrl", rs.getString(3));
                    return m;
                }, runId);
        List<Map<String, Object>> broken = jdbc.query(
                "SELECT parent_url, url, http_status, error FROM crawl_frontier WHERE run_id = ? AND state = 'FAILED'"
                        + " AND (http_status IS NULL OR http_status >= 300) ORDER BY id",
                (rs, i) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("source", rs.getString(1));
                    m.put("target", rs.getString(2));
                    m.put("status", nullableInt(rs.getInt(3), rs.wasNull()));
                    m.put("error", rs.getString(4));
                    return m;
                }, runId);
        List<Map<String, Object>> findings = jdbc.query(
                "SELECT p.url, fi.category, fi.rule_id, fi.evidence, fi.start_offset, fi.end_offset, fi.severity, s.importance,"
                        + " fi.explanation FROM finding fi JOIN snapshot s ON s.id = fi.snapshot_id JOIN page p ON p.id = fi.page_id"
                        + " WHERE fi.snapshot_id IN (SELECT f.snapshot_id FROM crawl_frontier f WHERE f.run_id = ? AND f.snapshot_id IS NOT NULL)"
                        + " ORDER BY p.url, fi.start_offset, fi.category",
                (rs, i) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("url", rs.getString(1));
                    m.put("category", rs.getString(2));
                    m.put("rule", rs.getString(3));
                    m.put("evidence", rs.getString(4));
                    m.put("start", rs.getInt(5));
                    m.put("end", rs.getInt(6));
                    m.put("severity", rs.getString(7));
                    m.put("importance", rs.getString(8));
                    m.put("explanation", rs.getString(9));
                    return m;
                }, runId);
        List<Map<String, Object>> tasks = jdbc.query(
                "SELECT t.id, p.url, t.importance, t.required_level, t.needs_bureau, t.state, t.created_at, t.due_at"
                        + " FROM review_task t JOIN page p ON p.id = t.page_id WHERE t.run_id = ? ORDER BY p.url",
                (rs, i) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getString(1));
                    m.put("url", rs.getString(2));
                    m.put("importance", rs.getString(3));
                    m.put("requiredLevel", rs.getInt(4));
                    m.put("needsBureau", rs.getBoolean(5));
                    m.put("state", rs.getString(6));
                    m.put("createdAt", instant(rs.getTimestamp(7)));
                    m.put("dueAt", instant(rs.getTimestamp(8)));
                    return m;
                }, runId);
        List<Map<String, Object>> spider = jdbc.query(
                "SELECT url, user_agent, http_status, final_url, error, differs, spider_only_links, spider_only_text"
                        + " FROM spider_fetch WHERE run_id = ? ORDER BY id",
                (rs, i) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("url", rs.getString(1));
                    m.put("userAgent", rs.getString(2));
                    m.put("status", nullableInt(rs.getInt(3), rs.wasNull()));
                    m.put("finalUrl", rs.getString(4));
                    m.put("error", rs.getString(5));
                    m.put("differs", rs.getBoolean(6));
                    String links = rs.getString(7);
                    m.put("spiderOnlyLinks", links == null || links.isBlank() ? List.of() : List.of(links.split("\n")));
                    m.put("spiderOnlyText", rs.getString(8));
                    return m;
                }, runId);
        List<Map<String, Object>> renders = jdbc.query(
                "SELECT url, error, differs, rendered_only_links, rendered_only_text, loaded, refused"
                        + " FROM page_render WHERE run_id = ? ORDER BY id",
                (rs, i) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("url", rs.getString(1));
                    m.put("error", rs.getString(2));
                    m.put("differs", rs.getBoolean(3));
                    String links = rs.getString(4);
                    m.put("renderedOnlyLinks", links == null || links.isBlank() ? List.of() : List.of(links.split("\n")));
                    m.put("renderedOnlyText", rs.getString(5));
                    m.put("loaded", rs.getInt(6));
                    String refused = rs.getString(7);
                    m.put("refused", refused == null || refused.isBlank() ? List.of() : List.of(refused.split("\n")));
                    return m;
                }, runId);
        Map<String, Object> health = health(jdbc, runId);
        Integer analyzed = jdbc.queryForObject("SELECT COUNT(DISTINCT snapshot_id) FROM crawl_frontier WHERE run_id = ? AND state = 'FETCHED' AND snapshot_id IS NOT NULL",
                Integer.class, runId);

        Map<String, Integer> byCategory = new TreeMap<>();
        for (Map<String, Object> f : findings) {
            byCategory.merge((String) f.get("category"), 1, Integer::sum);
        }
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("fetched", fetched.size());
        counts.put("changed", count(fetched, "state", "FETCHED"));
        counts.put("unchanged", count(fetched, "state", "UNCHANGED"));
        counts.put("failed", count(fetched, "state", "FAILED"));
        counts.put("analyzed", analyzed == null ? 0 : analyzed);
        counts.put("partiallyDecoded", (int) fetched.stream().filter(m -> m.containsKey("partialReason")).count());
        counts.put("notFullyAnalyzed", notFullyAnalyzed.size());
        counts.put("skippedByRobots", count(skipped, "reason", "ROBOTS"));
        counts.put("skippedByScope", count(skipped, "reason", "SCOPE") + count(skipped, "reason", "SCHEME"));
        counts.put("skippedByLimits", count(skipped, "reason", "DEPTH") + count(skipped, "reason", "PAGE_LIMIT")
                + (int) skipped.stream().filter(m -> String.valueOf(m.get("reason")).startsWith("TRAP_")).count());
        counts.put("brokenLinks", broken.size());
        counts.put("findings", findings.size());
        counts.put("findingsByCategory", byCategory);
        counts.put("reviewTasksCreated", tasks.size());
        counts.put("redirectChains", ((List<?>) health.get("redirectChains")).size());
        counts.put("staleColumns", countStatus(health.get("columns"), "STALE"));
        counts.put("emptyColumns", countStatus(health.get("columns"), "EMPTY"));
        counts.put("inactiveFeeds", countStatus(health.get("feeds"), "INACTIVE"));
        counts.put("spiderFetched", spider.size());
        counts.put("spiderDiffering", count(spider, "differs", true));
        counts.put("rendered", renders.size());
        counts.put("renderedDiffering", count(renders, "differs", true));
        counts.put("renderFailed", (int) renders.stream().filter(m -> m.get("error") != null).count());
        root.put("counts", counts);
        root.put("fetched", fetched);
        root.put("skipped", skipped);
        root.put("brokenLinks", broken);
        root.put("findings", findings);
        root.put("notFullyAnalyzed", notFullyAnalyzed);
        root.put("reviewTasks", tasks);
        root.put("spiderFetches", spider);
        root.put("renders", renders);
        root.put("health", health);
        return root;
    }

    /** The run's site health as stored by the health step (empty lists before it ran). */
    private static Map<String, Object> health(JdbcTemplate jdbc, long runId) {
        List<Map<String, Object>> chains = new java.util.ArrayList<>();
        List<Map<String, Object>> columns = new java.util.ArrayList<>();
        List<Map<String, Object>> feeds = new java.util.ArrayList<>();
        Map<String, Object> home = null;
        for (Map<String, Object> r : jdbc.queryForList("SELECT kind, status, url, target, http_status, name, newest, max_age_days,"
                + " items, originals, detail FROM site_health WHERE run_id = ? ORDER BY id", runId)) {
            Map<String, Object> m = new LinkedHashMap<>();
            switch ((String) r.get("kind")) {
                case "REDIRECT_CHAIN" -> {
                    m.put("url", r.get("url"));
                    m.put("finalUrl", r.get("target"));
                    m.put("hops", r.get("items"));
                    m.put("status", r.get("http_status"));
                    m.put("chain", r.get("detail"));
                    chains.add(m);
                }
                case "COLUMN" -> {
                    m.put("url", r.get("url"));
                    m.put("name", r.get("name"));
                    m.put("kind", r.get("detail"));
                    m.put("status", r.get("status"));
                    m.put("newestItem", r.get("newest"));
                    m.put("datedItems", r.get("items"));
                    m.put("maxAgeDays", r.get("max_age_days"));
                    columns.add(m);
                }
                case "HOME" -> {
                    m.put("url", r.get("url"));
                    m.put("status", r.get("status"));
                    m.put("lastChanged", r.get("newest"));
                    m.put("maxAgeDays", r.get("max_age_days"));
                    m.put("detail", r.get("detail"));
                    home = m;
                }
                case "FEED" -> {
                    m.put("url", r.get("url"));
                    m.put("status", r.get("status"));
                    m.put("newestPost", r.get("newest"));
                    m.put("postsInWindow", r.get("items"));
                    m.put("originalPostsInWindow", r.get("originals"));
                    m.put("windowDays", r.get("max_age_days"));
                    feeds.add(m);
                }
                default -> {
                    // broken links are listed at the top level (brokenLinks)
                }
            }
        }
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("redirectChains", chains);
        health.put("columns", columns);
        health.put("home", home);
        health.put("feeds", feeds);
        return health;
    }

    private static int countStatus(Object rows, String status) {
        int n = 0;
        for (Object r : (List<?>) rows) {
            if (status.equals(((Map<?, ?>) r).get("status"))) {
                n++;
            }
        }
        return n;
    }

    /**
     * Writes the summary to {@code <data>/runs/<runId>/run-summary.json} and refreshes {@code <data>/run-summary.json}
     * (the latest run), each by an atomic move so a reader never sees half a file.
     *
     * @return the run's own summary file
     */
    public static Path write(Path dataDir, long runId, Map<String, Object> summary) throws IOException {
        Path runFile = dataDir.resolve("runs").resolve(Long.toString(runId)).resolve("run-summary.json");
        writeAtomically(runFile, summary);
        writeAtomically(dataDir.resolve("run-summary.json"), summary);
        return runFile;
    }

    private static void writeAtomically(Path file, Object value) throws IOException {
        cn.shencha.writers.files.PrivateFiles.directories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), ".run-summary", ".tmp");
        JSON.writeValue(tmp.toFile(), value);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Integer nullableInt(int value, boolean wasNull) {
        return wasNull ? null : value;
    }

    private static String instant(Timestamp t) {
        return t == null ? null : t.toInstant().toString();
    }

    private static int count(List<Map<String, Object>> rows, String key, Object value) {
        int n = 0;
        for (Map<String, Object> row : rows) {
            if (value.equals(row.get(key))) {
                n++;
            }
        }
        return n;
    }
}
