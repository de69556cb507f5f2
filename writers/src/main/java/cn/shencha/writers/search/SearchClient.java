package cn.shencha.writers.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import co.elastic.clients.json.jackson.Jackson3JsonpMapper;
import cn.shencha.rules.SearchTokenizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.Response;
import co.elastic.clients.transport.rest5_client.low_level.ResponseException;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import tools.jackson.databind.node.ObjectNode;

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
import java.time.Instant;
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
    static final JsonMapper JSON = JsonMapper.builder().build();

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

    public String prefix() {
        return prefix;
    }

    /**
     * Puts each index's template (its explicit mapping, for every concrete index of the alias) and creates the missing
     * indices behind their aliases. An existing index gets the mapping's new fields; a change that needs a new index
     * is reported, and {@code shencha reindex} makes it. Safe when two processes do it at once.
     */
    public void ensureIndices() {
        for (SearchIndex index : SearchIndex.values()) {
            String alias = index.alias(prefix);
            String body = mappingBody(index);
            withRetry("put index template " + alias, () -> {
                client.indices().putIndexTemplate(t -> t.name(alias).withJson(new StringReader(templateJson(alias, body))));
                return null;
            });
            withRetry("create index " + index.versionedName(prefix), () -> {
                if (client.indices().exists(e -> e.index(alias)).value()) {
                    updateMapping(alias, body);
                    return null;
                }
                try {
                    client.indices().create(c -> c.index(index.versionedName(prefix))
                            .aliases(alias, a -> a.isWriteIndex(true)));
                    log.info("Created search index {} behind alias {}", index.versionedName(prefix), alias);
                } catch (ElasticsearchException e) {
                    if (!"resource_already_exists_exception".equals(e.error().type())) {
                        throw e;
                    }
                }
                return null;
            });
        }
    }

    private void updateMapping(String alias, String body) throws IOException {
        String mappings = JSON.writeValueAsString(JSON.readTree(body).get("mappings"));
        try {
            client.indices().putMapping(m -> m.index(alias).withJson(new StringReader(mappings)));
        } catch (ElasticsearchException e) {
            log.warn("The mapping of {} changed in a way the existing index cannot take ({}); run `shencha reindex` to "
                    + "move it to a new index", alias, e.getMessage());
        }
    }

    static String mappingBody(SearchIndex index) {
        try (InputStream in = SearchClient.class.getResourceAsStream(index.mappingResource())) {
            if (in == null) {
                throw new IllegalStateException("the mapping " + index.mappingResource() + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the mapping " + index.mappingResource(), e);
        }
    }

    private static String templateJson(String alias, String body) {
        ObjectNode template = JSON.createObjectNode();
        template.putArray("index_patterns").add(alias + "-v*");
        template.put("priority", 200);
        template.set("template", JSON.readTree(body));
        template.putObject("_meta").put("owner", "shencha");
        return JSON.writeValueAsString(template);
    }

    /** The concrete indices behind an alias (one, except for a moment during a reindex). */
    public List<String> concreteIndices(SearchIndex index) {
        String alias = index.alias(prefix);
        return withRetry("get alias " + alias, () -> new ArrayList<>(client.indices().getAlias(g -> g.name(alias)).aliases().keySet()));
    }

    /**
     * Indexes documents into an index's alias. Items the cluster is too busy for (429) or fails on (5xx) are retried
     * with backoff; documents it rejects for good are returned. Every write carries its time as an external version,
     * so a newer write always wins, also over a copy a concurrent reindex makes.
     *
     * @throws SearchUnavailableException when the cluster stays unreachable or busy through every retry
     */
    public List<RejectedDocument> bulk(SearchIndex index, List<IndexDocument> documents) {
        String now = Instant.now().toString();
        List<IndexDocument> stamped = new ArrayList<>(documents.size());
        for (IndexDocument d : documents) {
            Map<String, Object> source = new LinkedHashMap<>(d.source());
            source.putIfAbsent("indexed_at", now);
            stamped.add(new IndexDocument(d.id(), source));
        }
        return bulkInto(index.alias(prefix), stamped);
    }

    /**
     * Bulk indexing into a concrete index or alias, versioned by each document's {@code indexed_at}. The request body is
     * written as NDJSON with Jackson and sent through the low-level client, the way {@code curl} would send it: the
     * typed client's per-document JSON-P serialization cost about a third of the indexing time.
     */
    List<RejectedDocument> bulkInto(String target, List<IndexDocument> documents) {
        List<RejectedDocument> rejected = new ArrayList<>();
        List<IndexDocument> pending = documents;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            byte[] body = ndjson(target, pending);
            JsonNode response = withRetry("bulk index into " + target, () -> postBulk(body));
            if (!response.path("errors").asBoolean(false)) {
                return rejected;
            }
            Map<String, IndexDocument> byId = new HashMap<>();
            pending.forEach(d -> byId.put(d.id(), d));
            List<IndexDocument> again = new ArrayList<>();
            for (JsonNode item : response.path("items")) {
                JsonNode result = item.path("index");
                int status = result.path("status").asInt(0);
                JsonNode error = result.get("error");
                if (error == null || error.isNull() || status == 409) {
                    continue; // 409: a newer version of the document is already there
                }
                String id = result.path("_id").asString();
                if ((status == 429 || status >= 500) && attempt < retry.attempts()) {
                    again.add(byId.get(id));
                } else {
                    rejected.add(new RejectedDocument(id, status + " " + error.path("type").asString() + ": " + error.path("reason").asString()));
                }
            }
            if (!again.isEmpty()) {
                sleep(backoff(attempt));
            }
            pending = again;
        }
        return rejected;
    }

    private static byte[] ndjson(String target, List<IndexDocument> documents) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(documents.size() * 4096);
        for (IndexDocument d : documents) {
            ObjectNode action = JSON.createObjectNode();
            ObjectNode index = action.putObject("index");
            index.put("_index", target);
            index.put("_id", d.id());
            index.put("version", version(d.source().get("indexed_at")));
            index.put("version_type", "external_gte");
            out.writeBytes(JSON.writeValueAsBytes(action));
            out.write('\n');
            out.writeBytes(JSON.writeValueAsBytes(d.source()));
            out.write('\n');
        }
        return out.toByteArray();
    }

    private JsonNode postBulk(byte[] body) throws IOException {
        Request request = new Request("POST", "/_bulk");
        request.setEntity(new ByteArrayEntity(body, ContentType.create("application/x-ndjson", StandardCharsets.UTF_8)));
        try {
            Response response = lowLevel().performRequest(request);
            try (InputStream in = response.getEntity().getContent()) {
                return JSON.readTree(in);
            }
        } catch (ResponseException e) {
            int status = e.getResponse().getStatusCode();
            if (status == 429 || status >= 500) {
                throw e; // retried
            }
            throw new IllegalStateException("Elasticsearch at " + url + " refused a bulk request: " + e.getMessage(), e);
        }
    }

    private Rest5Client lowLevel() {
        if (client._transport() instanceof Rest5ClientTransport transport) {
            return transport.restClient();
        }
        throw new IllegalStateException("unexpected Elasticsearch transport " + client._transport().getClass().getName());
    }

    /** Microseconds since the epoch of an {@code indexed_at} value; 1 for documents written before it existed. */
    static long version(Object indexedAt) {
        if (indexedAt == null) {
            return 1;
        }
        Instant t = Instant.parse(indexedAt.toString());
        return Math.max(1, t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000);
    }

    /**
     * Turns periodic refresh off for the duration of a large load; closing restores each index's interval and
     * refreshes once.
     */
    public RelaxedRefresh relaxRefresh(SearchIndex... indices) {
        List<String> concrete = new ArrayList<>();
        for (SearchIndex index : indices) {
            concrete.addAll(concreteIndices(index));
        }
        for (String name : concrete) {
            setRefreshInterval(name, "-1");
        }
        log.info("Refresh relaxed on {} for a large load", concrete);
        return () -> {
            for (String name : concrete) {
                setRefreshInterval(name, null);
            }
            if (!concrete.isEmpty()) {
                withRetry("refresh", () -> client.indices().refresh(r -> r.index(concrete)));
            }
            log.info("Refresh restored on {}", concrete);
        };
    }

    /** Restores the refresh interval a large load relaxed. */
    @FunctionalInterface
    public interface RelaxedRefresh extends AutoCloseable {
        @Override
        void close();
    }

    /** Sets an index's refresh interval; null returns it to the template's. */
    void setRefreshInterval(String concrete, String interval) {
        String body = interval == null ? "{\"index\":{\"refresh_interval\":\"1s\"}}"
                : "{\"index\":{\"refresh_interval\":\"" + interval + "\"}}";
        withRetry("set refresh interval of " + concrete, () -> client.indices().putSettings(p -> p.index(concrete)
                .withJson(new StringReader(body))));
    }

    public void refresh() {
        List<String> aliases = new ArrayList<>();
        for (SearchIndex index : SearchIndex.values()) {
            aliases.add(index.alias(prefix));
        }
        withRetry("refresh", () -> client.indices().refresh(r -> r.index(aliases)));
    }

    public long count(SearchIndex index) {
        return withRetry("count", () -> client.count(c -> c.index(index.alias(prefix))).count());
    }

    /** Full-text search, relevance first: the hits only. */
    public List<SearchHit> search(String query, int size) {
        return search(SearchQuery.of(query, size)).hits();
    }

    /**
     * Searches page snapshots. The text is folded (繁→简, 全角→半角) and tokenized like the documents; a snapshot
     * matches when it has every query word (or the exact phrase, for a phrase query), and ranks higher with the exact
     * phrase or the words in its title. Highlights are cut from each hit's original text.
     */
    public SearchResult search(SearchQuery query) {
        return PageSearch.run(this, query);
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
    interface Call<T> {
        T call() throws IOException;
    }

    <T> T withRetry(String what, Call<T> call) {
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

    Duration backoff(int attempt) {
        long millis = retry.firstBackoff().toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, retry.maxBackoff().toMillis()));
    }

    static void sleep(Duration d) {
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

    /** The underlying client, for maintenance within this package and for tests. */
    public ElasticsearchClient client() {
        return client;
    }

    static Map<String, Object> ordered(Map<String, Object> source) {
        return new LinkedHashMap<>(source);
    }
}
