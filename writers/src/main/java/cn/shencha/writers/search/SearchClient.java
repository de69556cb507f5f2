package cn.shencha.writers.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.json.jackson.Jackson3JsonpMapper;
import cn.shencha.rules.SearchTokenizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shencha's use of an Elasticsearch cluster: index creation from the mappings, bulk indexing with retries, counting and
 * searching. Chinese queries are folded and tokenized by {@link SearchTokenizer} exactly as the documents were.
 */
public final class SearchClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SearchClient.class);

    /** Bounded retry of whole requests and of items the cluster answers 429 or 5xx for. */
    public record RetryPolicy(int attempts, Duration firstBackoff, Duration maxBackoff) {
        public static RetryPolicy defaults() {
            return new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(10));
        }
    }

    private final ElasticsearchClient client;
    private final URI url;
    private final String prefix;
    private final RetryPolicy retry;

    private SearchClient(ElasticsearchClient client, URI url, String prefix, RetryPolicy retry) {
        this.client = client;
        this.url = url;
        this.prefix = prefix;
        this.retry = retry;
    }

    /** Connects to a cluster; credentials and trust store are used when the settings carry them. */
    public static SearchClient connect(URI url, SearchClusterSettings settings, RetryPolicy retry) {
        SSLContext ssl = settings.trustStore() == null ? null : sslContext(settings);
        ElasticsearchClient client = ElasticsearchClient.of(b -> {
            b.host(url.toString()).jsonMapper(new Jackson3JsonpMapper());
            if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
                b.apiKey(settings.apiKey());
            } else if (settings.username() != null && !settings.username().isBlank()) {
                b.usernameAndPassword(settings.username(), settings.password() == null ? "" : settings.password());
            }
            if (ssl != null) {
                b.sslContext(ssl);
            }
            return b;
        });
        return new SearchClient(client, url, settings.indexPrefix(), retry);
    }

    static SSLContext sslContext(SearchClusterSettings settings) {
        try (InputStream in = Files.newInputStream(settings.trustStore())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            char[] password = settings.trustStorePassword() == null ? new char[0] : settings.trustStorePassword().toCharArray();
            store.load(in, password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the trust store " + settings.trustStore() + ": " + e.getMessage(), e);
        }
    }

    public URI url() {
        return url;
    }

    public String alias(SearchIndex index) {
        return index.alias(prefix);
    }

    /** Creates each missing index from its mapping, behind its alias. Safe when two processes do it at once. */
    public void ensureIndices() {
        for (SearchIndex index : SearchIndex.values()) {
            withRetry("create index " + index.versionedName(prefix), () -> {
                if (client.indices().exists(e -> e.index(index.alias(prefix))).value()) {
                    return null;
                }
                String mapping;
                try (InputStream in = SearchClient.class.getResourceAsStream(index.mappingResource())) {
                    mapping = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                try {
                    client.indices().create(c -> c.index(index.versionedName(prefix))
                            .withJson(new StringReader(mapping))
                            .aliases(index.alias(prefix), a -> a.isWriteIndex(true)));
                    log.info("Created search index {} behind alias {}", index.versionedName(prefix), index.alias(prefix));
                } catch (ElasticsearchException e) {
                    if (!"resource_already_exists_exception".equals(e.error().type())) {
                        throw e;
                    }
                }
                return null;
            });
        }
    }

    /**
     * Indexes documents into an index's alias. Items the cluster is too busy for (429) or fails on (5xx) are retried
     * with backoff; documents it rejects for good are returned.
     *
     * @throws SearchUnavailableException when the cluster stays unreachable or busy through every retry
     */
    public List<RejectedDocument> bulk(SearchIndex index, List<IndexDocument> documents) {
        List<RejectedDocument> rejected = new ArrayList<>();
        List<IndexDocument> pending = documents;
        String alias = index.alias(prefix);
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            BulkRequest.Builder request = new BulkRequest.Builder();
            for (IndexDocument d : pending) {
                request.operations(op -> op.index(i -> i.index(alias).id(d.id()).document(d.source())));
            }
            BulkRequest built = request.build();
            BulkResponse response = withRetry("bulk index into " + alias, () -> client.bulk(built));
            Map<String, IndexDocument> byId = new HashMap<>();
            pending.forEach(d -> byId.put(d.id(), d));
            List<IndexDocument> again = new ArrayList<>();
            for (BulkResponseItem item : response.items()) {
                if (item.error() == null) {
                    continue;
                }
                if ((item.status() == 429 || item.status() >= 500) && attempt < retry.attempts()) {
                    again.add(byId.get(item.id()));
                } else {
                    rejected.add(new RejectedDocument(item.id(), item.status() + " " + item.error().type() + ": " + item.error().reason()));
                }
            }
            if (!again.isEmpty()) {
                sleep(backoff(attempt));
            }
            pending = again;
        }
        return rejected;
    }

    public void refresh() {
        withRetry("refresh", () -> client.indices().refresh(r -> r.index(alias(SearchIndex.PAGES), alias(SearchIndex.FINDINGS))));
    }

    public long count(SearchIndex index) {
        return withRetry("count", () -> client.count(c -> c.index(index.alias(prefix))).count());
    }

    /**
     * Full-text search of page snapshots: the query is folded (繁→简, 全角→半角) and tokenized like the documents;
     * a page matches when it has every query word, and ranks higher with the exact phrase or the words in its title.
     */
    public List<SearchHit> search(String query, int size) {
        List<String> tokens = SearchTokenizer.queryTokens(query);
        String folded = SearchTokenizer.fold(query);
        if (tokens.isEmpty()) {
            return List.of();
        }
        SearchResponse<Map> response = withRetry("search", () -> client.search(s -> s
                .index(alias(SearchIndex.PAGES))
                .size(size)
                .source(src -> src.filter(f -> f.includes("url", "title", "fetched_at", "labels")))
                .query(q -> q.bool(b -> b
                        .should(sh -> sh.bool(all -> allTokens(all, "text_tokens", tokens)))
                        .should(sh -> sh.bool(all -> allTokens(all, "title_tokens", tokens).boost(2f)))
                        .should(sh -> sh.matchPhrase(m -> m.field("text_folded").query(folded).boost(3f)))
                        .minimumShouldMatch("1")))
                .highlight(h -> h.preTags("【").postTags("】").fragmentSize(80).numberOfFragments(2)
                        .fields(co.elastic.clients.util.NamedValue.of("text_folded", co.elastic.clients.elasticsearch.core.search.HighlightField.of(
                                f -> f.highlightQuery(hq -> hq.match(m -> m.field("text_folded").query(folded)))))))
                , Map.class));
        List<SearchHit> hits = new ArrayList<>();
        for (var hit : response.hits().hits()) {
            Map<?, ?> source = hit.source() == null ? Map.of() : hit.source();
            // The standard analyzer marks each CJK character on its own: join neighbouring marks into one.
            List<String> fragments = hit.highlight().getOrDefault("text_folded", List.of()).stream()
                    .map(f -> f.replace("】【", "")).toList();
            Object labels = source.get("labels");
            hits.add(new SearchHit(hit.id(), String.valueOf(source.get("url")), String.valueOf(source.get("title")),
                    hit.score() == null ? 0 : hit.score(), (String) source.get("fetched_at"),
                    labels instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(), fragments));
        }
        return hits;
    }

    /** Every token must be in the field (a keyword array of the document's HanLP tokens). */
    private static co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery.Builder allTokens(
            co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery.Builder b, String field, List<String> tokens) {
        for (String token : tokens) {
            b.must(m -> m.term(t -> t.field(field).value(token)));
        }
        return b;
    }

    /** Cluster health within a few seconds; never throws for an unreachable cluster. */
    public SearchHealth health(String mode) {
        try {
            HealthResponse h = client.cluster().health(r -> r.timeout(t -> t.time("3s")));
            String version = client.info().version().number();
            return new SearchHealth(mode, url.toString(), true, h.status().jsonValue(), version, h.numberOfNodes(), null);
        } catch (IOException | RuntimeException e) {
            return new SearchHealth(mode, url.toString(), false, null, null, 0, rootMessage(e));
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T call() throws IOException;
    }

    private <T> T withRetry(String what, Call<T> call) {
        Exception last = null;
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            try {
                return call.call();
            } catch (ElasticsearchException e) {
                if (e.status() != 429 && e.status() < 500) {
                    throw e;
                }
                last = e;
            } catch (IOException e) {
                last = e;
            }
            if (attempt < retry.attempts()) {
                log.warn("{} failed on attempt {} of {} ({}); retrying", what, attempt, retry.attempts(), rootMessage(last));
                sleep(backoff(attempt));
            }
        }
        throw new SearchUnavailableException("Elasticsearch at " + url + " is unavailable: " + what + " failed "
                + retry.attempts() + " times, last with: " + rootMessage(last), last);
    }

    private Duration backoff(int attempt) {
        long millis = retry.firstBackoff().toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, retry.maxBackoff().toMillis()));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SearchUnavailableException("interrupted while waiting to retry", e);
        }
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null ? root.getClass().getSimpleName() : m;
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    /** Exposed for maintenance commands (reindex) in later issues. */
    public ElasticsearchClient client() {
        return client;
    }

    static Map<String, Object> ordered(Map<String, Object> source) {
        return new LinkedHashMap<>(source);
    }
}
