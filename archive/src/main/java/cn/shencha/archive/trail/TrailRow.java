package cn.shencha.archive.trail;

/**
 * One audit-trail row as stored (database) or packaged (JSON Lines).
 *
 * @param keyId the trail key its HMAC was made with, or null for a row hashed with plain SHA-256 before keying
 */
public record TrailRow(long seq, java.time.Instant occurredAt, String actor, String action, String target, String details,
                       String prevHash, String rowHash, String keyId) {

    public boolean keyed() {
        return keyId != null && !keyId.isBlank();
    }
}
