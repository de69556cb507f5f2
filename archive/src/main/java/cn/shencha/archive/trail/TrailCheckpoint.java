package cn.shencha.archive.trail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A signed checkpoint of the audit trail (ADR 12): "row {@code seq} had hash {@code rowHash}", as a small text file
 * signed (CMS, detached) with the ledgers' signing key. A rewrite of the rows up to {@code seq}, even with every later
 * hash recomputed, changes the hash at {@code seq} and so no longer matches a checkpoint, which cannot be redone
 * without the signing key.
 */
public record TrailCheckpoint(long seq, String rowHash, String keyId, Instant at) {

    public static final String FORMAT = "shencha-trail-checkpoint/1";

    /** The bytes that are signed. */
    public byte[] bytes() {
        return (FORMAT + "\nseq: " + seq + "\nrow-hash: " + rowHash + "\nkey-id: " + (keyId == null ? "" : keyId)
                + "\ncheckpoint-at: " + at + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a checkpoint's text. */
    public static TrailCheckpoint parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.startsWith(FORMAT + "\n")) {
            throw new IllegalArgumentException("not a " + FORMAT + " checkpoint");
        }
        Map<String, String> m = new LinkedHashMap<>();
        text.lines().skip(1).forEach(l -> {
            int colon = l.indexOf(':');
            if (colon > 0) {
                m.put(l.substring(0, colon).strip(), l.substring(colon + 1).strip());
            }
        });
        String seq = m.get("seq");
        String hash = m.get("row-hash");
        String at = m.get("checkpoint-at");
        if (seq == null || hash == null || at == null || !hash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a checkpoint needs seq, row-hash and checkpoint-at");
        }
        String key = m.get("key-id");
        return new TrailCheckpoint(Long.parseLong(seq), hash, key == null || key.isEmpty() ? null : key, Instant.parse(at));
    }
}
