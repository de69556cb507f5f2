package cn.shencha.jobs.review;

import cn.shencha.archive.trail.TrailCheckpoint;
import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.jobs.config.SigningKeyProvider;
import cn.shencha.writers.files.PrivateFiles;
import cn.shencha.writers.signing.DetachedSignature;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Signed checkpoints of the audit trail (ADR 12): the text "row N had hash H" signed (CMS, detached) with the ledgers'
 * signing key, stored in {@code audit_trail_checkpoint} and as two files under {@code DATA/trail/checkpoints/}, so
 * that deleting them from the database does not hide a rewrite. {@code serve} makes one daily, every archival package
 * one of its trail segment, the start-up keying one of the new chain.
 */
@Component
public class TrailCheckpoints {

    /** A checkpoint as found: its parsed text, the signed bytes, the signature, and where it was found. */
    public record Stored(byte[] content, byte[] signature, String source) {
    }

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private final JdbcTemplate jdbc;
    private final SigningKeyProvider keys;
    private final Path dir;

    public TrailCheckpoints(JdbcTemplate jdbc, SigningKeyProvider keys, ShenchaProperties properties) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.dir = properties.data().resolve("trail").resolve("checkpoints");
    }

    public Path directory() {
        return dir;
    }

    /** Signs and stores a checkpoint of row {@code seq}; returns it. */
    public Stored create(long seq, String rowHash, String keyId, String purpose) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TrailCheckpoint cp = new TrailCheckpoint(seq, rowHash, keyId, at);
        byte[] content = cp.bytes();
        byte[] signature;
        try {
            signature = DetachedSignature.sign(content, keys.key(), keys.tsaUrl(), at);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the audit-trail checkpoint: " + e.getMessage(), e);
        }
        String name = "checkpoint-" + seq + "-" + FILE_TIME.format(at);
        try {
            try (var out = PrivateFiles.newOutputStream(dir.resolve(name + ".txt"))) {
                out.write(content);
            }
            try (var out = PrivateFiles.newOutputStream(dir.resolve(name + ".p7s"))) {
                out.write(signature);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit-trail checkpoint under " + dir + ": " + e.getMessage(), e);
        }
        jdbc.update("INSERT INTO audit_trail_checkpoint (seq, row_hash, key_id, created_at, purpose, content, signature, file_name)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", seq, rowHash, keyId, Timestamp.from(at), purpose,
                new String(content, java.nio.charset.StandardCharsets.UTF_8), Base64.getEncoder().encodeToString(signature), name);
        return new Stored(content, signature, "checkpoint " + name);
    }

    /** Whether any checkpoint exists, in the database or as a file. */
    public boolean any() {
        if (jdbc.queryForObject("SELECT COUNT(*) FROM audit_trail_checkpoint", Long.class) > 0) {
            return true;
        }
        try (Stream<Path> s = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".p7s"));
        } catch (IOException e) {
            return true;
        }
    }

    /** Every checkpoint, from the database and the files, each once (a file and its row are the same checkpoint). */
    public List<Stored> all() {
        Map<String, Stored> byContent = new LinkedHashMap<>();
        jdbc.query("SELECT content, signature, file_name, purpose FROM audit_trail_checkpoint ORDER BY id", rs -> {
            byte[] content = rs.getString(1).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] sig;
            try {
                sig = Base64.getDecoder().decode(rs.getString(2));
            } catch (IllegalArgumentException e) {
                sig = new byte[0];
            }
            byContent.put(key(content, sig), new Stored(content, sig, rs.getString(4).toLowerCase(java.util.Locale.ROOT)
                    + " checkpoint " + rs.getString(3) + " (database)"));
        });
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList()) {
                    Path sig = p.resolveSibling(p.getFileName().toString().replaceFirst("\\.txt$", ".p7s"));
                    byte[] content = Files.readAllBytes(p);
                    byte[] signature = Files.isRegularFile(sig) ? Files.readAllBytes(sig) : new byte[0];
                    byContent.putIfAbsent(key(content, signature), new Stored(content, signature, "checkpoint file " + p.getFileName()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the checkpoints under " + dir + ": " + e.getMessage(), e);
            }
        }
        return new ArrayList<>(byContent.values());
    }

    private static String key(byte[] content, byte[] signature) {
        return Base64.getEncoder().encodeToString(content) + "/" + Base64.getEncoder().encodeToString(signature);
    }
}
