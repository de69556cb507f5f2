package cn.shencha.archive.bag;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * How a row of the audit trail is hashed (ADR 9, ADR 12): over its fields and the previous row's hash, one per line.
 * Keyed rows (every row since the trail was keyed) are HMAC-SHA256 with the trail key named by the row's key id,
 * which is kept outside the database, so that a writer with database access cannot recompute the chain after
 * rewriting a row; rows from before keying were plain SHA-256 ({@link #hash}). The trail (jobs) computes them when
 * appending and verifying; a package verifier recomputes them for the trail segment a package holds.
 */
public final class AuditTrailHash {

    /** The previous hash of the first row. */
    public static final String GENESIS = "0".repeat(64);

    private AuditTrailHash() {
    }

    /** The plain SHA-256 hash of a row from before the trail was keyed, lowercase hex. */
    public static String hash(long seq, Instant at, String actor, String action, String target, String details, String prevHash) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    canonical(seq, at, actor, action, target, details, prevHash).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The HMAC-SHA256 of a keyed row, lowercase hex: its fields, the previous hash and the key id, under the key. */
    public static String hmac(byte[] key, String keyId, long seq, Instant at, String actor, String action, String target,
                              String details, String prevHash) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            String canonical = canonical(seq, at, actor, action, target, details, prevHash) + "\n" + escape(keyId);
            return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String canonical(long seq, Instant at, String actor, String action, String target, String details, String prevHash) {
        return seq + "\n" + at.truncatedTo(ChronoUnit.MILLIS) + "\n" + escape(actor) + "\n" + escape(action)
                + "\n" + escape(target) + "\n" + escape(details) + "\n" + prevHash;
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
