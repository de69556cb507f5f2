package cn.shencha.writers.search;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Moves an alias to a new concrete index built from the current template, without downtime: searches keep going
 * through the alias to the old index while the documents are copied, the alias moves in one atomic step, and
 * documents written meanwhile are copied again. Every copy carries the document's own external version
 * ({@code indexed_at}), so a copy never overwrites a newer write.
 *
 * <p>The project's Elasticsearch distribution has no reindex module, so the copy runs here: search_after pages
 * sorted by id, bulk into the new index.
 */
public final class SearchReindexer {

    private static final Logger log = LoggerFactory.getLogger(SearchReindexer.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    /** Writes that started before the copy began but landed after it are caught by this margin. */
    private static final Duration CATCH_UP_MARGIN = Duration.ofSeconds(30);

    /** What one reindex did. */
    public record Report(String alias, List<String> from, String to, long copied, long caughtUp, long rejected,
                         boolean oldDeleted, Duration took) {
    }

    private final SearchClient search;
    private final int batchSize;

    public SearchReindexer(SearchClient search, int batchSize) {
        this.search = search;
        this.batchSize = batchSize;
    }

    /**
     * @param keepOld keep the old concrete index (for a rollback) instead of deleting it
     * @param progress receives a line now and then
     */
    public Report reindex(SearchIndex index, boolean keepOld, Consumer<String> progress) {
        long started = System.nanoTime();
        search.ensureIndices();
        String alias = search.alias(index);
        List<String> old = search.concreteIndices(index);
        String target = alias + "-v" + index.version() + "-" + STAMP.format(Instant.now());
        if (old.contains(target)) {
            throw new IllegalStateException(target + " already exists; wait a second and run again");
        }
        search.withRetry("create index " + target, () -> search.client().indices().create(c -> c.index(target)));
        search.setRefreshInterval(target, "-1");
        Instant copyStart = Instant.now();
        progress.accept("copying " + String.join(", ", old) + " → " + target);
        long[] rejected = {0};
        long copied = copy(old, target, null, rejected, progress);
        search.setRefreshInterval(target, null);
        search.withRetry("refresh " + target, () -> search.client().indices().refresh(r -> r.index(target)));

        // One atomic step: the alias leaves the old indices and points at the new one, which takes the writes.
        search.withRetry("move alias " + alias, () -> search.client().indices().updateAliases(u -> {
            for (String o : old) {
                u.actions(a -> a.remove(r -> r.index(o).alias(alias)));
            }
            return u.actions(a -> a.add(ad -> ad.index(target).alias(alias).isWriteIndex(true)));
        }));
        progress.accept("alias " + alias + " now points at " + target);

        search.withRetry("refresh old", () -> search.client().indices().refresh(r -> r.index(old)));
        long caughtUp = copy(old, target, copyStart.minus(CATCH_UP_MARGIN), rejected, progress);
        search.withRetry("refresh " + target, () -> search.client().indices().refresh(r -> r.index(target)));
        boolean deleted = false;
        if (!keepOld && rejected[0] == 0) {
            search.withRetry("delete old indices", () -> search.client().indices().delete(d -> d.index(old)));
            deleted = true;
        }
        Report report = new Report(alias, old, target, copied, caughtUp, rejected[0], deleted, Duration.ofNanos(System.nanoTime() - started));
        log.info("Reindexed {}: {}", alias, report);
        return report;
    }

    /** Copies every document of the old indices (or those indexed since a moment) into the target. */
    private long copy(List<String> from, String target, Instant since, long[] rejected, Consumer<String> progress) {
        long copied = 0;
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> cursor = after;
            SearchResponse<Map> page = search.withRetry("read " + from, () -> search.client().search(s -> {
                s.index(from).size(batchSize).sort(so -> so.field(f -> f.field("id").order(SortOrder.Asc)));
                if (since != null) {
                    s.query(q -> q.range(r -> r.date(d -> d.field("indexed_at").gte(since.toString()))));
                }
                if (cursor != null) {
                    s.searchAfter(cursor);
                }
                return s;
            }, Map.class));
            List<Hit<Map>> hits = page.hits().hits();
            if (hits.isEmpty()) {
                return copied;
            }
            List<IndexDocument> docs = new ArrayList<>(hits.size());
            for (Hit<Map> h : hits) {
                @SuppressWarnings("unchecked")
                Map<String, Object> source = h.source();
                docs.add(new IndexDocument(h.id(), source));
            }
            List<RejectedDocument> bad = search.bulkInto(target, docs);
            for (RejectedDocument r : bad) {
                log.warn("Reindex: {} rejected document {}: {}", target, r.id(), r.reason());
            }
            rejected[0] += bad.size();
            copied += hits.size();
            if (copied % (batchSize * 20L) < batchSize) {
                progress.accept(copied + " documents copied");
            }
            after = hits.get(hits.size() - 1).sort();
        }
    }
}
