package cn.shencha.readers.crawl;

import java.net.URI;
import java.util.List;

/**
 * The outcome of fetching one URL.
 *
 * @param finalUri     where the content came from after in-scope redirects
 * @param status       the final HTTP status, or 0 when no response arrived
 * @param body         the response body (empty for 304 and errors); at most the fetcher's byte limit
 * @param redirects    the redirect chain followed, in order, excluding the first URL
 * @param error        why nothing usable arrived (timeout, refused, redirect loop, out of scope, too large), or null
 * @param notModified  the server answered 304 to a conditional request
 * @param exchanges    the request and response bytes of every hop that got a response, in order (the last is the
 *                     final response)
 */
public record FetchResult(URI requestUri, URI finalUri, int status, String contentType, String etag, String lastModified,
                          byte[] body, List<URI> redirects, String error, boolean notModified, List<HttpExchange> exchanges) {

    public FetchResult {
        exchanges = exchanges == null ? List.of() : List.copyOf(exchanges);
    }

    /** The final response's exchange (what a snapshot was made from), or null when no response arrived. */
    public HttpExchange finalExchange() {
        return exchanges.isEmpty() ? null : exchanges.get(exchanges.size() - 1);
    }

    public boolean ok() {
        return error == null && status >= 200 && status < 300;
    }

    public boolean broken() {
        return !notModified && (error != null || status >= 400);
    }
}
