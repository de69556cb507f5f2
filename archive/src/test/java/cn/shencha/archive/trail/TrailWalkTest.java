package cn.shencha.archive.trail;

import cn.shencha.archive.bag.AuditTrailHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared trail walk: a keyed chain verifies; a row rewritten with every later hash recomputed without the key is
 * named first and the rest summed up; without the key only linkage and checkpoints are checked; the key file is
 * created 0600 and a rotated key keeps verifying the rows made with the old one.
 */
class TrailWalkTest {

    @TempDir
    Path dir;

    private static List<TrailRow> chain(TrailKeys keys, int n) {
        List<TrailRow> rows = new ArrayList<>();
        String prev = AuditTrailHash.GENESIS;
        for (int seq = 1; seq <= n; seq++) {
            Instant at = Instant.parse("2026-12-01T00:00:00Z").plusSeconds(seq);
            String hash = AuditTrailHash.hmac(keys.current(), keys.currentId(), seq, at, "u" + seq, "DECISION", "task:" + seq, "同意", prev);
            rows.add(new TrailRow(seq, at, "u" + seq, "DECISION", "task:" + seq, "同意", prev, hash, keys.currentId()));
            prev = hash;
        }
        return rows;
    }

    private static TrailWalk.Outcome walk(TrailKeys keys, List<TrailRow> rows, TrailCheckpoint cp) {
        TrailWalk w = new TrailWalk(keys, true);
        if (cp != null) {
            w.expect(cp, "test");
        }
        rows.forEach(w::row);
        w.head(rows.getLast().seq(), rows.getLast().rowHash());
        return w.finish();
    }

    @Test
    void aRewriteWithEveryLaterHashRecomputedNamesTheFirstRewrittenRow() throws Exception {
        Path file = dir.resolve("keys/trail-hmac.keys");
        TrailKeys keys = TrailKeys.loadOrCreate(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        List<TrailRow> rows = chain(keys, 10);
        TrailCheckpoint cp = new TrailCheckpoint(10, rows.getLast().rowHash(), keys.currentId(), Instant.now());
        assertThat(walk(keys, rows, cp).problems()).isEmpty();

        // Row 4 rewritten, rows 4..10 and the head recomputed with plain SHA-256 (no key at hand to the writer).
        List<TrailRow> forged = new ArrayList<>(rows.subList(0, 3));
        String prev = rows.get(2).rowHash();
        for (TrailRow r : rows.subList(3, 10)) {
            String details = r.seq() == 4 ? "撤下" : r.details();
            String hash = AuditTrailHash.hash(r.seq(), r.occurredAt(), r.actor(), r.action(), r.target(), details, prev);
            forged.add(new TrailRow(r.seq(), r.occurredAt(), r.actor(), r.action(), r.target(), details, prev, hash, r.keyId()));
            prev = hash;
        }
        TrailWalk.Outcome o = walk(keys, forged, cp);
        assertThat(o.problems().getFirst().what()).startsWith("row 4 was edited");
        assertThat(o.problems()).extracting(TrailWalk.Problem::what).containsExactlyInAnyOrder(
                "row 4 was edited (its content does not match its HMAC; DECISION task:4 by u4 at 2026-12-01T00:00:04Z)",
                "rows 5 to 10 do not match their hashes either: rehashed without the trail key after row 4 was rewritten",
                "row 10 does not match the signed checkpoint of " + cp.at() + " (test): the rows up to 10 were rewritten since"
                        + " (the checkpoint says " + cp.rowHash().substring(0, 16) + "…, the row has " + forged.getLast().rowHash().substring(0, 16) + "…)");
        // Without the key: linkage holds, only the checkpoint shows the rewrite.
        assertThat(walk(null, forged, cp).problems()).hasSize(1).first().extracting(TrailWalk.Problem::what).asString()
                .contains("does not match the signed checkpoint");
        assertThat(walk(null, rows, cp).contentUnverified()).isEqualTo(10);
    }

    @Test
    void aRotatedKeyKeepsVerifyingOldRows() throws Exception {
        Path file = dir.resolve("trail.keys");
        TrailKeys first = TrailKeys.loadOrCreate(file);
        List<TrailRow> rows = chain(first, 3);
        Files.writeString(file, Files.readString(file) + "t20261205-00000001 " + java.util.Base64.getEncoder().encodeToString(new byte[32]).replace("A", "B") + "\n");
        TrailKeys rotated = TrailKeys.load(file);
        assertThat(rotated.currentId()).isEqualTo("t20261205-00000001");
        TrailRow last = rows.getLast();
        String hash = AuditTrailHash.hmac(rotated.current(), rotated.currentId(), 4, last.occurredAt().plusSeconds(1), "u4", "DECISION",
                "task:4", "同意", last.rowHash());
        rows.add(new TrailRow(4, last.occurredAt().plusSeconds(1), "u4", "DECISION", "task:4", "同意", last.rowHash(), hash, rotated.currentId()));
        assertThat(walk(rotated, rows, null).problems()).isEmpty();
        assertThat(walk(rotated, rows, null).keyedRows()).isEqualTo(4);
    }
}
