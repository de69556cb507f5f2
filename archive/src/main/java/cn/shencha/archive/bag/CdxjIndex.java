package cn.shencha.archive.bag;

import org.netpreserve.jwarc.URIs;
import tools.jackson.databind.json.JsonMapper;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** The index lines of one scanned WARC file, named in the index as {@code filename} (relative to the index). */
    static List<String> lines(List<WarcScan.Entry> entries, String filename) {
        List<String> lines = new ArrayList<>();
        for (WarcScan.Entry e : entries) {
            if (!e.capture()) {
                continue;
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("url", e.target());
            json.put("mime", e.mime());
            if (e.status() != null) {
                json.put("status", e.status().toString());
            }
            if (e.payloadDigest() != null) {
                json.put("digest", e.payloadDigest());
            }
            json.put("length", Long.toString(e.length()));
            json.put("offset", Long.toString(e.offset()));
            json.put("filename", filename);
            lines.add(URIs.toNormalizedSurt(e.target()) + " " + TIMESTAMP.format(e.date()) + " " + JSON.writeValueAsString(json));
        }
        return lines;
    }
}
