package cn.shencha.archive.warc;

import java.net.InetAddress;
import java.net.URI;
import java.time.Instant;

/**
 * One HTTP exchange as it crossed the wire, to be recorded as a WARC request record and a response record.
 *
 * @param target       the URL requested (WARC-Target-URI)
 * @param address      the address connected to (WARC-IP-Address), or null
 * @param date         when the request was sent (WARC-Date)
 * @param request      the request bytes as sent
 * @param responseHead the response's status line and headers as received, through the blank line
 * @param responseBody the response body as received (transfer coding included), possibly truncated
 * @param truncated    {@code length}, {@code time} or {@code disconnect} when the body is incomplete, else null
 * @param payloadSha1  SHA-1 of the transfer-decoded body (WARC-Payload-Digest), or null to leave it out
 */
public record CapturedExchange(URI target, InetAddress address, Instant date, byte[] request, byte[] responseHead,
                               byte[] responseBody, String truncated, byte[] payloadSha1) {
}
