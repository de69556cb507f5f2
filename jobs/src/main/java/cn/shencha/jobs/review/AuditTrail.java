package cn.shencha.jobs.review;

import cn.shencha.archive.bag.AuditTrailHash;
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
 * The append-only audit trail: every review decision and administrative action, each row hashed together with the
 * previous row's hash (SHA-256 over a canonical line), so that editing a row breaks its own hash and deleting one
 * breaks the numbering or the chain. The head row ({@code audit_trail_head}) is locked by every append, which
 * serializes appends across processes and lets {@link #verify()} see a deleted last row.
 */
@Component
public class AuditTrail {

    /** The previous hash of the first row. */
    public static final String GENESIS = AuditTrailHash.GENESIS;

    /** One row as stored. */
    public record Entry(long seq, Instant occurredAt, String actor, String action, String target, String details,
                        String prevHash, String rowHash) {
    }

    /** What verification found wrong at one row; an intact trail has none. */
    public record Problem(long seq, String what) {
    }

    /** The outcome of {@link #verify()}. */
    public record Verification(long rows, long headSeq, String headHash, List<Problem> problems) {
        public boolean intact() {
            return problems.isEmpty();
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public AuditTrail(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactionManager);
    }

    /**
     * Appends a row, inside the caller's transaction when there is one (a decision and its trail row commit together),
     * else in a transaction of its own.
     */
    public Entry append(String actor, String action, String target, String details) {
        return tx.execute(status -> {
            Map<String, Object> head = jdbc.queryForMap("SELECT seq, row_hash FROM audit_trail_head WHERE id = 1 FOR UPDATE");
            long seq = ((Number) head.get("seq")).longValue() + 1;
            String prev = (String) head.get("row_hash");
            Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            String safeDetails = details == null ? "" : details.length() > 4000 ? details.substring(0, 4000) : details;
            String hash = hash(seq, at, actor, action, target, safeDetails, prev);
            jdbc.update("INSERT INTO audit_trail (seq, occurred_at, actor, action, target, details, prev_hash, row_hash)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", seq, Timestamp.from(at), actor, action, target, safeDetails, prev, hash);
            jdbc.update("UPDATE audit_trail_head SET seq = ?, row_hash = ? WHERE id = 1", seq, hash);
            return new Entry(seq, at, actor, action, target, safeDetails, prev, hash);
        });
    }

    /** Rows in order, from {@code fromSeq} (inclusive), at most {@code limit}. */
    public List<Entry> rows(long fromSeq, int limit) {
        return jdbc.query("SELECT seq, occurred_at, actor, action, target, details, prev_hash, row_hash FROM audit_trail"
                + " WHERE seq >= ? ORDER BY seq LIMIT ?", (rs, i) -> new Entry(rs.getLong(1),
                rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8)), fromSeq, limit);
    }

    /** Rows that occurred in [from, to), in order. */
    public List<Entry> between(Instant from, Instant to) {
        return jdbc.query("SELECT seq, occurred_at, actor, action, target, details, prev_hash, row_hash FROM audit_trail"
                + " WHERE occurred_at >= ? AND occurred_at < ? ORDER BY seq", (rs, i) -> new Entry(rs.getLong(1),
                rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8)), Timestamp.from(from), Timestamp.from(to));
    }

    /**
     * Walks the whole chain: every row's hash recomputed, every row's previous hash compared with the row before,
     * numbers without gaps, and the last row against the head. Streams the rows in pages, so a long trail needs
     * little memory.
     */
    public Verification verify() {
        List<Problem> problems = new ArrayList<>();
        Map<String, Object> head = jdbc.queryForMap("SELECT seq, row_hash FROM audit_trail_head WHERE id = 1");
        long headSeq = ((Number) head.get("seq")).longValue();
        String headHash = (String) head.get("row_hash");
        long expectedSeq = 1;
        String prevHash = GENESIS;
        long rows = 0;
        long from = 1;
        while (true) {
            List<Entry> page = rows(from, 1000);
            if (page.isEmpty()) {
                break;
            }
            for (Entry e : page) {
                rows++;
                if (e.seq() != expectedSeq) {
                    problems.add(new Problem(expectedSeq, e.seq() == expectedSeq + 1
                            ? "row " + expectedSeq + " was deleted"
                            : "rows " + expectedSeq + " to " + (e.seq() - 1) + " were deleted"));
                } else if (!e.prevHash().equals(prevHash)) {
                    problems.add(new Problem(e.seq(), "row " + e.seq() + " does not continue the chain (its previous hash"
                            + " is not the hash of the row before it)"));
                }
                String recomputed = hash(e.seq(), e.occurredAt(), e.actor(), e.action(), e.target(), e.details(), e.prevHash());
                if (!recomputed.equals(e.rowHash())) {
                    problems.add(new Problem(e.seq(), "row " + e.seq() + " was edited (its content does not match its hash;"
                            + " " + e.action() + " " + e.target() + " by " + e.actor() + " at " + e.occurredAt() + ")"));
                }
                prevHash = e.rowHash();
                expectedSeq = e.seq() + 1;
            }
            from = page.get(page.size() - 1).seq() + 1;
        }
        long lastSeq = expectedSeq - 1;
        if (headSeq > lastSeq) {
            problems.add(new Problem(lastSeq + 1, headSeq == lastSeq + 1
                    ? "row " + headSeq + " (the last one) was deleted"
                    : "rows " + (lastSeq + 1) + " to " + headSeq + " (the last ones) were deleted"));
        } else if (headSeq == lastSeq && lastSeq > 0 && !headHash.equals(prevHash)) {
            problems.add(new Problem(lastSeq, "row " + lastSeq + " (the last one) does not match the chain head"));
        } else if (headSeq < lastSeq) {
            problems.add(new Problem(headSeq + 1, "rows after " + headSeq + " were added outside Shencha (the chain head"
                    + " ends at " + headSeq + ")"));
        }
        return new Verification(rows, headSeq, headHash, List.copyOf(problems));
    }

    /** The hash of a row: SHA-256 of its fields and the previous hash, one per line, as lowercase hex (see {@link AuditTrailHash}). */
    public static String hash(long seq, Instant at, String actor, String action, String target, String details, String prevHash) {
        return AuditTrailHash.hash(seq, at, actor, action, target, details, prevHash);
    }
}
