package cn.shencha.readers.crawl;

import java.net.InetAddress;
import java.net.URI;
import java.time.Instant;

/**
 * One HTTP request and its response exactly as they crossed the wire: what WARC capture records. The crawler speaks
 * HTTP/1.1 itself (see {@link PageFetcher}), so these are the bytes sent and received, not a reconstruction.
 *
 * @param uri          the URL requested
 * @param address      the address connected to (checked against the crawl scope before connecting)
 * @param date         when the request was sent
 * @param userAgent    the User-Agent the request carried
 * @param request      the request's bytes (request line and headers; GET has no body)
 * @param responseHead the status line and headers as received, up to and including the blank line; null when no
 *                     response arrived
 * @param responseBody the body as received, transfer coding included (e.g. chunked); possibly cut short, see
 *                     {@code truncated}
 * @param truncated    why the body is incomplete: {@code length} (over the size limit), {@code time} (over the
 *                     request time limit) or {@code disconnect}; null when complete
 * @param payloadSha1  SHA-1 of the body after transfer decoding (what WARC-Payload-Digest names); null without a
 *                     response
 */
public record HttpExchange(URI uri, InetAddress address, Instant date, String userAgent, byte[] request,
                           byte[] responseHead, byte[] responseBody, String truncated, byte[] payloadSha1) {

    /** Whether a response (at least its status line and headers) arrived. */
    public boolean hasResponse() {
        return responseHead != null;
    }
}
