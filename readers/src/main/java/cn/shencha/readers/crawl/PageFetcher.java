package cn.shencha.readers.crawl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fetches one URL over HTTP(S) the way a careful crawler must: redirects are followed by hand so each hop is checked
 * against the {@link CrawlScope} (and loops are caught), bodies are cut off at a size limit, every request has a
 * timeout, and conditional headers let an unchanged page answer 304.
 */
public final class PageFetcher {

    public record Settings(String userAgent, Duration connectTimeout, Duration requestTimeout, long maxBodyBytes,
                           int maxRedirects) {
        public static Settings defaults() {
            return new Settings("ShenchaBot/0.1 (government website secrecy audit)", Duration.ofSeconds(10),
                    Duration.ofSeconds(30), 50L * 1024 * 1024, 5);
        }
    }

    private final HttpClient client;
    private final Settings settings;

    public PageFetcher(Settings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.connectTimeout())
                .build();
    }

    /**
     * @param etag         the previous response's ETag for a conditional request, or null
     * @param lastModified the previous response's Last-Modified, or null
     */
    public FetchResult fetch(URI uri, CrawlScope scope, String etag, String lastModified) {
        List<URI> chain = new ArrayList<>();
        Set<URI> seen = new HashSet<>();
        URI current = uri;
        seen.add(current);
        for (int hop = 0; ; hop++) {
            CrawlScope.Verdict verdict = scope.check(current);
            if (verdict != CrawlScope.Verdict.IN_SCOPE) {
                return failure(uri, current, 0, chain, (hop == 0 ? "refused: " : "redirect left the crawl scope: ")
                        + verdict.name().toLowerCase().replace('_', ' ') + " " + current);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(current)
                    .timeout(settings.requestTimeout())
                    .header("User-Agent", settings.userAgent())
                    .header("Accept", "text/html,application/xhtml+xml,application/pdf,*/*;q=0.8")
                    .GET();
            if (hop == 0 && etag != null) {
                request.header("If-None-Match", etag);
            }
            if (hop == 0 && lastModified != null) {
                request.header("If-Modified-Since", lastModified);
            }
            HttpResponse<InputStream> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpTimeoutException e) {
                return failure(uri, current, 0, chain, "timed out after " + settings.requestTimeout().toSeconds() + " s");
            } catch (IOException e) {
                return failure(uri, current, 0, chain, "connection failed: " + describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failure(uri, current, 0, chain, "interrupted");
            } catch (IllegalArgumentException e) {
                return failure(uri, current, 0, chain, "bad URL: " + e.getMessage());
            }
            int status = response.statusCode();
            if (status >= 300 && status < 400 && status != 304) {
                closeQuietly(response.body());
                String location = response.headers().firstValue("Location").orElse(null);
                if (location == null) {
                    return failure(uri, current, status, chain, "redirect without Location");
                }
                URI next;
                try {
                    next = current.resolve(location.strip().replace(" ", "%20"));
                } catch (IllegalArgumentException e) {
                    return failure(uri, current, status, chain, "redirect to a malformed location: " + location);
                }
                if (!seen.add(next)) {
                    chain.add(next);
                    return failure(uri, next, status, chain, "redirect loop");
                }
                if (hop + 1 > settings.maxRedirects()) {
                    return failure(uri, next, status, chain, "more than " + settings.maxRedirects() + " redirects");
                }
                chain.add(next);
                current = next;
                continue;
            }
            String contentType = response.headers().firstValue("Content-Type").orElse(null);
            String newEtag = response.headers().firstValue("ETag").orElse(null);
            String newLastModified = response.headers().firstValue("Last-Modified").orElse(null);
            if (status == 304) {
                closeQuietly(response.body());
                return new FetchResult(uri, current, status, contentType, etag, lastModified, new byte[0], chain, null, true);
            }
            byte[] body;
            try (InputStream in = response.body()) {
                body = readLimited(in, settings.maxBodyBytes());
            } catch (BodyTooLarge e) {
                return failure(uri, current, status, chain, "body larger than " + settings.maxBodyBytes() + " bytes");
            } catch (IOException e) {
                return failure(uri, current, status, chain, "reading the body failed: " + describe(e));
            }
            return new FetchResult(uri, current, status, contentType, newEtag, newLastModified, body, chain, null, false);
        }
    }

    private static FetchResult failure(URI request, URI at, int status, List<URI> chain, String error) {
        return new FetchResult(request, at, status, null, null, null, new byte[0], chain, error, false);
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        if (m == null && e.getCause() != null) {
            m = e.getCause().getMessage();
        }
        return e.getClass().getSimpleName() + (m == null ? "" : " (" + m + ")");
    }

    private static final class BodyTooLarge extends IOException {
    }

    private static byte[] readLimited(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            total += n;
            if (total > max) {
                throw new BodyTooLarge();
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the connection is discarded either way
        }
    }
}
