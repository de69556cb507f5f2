package cn.shencha.archive.trail;

import cn.shencha.archive.bag.AuditTrailHash;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one walk over an audit-trail chain (ADR 9, ADR 12), shared by {@code shencha verify-trail}, the console's trail
 * page and {@code archive verify}: rows in order, numbers without gaps, each row's previous hash against the row
 * before, each row's hash recomputed — HMAC-SHA256 with its trail key when the keys are at hand, plain SHA-256 for
 * rows from before keying — and each signed checkpoint against the row it names. Rows stream through it one at a
 * time, so a long trail needs little memory.
 *
 * <p>A writer with database access who rewrites a row and recomputes every later hash without the key leaves the
 * rewritten row (the first one) and every later row failing its HMAC; the walk names the first and sums up the rest.
 * Without the keys (a package checked elsewhere) it verifies the linkage and the checkpoints only, and says so.
 */
public final class TrailWalk {

    /** A problem at one row. */
    public record Problem(long seq, String what) {
    }

    /**
     * What the walk found.
     *
     * @param contentUnverified keyed rows whose content could not be recomputed (no key at hand)
     * @param checkpoints       checkpoints compared with their row
     */
    public record Outcome(long rows, long firstSeq, long lastSeq, String lastHash, long keyedRows, long legacyRows,
                          long contentUnverified, int checkpoints, List<Problem> problems) {
        public boolean intact() {
            return problems.isEmpty();
        }
    }

    private record Expected(TrailCheckpoint checkpoint, String label) {
    }

    private final TrailKeys keys;
    private final boolean fromGenesis;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<Long, List<Expected>> checkpoints = new HashMap<>();
    private int checkpointCount;
    private Long expectedSeq;
    private String prevHash;
    private long rows;
    private long firstSeq = -1;
    private long keyed;
    private long legacy;
    private long unverified;
    private Long firstKeyedSeq;
    // A run of consecutive rows whose content does not match: the first is named, the rest summed up.
    private long runFirst = -1;
    private long runFrom = -1;
    private long runTo = -1;

    /**
     * @param keys        the trail keys, or null when they are not at hand (keyed rows: linkage and checkpoints only)
     * @param fromGenesis the rows start at row 1 (the whole trail); false for a segment (a package's period)
     */
    public TrailWalk(TrailKeys keys, boolean fromGenesis) {
        this.keys = keys;
        this.fromGenesis = fromGenesis;
        if (fromGenesis) {
            expectedSeq = 1L;
            prevHash = AuditTrailHash.GENESIS;
        }
    }

    /** A signed (and already verified) checkpoint the row it names must match; call before the rows. */
    public void expect(TrailCheckpoint checkpoint, String label) {
        checkpoints.computeIfAbsent(checkpoint.seq(), k -> new ArrayList<>()).add(new Expected(checkpoint, label));
        checkpointCount++;
    }

    /** The next row. */
    public void row(TrailRow e) {
        rows++;
        if (firstSeq < 0) {
            firstSeq = e.seq();
        }
        if (expectedSeq != null && e.seq() != expectedSeq) {
            problems.add(new Problem(expectedSeq, e.seq() == expectedSeq + 1
                    ? "row " + expectedSeq + " was deleted"
                    : e.seq() > expectedSeq ? "rows " + expectedSeq + " to " + (e.seq() - 1) + " were deleted"
                    : "row " + e.seq() + " is out of order (expected row " + expectedSeq + ")"));
        } else if (prevHash != null && !prevHash.equals(e.prevHash())) {
            problems.add(new Problem(e.seq(), "row " + e.seq() + " does not continue the chain (its previous hash"
                    + " is not the hash of the row before it)"));
        }
        String wrong = content(e);
        if (wrong == null) {
            flushRun();
        } else if (runFirst < 0) {
            runFirst = e.seq();
            problems.add(new Problem(e.seq(), "row " + e.seq() + " was edited (" + wrong + "; " + e.action() + " "
                    + e.target() + " by " + e.actor() + " at " + e.occurredAt() + ")"));
        } else {
            if (runFrom < 0) {
                runFrom = e.seq();
            }
            runTo = e.seq();
        }
        List<Expected> cps = checkpoints.remove(e.seq());
        if (cps != null) {
            for (Expected x : cps) {
                if (!x.checkpoint().rowHash().equals(e.rowHash())) {
                    problems.add(new Problem(e.seq(), "row " + e.seq() + " does not match the signed checkpoint of "
                            + x.checkpoint().at() + " (" + x.label() + "): the rows up to " + e.seq()
                            + " were rewritten since (the checkpoint says " + x.checkpoint().rowHash().substring(0, 16)
                            + "…, the row has " + abbreviate(e.rowHash()) + ")"));
                }
            }
        }
        prevHash = e.rowHash();
        expectedSeq = e.seq() + 1;
    }

    /** For the whole trail: the chain head after the last row. */
    public void head(long headSeq, String headHash) {
        flushRun();
        long lastSeq = expectedSeq == null ? 0 : expectedSeq - 1;
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
    }

    public Outcome finish() {
        flushRun();
        long lastSeq = expectedSeq == null ? 0 : expectedSeq - 1;
        for (List<Expected> left : checkpoints.values()) {
            for (Expected x : left) {
                if (fromGenesis || x.checkpoint().seq() > lastSeq) {
                    problems.add(new Problem(x.checkpoint().seq(), "the signed checkpoint of " + x.checkpoint().at() + " ("
                            + x.label() + ") names row " + x.checkpoint().seq() + ", which is not in the trail (the last row is "
                            + lastSeq + "): rows were deleted"));
                } else {
                    problems.add(new Problem(x.checkpoint().seq(), "the signed checkpoint of " + x.checkpoint().at() + " ("
                            + x.label() + ") names row " + x.checkpoint().seq() + ", which is not in this segment"));
                }
            }
        }
        checkpoints.clear();
        return new Outcome(rows, firstSeq < 0 ? 0 : firstSeq, lastSeq, prevHash, keyed, legacy, unverified, checkpointCount,
                List.copyOf(problems));
    }

    /** Why the row's content does not match its hash, or null when it does (or cannot be checked without the key). */
    private String content(TrailRow e) {
        if (!e.keyed()) {
            legacy++;
            if (firstKeyedSeq != null) {
                return "it carries a plain SHA-256 hash, but the trail is keyed (HMAC) since row " + firstKeyedSeq
                        + ": rewritten without the trail key";
            }
            String recomputed;
            try {
                recomputed = AuditTrailHash.hash(e.seq(), e.occurredAt(), e.actor(), e.action(), e.target(), e.details(), e.prevHash());
            } catch (RuntimeException ex) {
                recomputed = "unparseable";
            }
            return recomputed.equals(e.rowHash()) ? null : "its content does not match its hash";
        }
        keyed++;
        if (firstKeyedSeq == null) {
            firstKeyedSeq = e.seq();
        }
        if (keys == null) {
            unverified++;
            return null;
        }
        byte[] key = keys.key(e.keyId());
        if (key == null) {
            return "it names trail key " + e.keyId() + ", which the key file " + keys.file() + " does not hold";
        }
        String recomputed;
        try {
            recomputed = AuditTrailHash.hmac(key, e.keyId(), e.seq(), e.occurredAt(), e.actor(), e.action(), e.target(),
                    e.details(), e.prevHash());
        } catch (RuntimeException ex) {
            recomputed = "unparseable";
        }
        return recomputed.equals(e.rowHash()) ? null : "its content does not match its HMAC";
    }

    private void flushRun() {
        if (runFrom >= 0) {
            problems.add(new Problem(runFrom, (runFrom == runTo ? "row " + runFrom + " does" : "rows " + runFrom + " to " + runTo + " do")
                    + " not match their hashes either: rehashed without the trail key after row " + runFirst + " was rewritten"));
        }
        runFirst = -1;
        runFrom = -1;
        runTo = -1;
    }

    private static String abbreviate(String hash) {
        return hash == null ? "none" : hash.length() > 16 ? hash.substring(0, 16) + "…" : hash;
    }
}
