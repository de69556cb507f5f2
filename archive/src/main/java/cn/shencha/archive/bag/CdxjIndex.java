package cn.shencha.archive.bag;

import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.URIs;
import org.netpreserve.jwarc.WarcCaptureRecord;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pywb-style CDXJ index of WARC files: one line per response, resource or revisit record,
 * {@code surt timestamp {"url","mime","status","digest","length","offset","filename"}}, sorted as text, so a standard
 * replay tool (pywb, OutbackCDX) reads the package's WARC files.
 */
final class CdxjIndex {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CdxjIndex() {
    }

    /** The index lines of one WARC file, named in the index as {@code filename} (relative to the index). */
    static List<String> lines(Path warc, String filename) throws IOException {
        List<String> lines = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(warc, StandardOpenOption.READ); WarcReader reader = new WarcReader(channel)) {
            Optional<WarcRecord> next = reader.next();
            while (next.isPresent()) {
                WarcRecord record = next.get();
                long offset = reader.position();
                Capture c = record instanceof WarcCaptureRecord capture && !(record instanceof org.netpreserve.jwarc.WarcRequest)
                        ? describe(capture) : null;
                next = reader.next();
                long end = next.isPresent() ? reader.position() : channel.size();
                if (c != null) {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("url", c.url);
                    json.put("mime", c.mime);
                    if (c.status != null) {
                        json.put("status", c.status.toString());
                    }
                    if (c.digest != null) {
                        json.put("digest", c.digest);
                    }
                    json.put("length", Long.toString(end - offset));
                    json.put("offset", Long.toString(offset));
                    json.put("filename", filename);
                    lines.add(URIs.toNormalizedSurt(c.url) + " " + c.timestamp + " " + JSON.writeValueAsString(json));
                }
            }
        }
        return lines;
    }

    private record Capture(String url, String timestamp, String mime, Integer status, String digest) {
    }

    private static Capture describe(WarcCaptureRecord record) throws IOException {
        String url = record.target();
        String timestamp = TIMESTAMP.format(record.date());
        String digest = record.payloadDigest().map(d -> d.algorithm() + ":" + d.base32()).orElse(null);
        if (record instanceof WarcRevisit) {
            return new Capture(url, timestamp, "warc/revisit", null, digest);
        }
        String mime = "unk";
        Integer status = null;
        if (record instanceof WarcResponse response) {
            try {
                var http = response.http();
                status = http.status();
                MediaType type = http.contentType();
                mime = type == null ? "unk" : type.base().toString();
            } catch (IOException | RuntimeException e) {
                mime = "unk";
            }
        } else {
            mime = record.contentType().base().toString();
        }
        return new Capture(url, timestamp, mime, status, digest);
    }
}
