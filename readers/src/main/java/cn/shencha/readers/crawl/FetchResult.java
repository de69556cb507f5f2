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
 */
public record FetchResult(URI requestUri, URI finalUri, int status, String contentType, String etag, String lastModified,
                          byte[] body, List<URI> redirects, String error, boolean notModified) {

    public boolean ok() {
        return error == null && status >= 200 && status < 300;
    }

    public boolean broken() {
        return !notModified && (error != null || status >= 400);
    }
}
