package cn.shencha.archive.warc;

import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcTruncationReason;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads an archived response back from a WARC file, by the location stored when it was captured. */
public final class WarcReplay {

    /** Bodies larger than this are not loaded for replay. */
    static final long MAX_BLOCK_BYTES = 256L * 1024 * 1024;

    /**
     * @param head    the status line and headers as received
     * @param headers the headers in order, name and value
     * @param body    the body after transfer and content decoding (the raw body when it cannot be decoded)
     * @param rawBody the body as received
     */
    public record ArchivedResponse(URI target, Instant date, String recordId, String payloadDigest, String truncated,
                                   int status, String reason, byte[] head, List<Map.Entry<String, String>> headers,
                                   byte[] body, byte[] rawBody) {
    }

    private WarcReplay() {
    }

    public static ArchivedResponse read(Path root, WarcLocation location) throws IOException {
        Path file = WarcCapture.resolve(root, location.file());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (location.offset() < 0 || location.offset() >= channel.size()) {
                throw new IOException("no record at offset " + location.offset() + " of " + location.file()
                        + " (the file has " + channel.size() + " bytes)");
            }
            channel.position(location.offset());
            WarcReader reader = new WarcReader(channel);
            WarcRecord record = reader.next().orElseThrow(() -> new IOException("no record at offset "
                    + location.offset() + " of " + location.file()));
            if (!(record instanceof WarcResponse response)) {
                throw new IOException("the record at offset " + location.offset() + " of " + location.file()
                        + " is a " + record.type() + " record, not a response");
            }
            byte[] block;
            try (InputStream in = response.body().stream()) {
                block = in.readNBytes((int) Math.min(MAX_BLOCK_BYTES, Integer.MAX_VALUE - 16));
            }
            int headEnd = headEnd(block);
            byte[] head = java.util.Arrays.copyOf(block, headEnd);
            byte[] raw = java.util.Arrays.copyOfRange(block, headEnd, block.length);
            HttpResponse http = HttpResponse.parse(Channels.newChannel(new ByteArrayInputStream(block)));
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            http.headers().map().forEach((name, values) -> values.forEach(v -> headers.add(Map.entry(name, v))));
            byte[] body;
            try (InputStream in = http.bodyDecoded().stream()) {
                body = in.readAllBytes();
            } catch (IOException | RuntimeException e) {
                body = raw;
            }
            return new ArchivedResponse(response.targetURI(), response.date(), response.id().toString(),
                    response.payloadDigest().map(Object::toString).orElse(null),
                    response.truncated() == null || response.truncated() == WarcTruncationReason.NOT_TRUNCATED ? null
                            : response.truncated().name().toLowerCase(java.util.Locale.ROOT),
                    http.status(), http.reason(), head, headers, body, raw);
        }
    }

    /** Where the body starts: after the first blank line (CRLF CRLF, or LF LF from a sloppy server). */
    private static int headEnd(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                if (i + 1 < b.length && b[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < b.length && b[i + 1] == '\r' && b[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return b.length;
    }
}
