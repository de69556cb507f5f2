package cn.shencha.jobs.search;

import cn.shencha.rules.SearchTokenizer;
import cn.shencha.writers.search.IndexDocument;
import cn.shencha.writers.search.RejectedDocument;
import cn.shencha.writers.search.SearchIndex;
import cn.shencha.writers.search.SearchUnavailableException;
import co.elastic.clients.elasticsearch.core.GetResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Publishes review decisions to Elasticsearch after the database committed them: each decision into the decisions
 * index, the item's ledger entry (when it has one) into the ledger index, and the item's current review state onto its
 * page snapshot, so searchers filter on what was decided. Decisions not yet published are those with
 * {@code indexed_at} NULL; when the cluster is unreachable they stay so and the next call publishes them.
 */
@Component
public class ReviewIndexer {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewIndexer.class);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.ofHours(8));

    /** What one call published. */
    public record Published(int decisions, int ledgerEntries, int pages) {
    }

    private final JdbcTemplate jdbc;
    private final SearchCluster search;

    public ReviewIndexer(JdbcTemplate jdbc, SearchCluster search) {
        this.jdbc = jdbc;
        this.search = search;
    }

    /** Publishes up to {@code max} unpublished decisions (oldest first) with their items' ledger entries and pages. */
    public synchronized Published publishPending(int max) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT d.id, d.task_id, d.stage, d.decision, d.opinion, d.reviewer_name,"
                + " d.decided_at, t.snapshot_id, t.page_id, t.site_id, COALESCE(u.name, t.unit_id) AS unit, p.url,"
                + " COALESCE(s.title, p.url) AS title, t.importance, s.labels FROM review_decision d"
                + " JOIN review_task t ON t.id = d.task_id JOIN snapshot s ON s.id = t.snapshot_id JOIN page p ON p.id = t.page_id"
                + " LEFT JOIN unit u ON u.id = t.unit_id WHERE d.indexed_at IS NULL ORDER BY d.id LIMIT ?", max);
        if (rows.isEmpty()) {
            return new Published(0, 0, 0);
        }
        List<IndexDocument> decisions = new ArrayList<>();
        Set<String> tasks = new LinkedHashSet<>();
        for (Map<String, Object> r : rows) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("id", "decision-" + r.get("id"));
            d.put("task_id", r.get("task_id"));
            d.put("snapshot_id", r.get("snapshot_id"));
            d.put("page_id", r.get("page_id"));
            d.put("site", r.get("site_id"));
            d.put("unit", r.get("unit"));
            d.put("url", r.get("url"));
            d.put("title", r.get("title"));
            d.put("title_tokens", SearchTokenizer.documentTokens((String) r.get("title")));
            putLevel(d, (String) r.get("stage"));
            d.put("reviewer", r.get("reviewer_name"));
            d.put("decision", r.get("decision"));
            d.put("opinion", r.get("opinion"));
            d.put("opinion_tokens", SearchTokenizer.documentTokens((String) r.get("opinion")));
            d.put("importance", r.get("importance"));
            d.put("categories", labels((String) r.get("labels")));
            d.put("decided_at", iso(r.get("decided_at")));
            decisions.add(new IndexDocument((String) d.get("id"), d));
            tasks.add((String) r.get("task_id"));
        }
        List<IndexDocument> ledger = new ArrayList<>();
        List<IndexDocument> pages = new ArrayList<>();
        try {
            for (String task : tasks) {
                ledgerDocument(task).ifPresent(ledger::add);
                pageWithState(task).ifPresent(pages::add);
            }
            report(SearchIndex.DECISIONS, search.bulk(SearchIndex.DECISIONS, decisions));
            if (!ledger.isEmpty()) {
                report(SearchIndex.LEDGER, search.bulk(SearchIndex.LEDGER, ledger));
            }
            if (!pages.isEmpty()) {
                report(SearchIndex.PAGES, search.bulk(SearchIndex.PAGES, pages));
            }
        } catch (SearchUnavailableException e) {
            LOG.warn("Review decisions not published yet (search cluster unavailable: {}); will retry", e.getMessage());
            return new Published(0, 0, 0);
        }
        Timestamp now = Timestamp.from(Instant.now());
        for (Map<String, Object> r : rows) {
            jdbc.update("UPDATE review_decision SET indexed_at = ? WHERE id = ?", now, r.get("id"));
        }
        return new Published(decisions.size(), ledger.size(), pages.size());
    }

    private java.util.Optional<IndexDocument> ledgerDocument(String task) {
        List<Map<String, Object>> entry = jdbc.queryForList("SELECT l.number, t.snapshot_id, t.site_id, COALESCE(u.name, t.unit_id) AS unit,"
                + " p.url, COALESCE(s.title, p.url) AS title, t.importance, s.labels, t.published_at, t.taken_down_at, t.state"
                + " FROM ledger_entry l JOIN review_task t ON t.id = l.task_id JOIN snapshot s ON s.id = t.snapshot_id"
                + " JOIN page p ON p.id = t.page_id LEFT JOIN unit u ON u.id = t.unit_id WHERE l.task_id = ?", task);
        if (entry.isEmpty()) {
            return java.util.Optional.empty();
        }
        Map<String, Object> e = entry.get(0);
        Map<String, Object> last = jdbc.queryForList("SELECT stage, decision, opinion, reviewer_name, decided_at FROM review_decision"
                + " WHERE task_id = ? ORDER BY id DESC LIMIT 1", task).get(0);
        List<Map<String, Object>> bureau = jdbc.queryForList("SELECT decision, opinion FROM review_decision WHERE task_id = ?"
                + " AND stage = 'BUREAU' ORDER BY id DESC LIMIT 1", task);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", e.get("number"));
        d.put("number", e.get("number"));
        d.put("task_id", task);
        d.put("snapshot_id", e.get("snapshot_id"));
        d.put("site", e.get("site_id"));
        d.put("unit", e.get("unit"));
        d.put("url", e.get("url"));
        d.put("title", e.get("title"));
        d.put("title_tokens", SearchTokenizer.documentTokens((String) e.get("title")));
        d.put("importance", e.get("importance"));
        d.put("categories", labels((String) e.get("labels")));
        putLevel(d, (String) last.get("stage"));
        d.put("reviewer", last.get("reviewer_name"));
        d.put("decision", last.get("decision"));
        d.put("opinion", last.get("opinion"));
        d.put("opinion_tokens", SearchTokenizer.documentTokens((String) last.get("opinion")));
        d.put("bureau_conclusion", bureau.isEmpty() ? null : bureau.get(0).get("decision") + " " + bureau.get(0).get("opinion"));
        d.put("published_at", iso(e.get("published_at")));
        d.put("taken_down_at", iso(e.get("taken_down_at")));
        d.put("decided_at", iso(last.get("decided_at")));
        return java.util.Optional.of(new IndexDocument((String) e.get("number"), d));
    }

    /** The task's page snapshot document as indexed, with its review state set to the task's current one. */
    @SuppressWarnings("unchecked")
    private java.util.Optional<IndexDocument> pageWithState(String task) {
        Map<String, Object> t = jdbc.queryForMap("SELECT snapshot_id, state FROM review_task WHERE id = ?", task);
        String snapshot = (String) t.get("snapshot_id");
        try {
            GetResponse<Map> got = search.client().client().get(g -> g.index(search.client().alias(SearchIndex.PAGES)).id(snapshot), Map.class);
            if (!got.found() || got.source() == null) {
                return java.util.Optional.empty();
            }
            Map<String, Object> source = new LinkedHashMap<>((Map<String, Object>) got.source());
            source.put("review_state", t.get("state"));
            source.remove("indexed_at");
            return java.util.Optional.of(new IndexDocument(snapshot, source));
        } catch (IOException e) {
            throw new SearchUnavailableException("cannot read page " + snapshot + " from the search cluster: " + e.getMessage(), e);
        } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
            if (e.status() == 404) {
                return java.util.Optional.empty();
            }
            throw new SearchUnavailableException("cannot read page " + snapshot + ": " + e.getMessage(), e);
        }
    }

    private void report(SearchIndex index, List<RejectedDocument> rejected) {
        for (RejectedDocument r : rejected) {
            LOG.warn("Search index {} rejected review document {}: {}", index, r.id(), r.reason());
            jdbc.update("INSERT INTO index_dead_letter (run_id, index_alias, document_id, reason, created_at) VALUES (0, ?, ?, ?, ?)",
                    search.client().alias(index), r.id(), r.reason().length() > 4000 ? r.reason().substring(0, 4000) : r.reason(),
                    Timestamp.from(Instant.now()));
        }
    }

    /** level: 1 to 4 for the review levels, 0 for the secrecy bureau; role: who decides there. */
    private static void putLevel(Map<String, Object> d, String stageName) {
        cn.shencha.jobs.review.Stage stage = cn.shencha.jobs.review.Stage.valueOf(stageName);
        d.put("level", stage.levelNumber());
        d.put("role", cn.shencha.jobs.review.Role.forStage(stage).map(Enum::name).orElse(null));
    }

    private static List<String> labels(String labels) {
        return labels == null || labels.isBlank() ? List.of() : Arrays.stream(labels.split("[ ,]+")).filter(s -> !s.isEmpty()).toList();
    }

    private static String iso(Object t) {
        if (t instanceof Timestamp ts) {
            return ISO.format(ts.toInstant());
        }
        if (t instanceof java.time.OffsetDateTime o) {
            return ISO.format(o.toInstant());
        }
        return t == null ? null : t.toString();
    }
}
