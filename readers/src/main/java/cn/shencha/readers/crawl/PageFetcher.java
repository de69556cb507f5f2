package cn.shencha.readers.crawl;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Fetches one URL over HTTP(S) the way a careful crawler must: redirects are followed by hand so each hop is checked
 * against the {@link CrawlScope} (and loops are caught), bodies are cut off at a size limit, every request has a
 * timeout, and conditional headers let an unchanged page answer 304. Each hop connects to an address the scope check
 * approved, and its request and response bytes are kept ({@link HttpExchange}) for WARC capture: handed to the
 * exchange listener as they happen and returned with the result.
 */
public final class PageFetcher {

    public record Settings(String userAgent, java.time.Duration connectTimeout, java.time.Duration requestTimeout,
                           long maxBodyBytes, int maxRedirects) {
        public static Settings defaults() {
            return new Settings("ShenchaBot/0.1 (government website secrecy audit)", java.time.Duration.ofSeconds(10),
                    java.time.Duration.ofSeconds(30), 50L * 1024 * 1024, 5);
        }
    }

    static final String ACCEPT = "text/html,application/xhtml+xml,application/pdf,*/*;q=0.8";

    private final HttpWire wire;
    private final Settings settings;
    private volatile Consumer<HttpExchange> listener = e -> { };

    public PageFetcher(Settings settings) {
        this.settings = settings;
        this.wire = new HttpWire(settings.connectTimeout(), settings.requestTimeout(), settings.maxBodyBytes());
    }

    /** Receives every exchange (each redirect hop, robots.txt, sitemaps) in the order they happen, on the fetching thread. */
    public void onExchange(Consumer<HttpExchange> listener) {
        this.listener = listener == null ? e -> { } : listener;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * @param etag         the previous response's ETag for a conditional request, or null
     * @param lastModified the previous response's Last-Modified, or null
     */
    public FetchResult fetch(URI uri, CrawlScope scope, String etag, String lastModified) {
        return fetch(uri, scope, etag, lastModified, settings.userAgent());
    }

    /**
     * Fetches as a given User-Agent (a search-engine spider's, to see what a cloaking site shows spiders), within the
     * same scope and limits.
     */
    public FetchResult fetch(URI uri, CrawlScope scope, String etag, String lastModified, String userAgent) {
        return fetch(uri, scope, etag, lastModified, userAgent, null);
    }

    /** As {@link #fetch(URI, CrawlScope, String, String, String)}, sending a Referer on the first request when given. */
    public FetchResult fetch(URI uri, CrawlScope scope, String etag, String lastModified, String userAgent, String referer) {
        List<URI> chain = new ArrayList<>();
        List<HttpExchange> exchanges = new ArrayList<>();
        Set<URI> seen = new HashSet<>();
        URI current = uri;
        seen.add(current);
        for (int hop = 0; ; hop++) {
            CrawlScope.Resolution resolution = scope.resolve(current);
            if (resolution.verdict() != CrawlScope.Verdict.IN_SCOPE) {
                return failure(uri, current, 0, chain, exchanges, (hop == 0 ? "refused: " : "redirect left the crawl scope: ")
                        + resolution.verdict().name().toLowerCase().replace('_', ' ') + " " + current);
            }
            List<String[]> headers = new ArrayList<>();
            headers.add(new String[]{"Accept", ACCEPT});
            headers.add(new String[]{"Accept-Encoding", "gzip, deflate"});
            if (hop == 0 && etag != null) {
                headers.add(new String[]{"If-None-Match", etag});
            }
            if (hop == 0 && lastModified != null) {
                headers.add(new String[]{"If-Modified-Since", lastModified});
            }
            if (hop == 0 && referer != null) {
                headers.add(new String[]{"Referer", referer});
            }
            HttpWire.Response response;
            try {
                response = wire.get(current, resolution.addresses(), userAgent, headers);
            } catch (IllegalArgumentException e) {
                return failure(uri, current, 0, chain, exchanges, "bad URL: " + e.getMessage());
            }
            if (response.exchange() != null && response.exchange().hasResponse()) {
                exchanges.add(response.exchange());
                listener.accept(response.exchange());
            }
            if (Thread.currentThread().isInterrupted()) {
                return failure(uri, current, 0, chain, exchanges, "interrupted");
            }
            int status = response.status();
            if (response.error() != null) {
                return failure(uri, current, status, chain, exchanges, response.error());
            }
            if (status >= 300 && status < 400 && status != 304) {
                String location = response.header("Location");
                if (location == null) {
                    return failure(uri, current, status, chain, exchanges, "redirect without Location");
                }
                URI next;
                try {
                    next = current.resolve(location.strip().replace(" ", "%20"));
                } catch (IllegalArgumentException e) {
                    return failure(uri, current, status, chain, exchanges, "redirect to a malformed location: " + location);
                }
                if (!seen.add(next)) {
                    chain.add(next);
                    return failure(uri, next, status, chain, exchanges, "redirect loop");
                }
                if (hop + 1 > settings.maxRedirects()) {
                    return failure(uri, next, status, chain, exchanges, "more than " + settings.maxRedirects() + " redirects");
                }
                chain.add(next);
                current = next;
                continue;
            }
            String contentType = response.header("Content-Type");
            if (status == 304) {
                return new FetchResult(uri, current, status, contentType, etag, lastModified, new byte[0], chain, null, true,
                        exchanges);
            }
            return new FetchResult(uri, current, status, contentType, response.header("ETag"),
                    response.header("Last-Modified"), response.body(), chain, null, false, exchanges);
        }
    }

    private static FetchResult failure(URI request, URI at, int status, List<URI> chain, List<HttpExchange> exchanges,
                                       String error) {
        return new FetchResult(request, at, status, null, null, null, new byte[0], chain, error, false, exchanges);
    }
}
