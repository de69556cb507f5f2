package cn.shencha.archive.bag;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * How a row of the hash-chained audit trail is hashed (ADR 9): SHA-256 over its fields and the previous row's hash,
 * one per line, as lowercase hex. The trail (jobs) computes it when appending and verifying; a package verifier
 * recomputes it for the trail segment a package holds, without a database.
 */
public final class AuditTrailHash {

    /** The previous hash of the first row. */
    public static final String GENESIS = "0".repeat(64);

    private AuditTrailHash() {
    }

    public static String hash(long seq, Instant at, String actor, String action, String target, String details, String prevHash) {
        String canonical = seq + "\n" + at.truncatedTo(ChronoUnit.MILLIS) + "\n" + escape(actor) + "\n" + escape(action)
                + "\n" + escape(target) + "\n" + escape(details) + "\n" + prevHash;
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
