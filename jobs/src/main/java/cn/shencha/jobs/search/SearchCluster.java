package cn.shencha.jobs.search;

import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.writers.search.IndexDocument;
import cn.shencha.writers.search.LocalSearchNode;
import cn.shencha.writers.search.RejectedDocument;
import cn.shencha.writers.search.SearchClient;
import cn.shencha.writers.search.SearchClusterSettings;
import cn.shencha.writers.search.SearchHealth;
import cn.shencha.writers.search.SearchHit;
import cn.shencha.writers.search.SearchQuery;
import cn.shencha.writers.search.SearchReindexer;
import cn.shencha.writers.search.SearchResult;
import cn.shencha.writers.search.SearchIndex;
import cn.shencha.writers.search.SearchUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The application's search cluster: the configured external cluster, or the local node of the data directory, started
 * on first need (in the background by {@link #warmUp()}, so it comes up while the crawl runs) and released when the
 * application closes.
 */
@Component
public class SearchCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SearchCluster.class);
    public static final SearchIndex PAGES = SearchIndex.PAGES;
    public static final SearchIndex FINDINGS = SearchIndex.FINDINGS;

    private final SearchClusterSettings settings;
    private CompletableFuture<Connected> connection;

    private record Connected(SearchClient client, LocalSearchNode.Lease lease) {
    }

    public SearchCluster(ShenchaProperties properties) {
        ShenchaProperties.Search s = properties.search();
        LocalSearchNode.Settings local = new LocalSearchNode.Settings(
                s.distribution() != null ? s.distribution() : builtDistribution(),
                properties.data().resolve("elasticsearch"), Path.of(searchJavaHome()), s.heap(), s.port(), s.startupTimeout());
        this.settings = new SearchClusterSettings(s.url(), s.apiKey(), s.username(), s.password(), s.trustStore(),
                s.trustStorePassword(), s.indexPrefix(), local);
    }

    /** Starts connecting (and the local node, if that is the cluster) in the background. */
    public synchronized void warmUp() {
        if (connection == null) {
            connection = CompletableFuture.supplyAsync(this::connect);
        }
    }

    /** The connected client, with the indices in place; waits for the local node if it is starting. */
    public SearchClient client() {
        warmUp();
        try {
            return connection.get().client();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SearchUnavailableException("interrupted while connecting to the search cluster", e);
        } catch (ExecutionException e) {
            synchronized (this) {
                connection = null; // let the next call try again (a restarted job, a recovered cluster)
            }
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new SearchUnavailableException(cause.getMessage(), cause);
        }
    }

    private Connected connect() {
        if (settings.external()) {
            SearchClient client = SearchClient.connect(URI.create(settings.url()), settings, SearchClient.RetryPolicy.defaults());
            client.ensureIndices();
            return new Connected(client, null);
        }
        LocalSearchNode.Lease lease = LocalSearchNode.acquire(settings.localNode());
        try {
            SearchClient client = SearchClient.connect(lease.url(), settings, SearchClient.RetryPolicy.defaults());
            client.ensureIndices();
            return new Connected(client, lease);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    public List<RejectedDocument> bulk(SearchIndex index, List<IndexDocument> documents) {
        return client().bulk(index, documents);
    }

    public long count(SearchIndex index) {
        return client().count(index);
    }

    public void refresh() {
        client().refresh();
    }

    public List<SearchHit> search(String query, int size) {
        return client().search(query, size);
    }

    public SearchResult search(SearchQuery query) {
        return client().search(query);
    }

    /** Moves an index's alias to a new index built from the current mapping, without downtime. */
    public SearchReindexer.Report reindex(SearchIndex index, boolean keepOld, java.util.function.Consumer<String> progress) {
        return new SearchReindexer(client(), 1000).reindex(index, keepOld, progress);
    }

    /** Health without starting anything: a local node that is not running is reported as such. */
    public SearchHealth health() {
        if (settings.external()) {
            try (SearchClient c = SearchClient.connect(URI.create(settings.url()), settings,
                    new SearchClient.RetryPolicy(1, java.time.Duration.ZERO, java.time.Duration.ZERO))) {
                return c.health("external");
            } catch (IOException | RuntimeException e) {
                return new SearchHealth("external", settings.url(), false, null, null, 0, e.getMessage());
            }
        }
        LocalSearchNode.State state = LocalSearchNode.state(settings.localNode().nodeDir());
        if (!state.running()) {
            return new SearchHealth("local", null, false, null, null, 0,
                    "local node not running (it starts when a command needs it) — " + state.home());
        }
        try (SearchClient c = SearchClient.connect(state.url(), settings,
                new SearchClient.RetryPolicy(1, java.time.Duration.ZERO, java.time.Duration.ZERO))) {
            return c.health("local");
        } catch (IOException e) {
            return new SearchHealth("local", state.url().toString(), false, null, null, 0, e.getMessage());
        }
    }

    public boolean external() {
        return settings.external();
    }

    public String indexPrefix() {
        return settings.indexPrefix();
    }

    @Override
    public synchronized void close() {
        if (connection == null) {
            return;
        }
        try {
            Connected c = connection.join();
            c.client().close();
            if (c.lease() != null) {
                c.lease().close();
            }
        } catch (RuntimeException | IOException e) {
            log.debug("Search cluster was not connected: {}", e.getMessage());
        } finally {
            connection = null;
        }
    }

    /** The distribution the build resolved (recorded in shencha-build.properties by resource filtering). */
    static Path builtDistribution() {
        try (InputStream in = SearchCluster.class.getResourceAsStream("/shencha-build.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String d = p.getProperty("elasticsearch.distribution");
            if (d != null && !d.isBlank() && !d.contains("${")) {
                return Path.of(d);
            }
        } catch (IOException e) {
            // fall through to the conventional location
        }
        return Path.of(System.getProperty("user.home"), ".m2/repository/org/elasticsearch/distribution/integ-test-zip/elasticsearch/9.2.4/elasticsearch-9.2.4.zip");
    }

    /** ES 9 needs Java 21+: the JDK running Shencha, unless ES_JAVA_HOME says otherwise. */
    static String searchJavaHome() {
        String env = System.getenv("ES_JAVA_HOME");
        return env != null && !env.isBlank() ? env : System.getProperty("java.home");
    }
}
