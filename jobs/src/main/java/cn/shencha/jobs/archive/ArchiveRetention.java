package cn.shencha.jobs.archive;

import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.jobs.review.AuditTrail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Retention of source data (shencha.archive.retention.*): WARC files and snapshot text older than their retention are
 * deleted only when a recorded package holds the same bytes (its manifest has the file with the same SHA-256) and that
 * package verifies now; each deletion is a row of the audit trail (RETENTION_DELETED).
 */
@Component
public class ArchiveRetention {

    /** What a run did (or, dry, would do). */
    public record Result(int warcFiles, int snapshotTexts, int kept, List<String> lines) {
    }

    private final JdbcTemplate jdbc;
    private final ShenchaProperties properties;
    private final ArchivePackages packages;
    private final AuditTrail trail;

    public ArchiveRetention(JdbcTemplate jdbc, ShenchaProperties properties, ArchivePackages packages, AuditTrail trail) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.packages = packages;
        this.trail = trail;
    }

    public Result run(boolean dryRun) throws IOException {
        Instant now = Instant.now();
        ArchiveProperties.Retention r = packages.settings().retention();
        Map<Long, Map<String, String>> manifests = new HashMap<>();
        Map<Long, Boolean> verified = new HashMap<>();
        List<ArchivePackages.Recorded> recorded = packages.list();
        List<String> lines = new ArrayList<>();
        int warcs = 0;
        int texts = 0;
        int kept = 0;

        Path warcRoot = properties.data().resolve("warc");
        for (Map<String, Object> w : jdbc.queryForList("SELECT name, site_id, committed_bytes FROM warc_file"
                + " WHERE deleted_at IS NULL AND updated_at < ? ORDER BY name", Timestamp.from(now.minus(r.warc())))) {
            String name = (String) w.get("name");
            Path file = cn.shencha.archive.warc.WarcCapture.resolve(warcRoot, name);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            String sha = cn.shencha.archive.bag.Fixity.sha256(file, ((Number) w.get("committed_bytes")).longValue());
            ArchivePackages.Recorded holder = holder(recorded, (String) w.get("site_id"), "data/warc/" + name, sha, manifests, verified);
            if (holder == null) {
                kept++;
                lines.add("KEEP    warc " + name + ": no verified package holds it");
                continue;
            }
            lines.add((dryRun ? "EXPIRED " : "DELETE  ") + "warc " + name + " (archived in " + holder.path() + ")");
            if (!dryRun) {
                Files.delete(file);
                jdbc.update("UPDATE warc_file SET deleted_at = ?, archived_in = ? WHERE name = ?", Timestamp.from(Instant.now()),
                        holder.path().toString(), name);
                trail.append("system", "RETENTION_DELETED", "warc:" + name, "older than " + r.warc() + "; archived in "
                        + holder.path() + " (payload SHA-256 " + sha + ", package verified)");
            }
            warcs++;
        }

        for (Map<String, Object> s : jdbc.queryForList("SELECT s.id, s.text, p.site_id FROM snapshot s JOIN page p ON p.id = s.page_id"
                + " WHERE s.text_deleted_at IS NULL AND s.warc_file IS NOT NULL AND s.fetched_at < ? ORDER BY s.id",
                Timestamp.from(now.minus(r.snapshotText())))) {
            String id = (String) s.get("id");
            Object text = s.get("text");
            String t = text instanceof java.sql.Clob c ? clob(c) : (String) text;
            String sha = HexFormat.of().formatHex(digest().digest(t.getBytes(StandardCharsets.UTF_8)));
            ArchivePackages.Recorded holder = holder(recorded, (String) s.get("site_id"), "data/text/" + id + ".txt", sha,
                    manifests, verified);
            if (holder == null) {
                kept++;
                lines.add("KEEP    text of snapshot " + id + ": no verified package holds it");
                continue;
            }
            lines.add((dryRun ? "EXPIRED " : "DELETE  ") + "text of snapshot " + id + " (archived in " + holder.path() + ")");
            if (!dryRun) {
                jdbc.update("UPDATE snapshot SET text = '', text_deleted_at = ? WHERE id = ?", Timestamp.from(Instant.now()), id);
                trail.append("system", "RETENTION_DELETED", "snapshot-text:" + id, "older than " + r.snapshotText()
                        + "; archived in " + holder.path() + " (text SHA-256 " + sha + ", package verified)");
            }
            texts++;
        }
        return new Result(warcs, texts, kept, lines);
    }

    /** A recorded package of the site whose manifest lists the file with this SHA-256 and that verifies now. */
    private ArchivePackages.Recorded holder(List<ArchivePackages.Recorded> recorded, String siteId, String bagPath, String sha,
                                            Map<Long, Map<String, String>> manifests, Map<Long, Boolean> verified) throws IOException {
        for (ArchivePackages.Recorded p : recorded) {
            if (!p.siteId().equals(siteId)) {
                continue;
            }
            Map<String, String> m = manifests.computeIfAbsent(p.id(), id -> manifest(p.path()));
            if (!sha.equals(m.get(bagPath))) {
                continue;
            }
            Boolean ok = verified.get(p.id());
            if (ok == null) {
                ok = Files.isDirectory(p.path()) && packages.verify(p.path()).passed();
                verified.put(p.id(), ok);
            }
            if (ok) {
                return p;
            }
        }
        return null;
    }

    private static Map<String, String> manifest(Path bag) {
        Map<String, String> m = new HashMap<>();
        try {
            for (String line : Files.readAllLines(bag.resolve("manifest-sha256.txt"), StandardCharsets.UTF_8)) {
                String[] parts = line.split(" +", 2);
                if (parts.length == 2) {
                    m.put(parts[1], parts[0]);
                }
            }
        } catch (IOException e) {
            // a missing or unreadable package holds nothing
        }
        return m;
    }


    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String clob(java.sql.Clob c) {
        try {
            return c.getSubString(1, (int) c.length());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
