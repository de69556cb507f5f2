package cn.shencha.jobs.review;

import cn.shencha.archive.bag.AuditTrailHash;
import cn.shencha.archive.trail.TrailCheckpoint;
import cn.shencha.archive.trail.TrailKeys;
import cn.shencha.archive.trail.TrailRow;
import cn.shencha.archive.trail.TrailWalk;
import cn.shencha.jobs.config.TrustAnchorProvider;
import cn.shencha.writers.signing.DetachedSignature;
import cn.shencha.writers.signing.TrustAnchors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The append-only audit trail: every review decision and administrative action, each row's hash an HMAC-SHA256 with
 * the trail key (kept outside the database, {@link TrailKeyFile}) over its content and the previous row's hash, so
 * that editing a row breaks its own hash, deleting one breaks the numbering or the chain, and a writer with database
 * access cannot recompute the chain after a rewrite (ADR 9, ADR 12). Signed checkpoints of the head
 * ({@link TrailCheckpoints}) pin the chain besides. The head row ({@code audit_trail_head}) is locked by every append,
 * which serializes appends across processes and lets {@link #verify()} see a deleted last row.
 *
 * <p>A trail from before keying (plain SHA-256 rows) is re-chained once at start-up after its plain chain verified,
 * and the re-chaining is itself a row ({@code TRAIL_KEYED}); a plain chain that does not verify is left as found.
 */
@Component
public class AuditTrail implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    /** The previous hash of the first row. */
    public static final String GENESIS = AuditTrailHash.GENESIS;

    /** One row as stored; {@code keyId} null for a plain SHA-256 row from before keying. */
    public record Entry(long seq, Instant occurredAt, String actor, String action, String target, String details,
                        String prevHash, String rowHash, String keyId) {
        TrailRow row() {
            return new TrailRow(seq, occurredAt, actor, action, target, details, prevHash, rowHash, keyId);
        }
    }

    /** What verification found wrong at one row; an intact trail has none. */
    public record Problem(long seq, String what) {
    }

    /**
     * The outcome of {@link #verify()}.
     *
     * @param checkpoints signed checkpoints compared with their rows
     * @param keyedRows   rows verified with the trail key (HMAC); the others are plain SHA-256 rows from before keying
     */
    public record Verification(long rows, long headSeq, String headHash, List<Problem> problems, int checkpoints,
                               long keyedRows) {
        public boolean intact() {
            return problems.isEmpty();
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final TrailKeyFile keyFile;
    private final TrailCheckpoints checkpoints;
    private final TrustAnchorProvider anchors;

    public AuditTrail(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, TrailKeyFile keyFile,
                      TrailCheckpoints checkpoints, TrustAnchorProvider anchors) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactionManager);
        this.keyFile = keyFile;
        this.checkpoints = checkpoints;
        this.anchors = anchors;
    }

    /**
     * Appends a row, inside the caller's transaction when there is one (a decision and its trail row commit together),
     * else in a transaction of its own.
     */
    public Entry append(String actor, String action, String target, String details) {
        TrailKeys keys = keyFile.keys();
        return tx.execute(status -> {
            Map<String, Object> head = jdbc.queryForMap("SELECT seq, row_hash FROM audit_trail_head WHERE id = 1 FOR UPDATE");
            long seq = ((Number) head.get("seq")).longValue() + 1;
            String prev = (String) head.get("row_hash");
            Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            String safeDetails = details == null ? "" : details.length() > 4000 ? details.substring(0, 4000) : details;
            String keyId = keys.currentId();
            String hash = AuditTrailHash.hmac(keys.current(), keyId, seq, at, actor, action, target, safeDetails, prev);
            jdbc.update("INSERT INTO audit_trail (seq, occurred_at, actor, action, target, details, prev_hash, row_hash, key_id)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", seq, Timestamp.from(at), actor, action, target, safeDetails, prev, hash, keyId);
            jdbc.update("UPDATE audit_trail_head SET seq = ?, row_hash = ? WHERE id = 1", seq, hash);
            return new Entry(seq, at, actor, action, target, safeDetails, prev, hash, keyId);
        });
    }

    private static final String COLUMNS = "SELECT seq, occurred_at, actor, action, target, details, prev_hash, row_hash, key_id FROM audit_trail";

    private static Entry map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9));
    }

    /** Rows in order, from {@code fromSeq} (inclusive), at most {@code limit}. */
    public List<Entry> rows(long fromSeq, int limit) {
        return jdbc.query(COLUMNS + " WHERE seq >= ? ORDER BY seq LIMIT ?", (rs, i) -> map(rs), fromSeq, limit);
    }

    /** Rows that occurred in [from, to), in order. */
    public List<Entry> between(Instant from, Instant to) {
        return jdbc.query(COLUMNS + " WHERE occurred_at >= ? AND occurred_at < ? ORDER BY seq", (rs, i) -> map(rs),
                Timestamp.from(from), Timestamp.from(to));
    }

    /**
     * Walks the whole chain ({@link TrailWalk}, the walk {@code archive verify} uses too): every row's HMAC recomputed
     * with the trail key, every row's previous hash compared with the row before, numbers without gaps, the last row
     * against the head, and every signed checkpoint (database and files) checked — its signature by a trusted key,
     * its row's hash as it says. Streams the rows in pages, so a long trail needs little memory.
     */
    public Verification verify() {
        List<Problem> problems = new ArrayList<>();
        Map<String, Object> head = jdbc.queryForMap("SELECT seq, row_hash FROM audit_trail_head WHERE id = 1");
        long headSeq = ((Number) head.get("seq")).longValue();
        String headHash = (String) head.get("row_hash");
        TrailWalk walk = new TrailWalk(keyFile.existing(), true);
        TrustAnchors trusted = anchors.anchors();
        for (TrailCheckpoints.Stored s : checkpoints.all()) {
            TrailCheckpoint cp;
            try {
                cp = TrailCheckpoint.parse(s.content());
            } catch (RuntimeException e) {
                problems.add(new Problem(0, "the " + s.source() + " is not a readable checkpoint: " + e.getMessage()));
                continue;
            }
            DetachedSignature.Check c = DetachedSignature.verify(s.content(), s.signature(), trusted);
            if (!c.valid()) {
                problems.add(new Problem(cp.seq(), "the " + s.source() + " of row " + cp.seq() + " has a bad signature: " + c.problem()));
            } else if (!c.trust().trusted()) {
                problems.add(new Problem(cp.seq(), "the " + s.source() + " of row " + cp.seq() + " is signed by " + c.signer()
                        + ", not by a trusted key (a forged checkpoint, or the signing key was changed: add its certificate"
                        + " to shencha.signing.trust-anchors): " + c.trust().problem()));
            } else {
                walk.expect(cp, s.source());
            }
        }
        long from = 1;
        while (true) {
            List<Entry> page = rows(from, 1000);
            if (page.isEmpty()) {
                break;
            }
            page.forEach(e -> walk.row(e.row()));
            from = page.getLast().seq() + 1;
        }
        walk.head(headSeq, headHash);
        TrailWalk.Outcome o = walk.finish();
        o.problems().forEach(p -> problems.add(new Problem(p.seq(), p.what())));
        if (o.keyedRows() > 0 && o.contentUnverified() > 0) {
            problems.add(new Problem(0, "the trail key file " + keyFile.path() + " is missing: " + o.contentUnverified()
                    + " keyed rows cannot be verified"));
        }
        return new Verification(o.rows(), headSeq, headHash, List.copyOf(problems), o.checkpoints(), o.keyedRows());
    }

    /** Signs a checkpoint of the chain head now (the daily step of {@code serve}); null when the trail is empty. */
    public TrailCheckpoints.Stored checkpoint(String purpose) {
        Map<String, Object> head = jdbc.queryForMap("SELECT seq, row_hash FROM audit_trail_head WHERE id = 1");
        long seq = ((Number) head.get("seq")).longValue();
        if (seq == 0) {
            return null;
        }
        List<String> key = jdbc.queryForList("SELECT key_id FROM audit_trail WHERE seq = ?", String.class, seq);
        return checkpoints.create(seq, (String) head.get("row_hash"), key.isEmpty() ? null : key.getFirst(), purpose);
    }

    /** A checkpoint of one row of a package's segment. */
    public TrailCheckpoints.Stored checkpoint(Entry last, String purpose) {
        return checkpoints.create(last.seq(), last.rowHash(), last.keyId(), purpose);
    }

    @Override
    public void afterSingletonsInstantiated() {
        try {
            keyExistingChain();
        } catch (RuntimeException e) {
            log.error("Keying the audit trail failed: {}", e.getMessage(), e);
        }
    }

    /**
     * Once: a trail of plain SHA-256 rows (from before keying) with no keyed row and no checkpoint is verified, and —
     * when intact — re-chained with the trail key; either way a {@code TRAIL_KEYED} row records what was found and
     * done, and a checkpoint pins the result. Later, a plain row is a rewrite, which {@link #verify()} names.
     *
     * @return whether the trail was re-chained
     */
    public boolean keyExistingChain() {
        long plain = jdbc.queryForObject("SELECT COUNT(*) FROM audit_trail WHERE key_id IS NULL", Long.class);
        if (plain == 0 || jdbc.queryForObject("SELECT COUNT(*) FROM audit_trail WHERE key_id IS NOT NULL", Long.class) > 0
                || checkpoints.any()) {
            return false;
        }
        TrailKeys keys = keyFile.keys();
        Boolean rechained = tx.execute(status -> {
            Map<String, Object> head = jdbc.queryForMap("SELECT seq, row_hash FROM audit_trail_head WHERE id = 1 FOR UPDATE");
            if (jdbc.queryForObject("SELECT COUNT(*) FROM audit_trail WHERE key_id IS NOT NULL", Long.class) > 0) {
                return false; // another process keyed it meanwhile
            }
            long headSeq = ((Number) head.get("seq")).longValue();
            TrailWalk plainWalk = new TrailWalk(null, true);
            for (long from = 1; ; ) {
                List<Entry> page = rows(from, 1000);
                if (page.isEmpty()) {
                    break;
                }
                page.forEach(e -> plainWalk.row(e.row()));
                from = page.getLast().seq() + 1;
            }
            plainWalk.head(headSeq, (String) head.get("row_hash"));
            TrailWalk.Outcome found = plainWalk.finish();
            if (!found.intact()) {
                append("system", "TRAIL_KEYED", "audit-trail", "rows 1 to " + headSeq + ": their plain SHA-256 chain is NOT"
                        + " intact (" + found.problems().size() + " problem(s), first: " + found.problems().getFirst().what()
                        + "); left as found, not re-chained; rows from here on are HMAC-keyed with key " + keys.currentId());
                return false;
            }
            String prev = GENESIS;
            for (long from = 1; ; ) {
                List<Entry> page = rows(from, 1000);
                if (page.isEmpty()) {
                    break;
                }
                for (Entry e : page) {
                    String hash = AuditTrailHash.hmac(keys.current(), keys.currentId(), e.seq(), e.occurredAt(), e.actor(),
                            e.action(), e.target(), e.details(), prev);
                    jdbc.update("UPDATE audit_trail SET prev_hash = ?, row_hash = ?, key_id = ? WHERE seq = ?", prev, hash,
                            keys.currentId(), e.seq());
                    prev = hash;
                }
                from = page.getLast().seq() + 1;
            }
            jdbc.update("UPDATE audit_trail_head SET row_hash = ? WHERE id = 1", prev);
            append("system", "TRAIL_KEYED", "audit-trail", "rows 1 to " + headSeq + ": their plain SHA-256 chain was verified"
                    + " intact (head " + head.get("row_hash") + ") and re-chained with HMAC key " + keys.currentId()
                    + "; that they were not rewritten before this row rests on the plain chain alone");
            return true;
        });
        checkpoint("KEYED");
        log.info("Audit trail keyed: {} plain rows {}", plain, Boolean.TRUE.equals(rechained) ? "verified and re-chained"
                : "did not verify and were left as found");
        return Boolean.TRUE.equals(rechained);
    }
}
