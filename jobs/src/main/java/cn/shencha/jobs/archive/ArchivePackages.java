package cn.shencha.jobs.archive;

import cn.shencha.archive.bag.PackageVerifier;
import cn.shencha.archive.bag.PackageWriter;
import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.jobs.config.SigningKeyProvider;
import cn.shencha.jobs.config.TrustAnchorProvider;
import cn.shencha.jobs.review.AuditTrail;
import cn.shencha.jobs.review.TrailCheckpoints;
import cn.shencha.jobs.review.TrailKeyFile;
import cn.shencha.jobs.review.LedgerFiles;
import cn.shencha.jobs.review.Units;
import cn.shencha.writers.report.ReportWeek;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Archival packages from the system of record: gathers a site's records of a period (snapshots with their WARC files,
 * findings, review tasks and decisions, the audit-trail segment, the duty reading log, the period's ledgers — written
 * with the ledger code when none are on disk — and weekly reports), has {@link PackageWriter} bag them, verifies the
 * bag and records it in {@code archive_package} and the audit trail.
 */
@Component
@EnableConfigurationProperties(ArchiveProperties.class)
public class ArchivePackages {

    private static final Logger log = LoggerFactory.getLogger(ArchivePackages.class);

    /** A package as recorded. */
    public record Recorded(long id, String siteId, String siteName, LocalDate from, LocalDate to, Path path,
                           String manifestSha256, long bytes, int files, String counts, Instant createdAt,
                           Instant verifiedAt, String verifyState, String verifyDetail) {
    }

    /** One site's package: where it is, what it holds, and how its verification went. */
    public record Outcome(String siteId, PackageWriter.Written written, PackageVerifier.Report report) {
    }

    private final JdbcTemplate jdbc;
    private final ShenchaProperties properties;
    private final ArchiveProperties archive;
    private final SigningKeyProvider keys;
    private final AuditTrail trail;
    private final LedgerFiles ledgers;
    private final Units units;
    private final TrustAnchorProvider anchors;
    private final TrailKeyFile trailKeys;

    public ArchivePackages(JdbcTemplate jdbc, ShenchaProperties properties, ArchiveProperties archive,
                           SigningKeyProvider keys, AuditTrail trail, LedgerFiles ledgers, Units units,
                           TrustAnchorProvider anchors, TrailKeyFile trailKeys) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.archive = archive;
        this.keys = keys;
        this.trail = trail;
        this.ledgers = ledgers;
        this.units = units;
        this.anchors = anchors;
        this.trailKeys = trailKeys;
    }

    /** Where packages go unless told otherwise. */
    public Path directory() {
        return archive.directory() == null ? properties.data().resolve("archives") : archive.directory();
    }

    public ArchiveProperties settings() {
        return archive;
    }

    private ZoneId zone() {
        return ZoneId.of(properties.report().zone());
    }

    /** The sites, id to name, in id order; one site when {@code site} names one (by id, name or URL). */
    public Map<String, String> sites(String site) {
        Map<String, String> all = new LinkedHashMap<>();
        jdbc.query("SELECT id, name, base_url FROM shencha_site ORDER BY id", rs -> {
            String id = rs.getString(1);
            if (site == null || site.equals(id) || site.equals(rs.getString(2)) || site.equals(rs.getString(3))) {
                all.put(id, rs.getString(2));
            }
        });
        if (site != null && all.isEmpty()) {
            throw new IllegalArgumentException("no site '" + site + "' (give its id, name or URL; see shencha status)");
        }
        return all;
    }

    /**
     * Packages one site's period into {@code outDir} (one bag per site), verifies each and records it.
     *
     * @param hook called after each payload file (tests slow packaging with it)
     */
    public List<Outcome> pack(LocalDate from, LocalDate to, String site, Path outDir, PackageWriter.Hook hook)
            throws IOException, GeneralSecurityException {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("the period ends (" + to + ") before it starts (" + from + ")");
        }
        List<Outcome> outcomes = new ArrayList<>();
        List<PackageWriter.Document> documents = documents(from, to);
        for (Map.Entry<String, String> s : sites(site).entrySet()) {
            // Records as of now (for a period that has not ended): what is added later is not in this package, and
            // the database's counts are compared as of the same instant.
            Instant asOf = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            PackageWriter.Contents c = contents(s.getKey(), from, to, asOf, true, documents);
            // The trail segment's last row, pinned by a signed checkpoint that goes into the package (ADR 12).
            List<Map<String, Object>> segment = c.records().get("audit-trail");
            PackageWriter.Checkpoint checkpoint = null;
            if (!segment.isEmpty()) {
                Map<String, Object> last = segment.getLast();
                TrailCheckpoints.Stored cp = trail.checkpoint(new AuditTrail.Entry(((Number) last.get("seq")).longValue(),
                        Instant.parse((String) last.get("occurred_at")), (String) last.get("actor"), (String) last.get("action"),
                        (String) last.get("target"), (String) last.get("details"), (String) last.get("prev_hash"),
                        (String) last.get("row_hash"), (String) last.get("key_id")), "PACKAGE");
                checkpoint = new PackageWriter.Checkpoint(cp.content(), cp.signature());
            }
            PackageWriter.Contents contents = new PackageWriter.Contents(c.siteId(), c.siteName(), c.siteUrl(), c.from(), c.to(),
                    c.warcs(), c.pages(), c.records(), c.documents(), checkpoint);
            PackageWriter writer = new PackageWriter(new PackageWriter.Settings(properties.organization(), "Shencha",
                    version(), archive.retentionPeriod(), keys.key(), keys.tsaUrl()), hook);
            PackageWriter.Written w = writer.write(contents, outDir.toAbsolutePath().normalize());
            String counts = w.counts().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
            record(s.getKey(), from, to, w, counts, asOf);
            // Recorded in archive_package, not in the trail: a trail row would change the trail segment of a period
            // that has not ended, and a rerun must give the same payload (ADR 10).
            PackageVerifier.Report report = verify(w.bag());
            log.info("Archival package {}: {} ({})", w.bag(), counts, report.passed() ? "verified" : "verification failed");
            outcomes.add(new Outcome(s.getKey(), w, report));
        }
        return outcomes;
    }

    /**
     * Verifies a bag, with the database's counts when the bag is a recorded package of this database, and records
     * the outcome.
     */
    public PackageVerifier.Report verify(Path bag) throws IOException {
        return verify(bag, options(List.of(), List.of()));
    }

    /**
     * What verification trusts here: the configured anchors (with {@code files} and {@code fingerprints} besides) and
     * the trail key when its file exists.
     */
    public PackageVerifier.Options options(List<Path> files, List<String> fingerprints) {
        return new PackageVerifier.Options(anchors.anchors(files, fingerprints), trailKeys.existing());
    }

    /** {@link #verify(Path)} with the given trust anchors and trail keys. */
    public PackageVerifier.Report verify(Path bag, PackageVerifier.Options options) throws IOException {
        Path dir = bag.toAbsolutePath().normalize();
        Optional<Recorded> recorded = findByPath(dir);
        Map<String, Long> counts = recorded.map(r -> databaseCounts(r.siteId(), r.from(), r.to(), r.createdAt())).orElse(null);
        PackageVerifier.Report report = PackageVerifier.verify(dir, counts, options);
        recorded.ifPresent(r -> jdbc.update("UPDATE archive_package SET verified_at = ?, verify_state = ?, verify_detail = ? WHERE id = ?",
                Timestamp.from(report.verifiedAt()), report.passed() ? "PASSED" : "FAILED",
                truncate(report.failures().stream().map(PackageVerifier.Check::line).collect(Collectors.joining("\n"))), r.id()));
        return report;
    }

    /** What the database holds for a site's period as of an instant, by the names bag-info.txt counts them under. */
    public Map<String, Long> databaseCounts(String siteId, LocalDate from, LocalDate to, Instant asOf) {
        PackageWriter.Contents c = contents(siteId, from, to, asOf, false, List.of());
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("WARC-Files", (long) c.warcs().size());
        m.put("Pages", (long) c.pages().size());
        for (String rc : PackageWriter.RECORD_CLASSES) {
            m.put(countKey(rc), (long) c.records().get(rc).size());
        }
        return m;
    }

    private static String countKey(String recordClass) {
        StringBuilder b = new StringBuilder();
        for (String part : recordClass.split("-")) {
            b.append(b.isEmpty() ? "" : "-").append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return b.toString();
    }

    // --- gathering --------------------------------------------------------------------------------------------------

    PackageWriter.Contents contents(String siteId, LocalDate from, LocalDate to, Instant asOf, boolean withText,
                                    List<PackageWriter.Document> documents) {
        Map<String, Object> site = jdbc.queryForMap("SELECT id, name, base_url FROM shencha_site WHERE id = ?", siteId);
        Timestamp start = Timestamp.from(from.atStartOfDay(zone()).toInstant());
        Instant periodEnd = to.plusDays(1).atStartOfDay(zone()).toInstant();
        Timestamp end = Timestamp.from(asOf.isBefore(periodEnd) ? asOf.plusMillis(1) : periodEnd);
        Map<String, String> unitNames = units.names();

        List<PackageWriter.Page> pages = jdbc.query("SELECT s.id, s.page_id, p.url, s.title, s.fetched_at, s.http_status,"
                + " s.content_type, s.body_sha256, s.text_sha256, " + (withText ? "s.text" : "''") + ", s.warc_file, s.warc_offset"
                + " FROM snapshot s JOIN page p ON p.id = s.page_id"
                + " WHERE p.site_id = ? AND s.fetched_at >= ? AND s.fetched_at < ? AND s.warc_file IS NOT NULL ORDER BY s.id",
                (rs, i) -> {
                    String url = rs.getString(3);
                    String unit = units.unitFor(url);
                    return new PackageWriter.Page(rs.getString(1), rs.getString(2), url, rs.getString(4),
                            rs.getTimestamp(5).toInstant(), rs.getInt(6), rs.getString(7), unitNames.getOrDefault(unit, unit),
                            null, rs.getString(11), rs.getLong(12), rs.getString(8), rs.getString(9), rs.getString(10));
                }, siteId, start, end);

        Set<String> warcNames = new java.util.TreeSet<>();
        pages.forEach(p -> warcNames.add(p.warcFile()));
        warcNames.addAll(jdbc.queryForList("SELECT name FROM warc_file WHERE site_id = ? AND updated_at >= ? AND updated_at < ?",
                String.class, siteId, start, end));
        Path warcRoot = properties.data().resolve("warc");
        List<PackageWriter.WarcSource> warcs = new ArrayList<>();
        for (String name : warcNames) {
            List<Long> committed = jdbc.queryForList("SELECT committed_bytes FROM warc_file WHERE name = ?", Long.class, name);
            Path file = cn.shencha.archive.warc.WarcCapture.resolve(warcRoot, name);
            if (withText && !Files.isRegularFile(file)) {
                throw new IllegalStateException("WARC file " + file + " of the period is missing (deleted by retention, or lost)");
            }
            warcs.add(new PackageWriter.WarcSource(name, file, committed.isEmpty() ? size(file) : committed.getFirst()));
        }

        Map<String, List<Map<String, Object>>> records = new LinkedHashMap<>();
        records.put("findings", rows("SELECT f.id, f.snapshot_id, f.page_id, f.category, f.rule_id, f.start_offset, f.end_offset,"
                + " f.evidence, f.severity, f.explanation, f.created_at FROM finding f JOIN snapshot s ON s.id = f.snapshot_id"
                + " JOIN page p ON p.id = s.page_id WHERE p.site_id = ? AND s.fetched_at >= ? AND s.fetched_at < ?"
                + " AND s.warc_file IS NOT NULL ORDER BY f.id", siteId, start, end));
        String tasks = "SELECT t.id FROM review_task t JOIN snapshot s ON s.id = t.snapshot_id WHERE t.site_id = ?"
                + " AND ((s.fetched_at >= ? AND s.fetched_at < ?) OR EXISTS (SELECT 1 FROM review_decision d WHERE d.task_id = t.id"
                + " AND d.decided_at >= ? AND d.decided_at < ?))";
        records.put("review-tasks", rows("SELECT id, snapshot_id, page_id, site_id, run_id, importance, required_level, needs_bureau,"
                + " current_level, state, created_at, due_at FROM review_task WHERE id IN (" + tasks + ") ORDER BY id",
                siteId, start, end, start, end));
        records.put("review-decisions", rows("SELECT id, task_id, stage, decision, opinion, reviewer_name, decided_at"
                + " FROM review_decision WHERE task_id IN (" + tasks + ") AND decided_at < ? ORDER BY id",
                siteId, start, end, start, end, end));
        records.put("audit-trail", trail.between(start.toInstant(), end.toInstant()).stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seq", e.seq());
            m.put("occurred_at", e.occurredAt().toString());
            m.put("actor", e.actor());
            m.put("action", e.action());
            m.put("target", e.target());
            m.put("details", e.details());
            m.put("prev_hash", e.prevHash());
            m.put("row_hash", e.rowHash());
            m.put("key_id", e.keyId());
            return m;
        }).toList());
        records.put("duty-readings", rows("SELECT id, site_id, site_name, reading_date, slot, scheduled, due_at, run_id, started_at,"
                + " ended_at, status, note, reader_name, confirmed_by, confirmed_at, remark, flag, flagged_at FROM duty_reading"
                + " WHERE site_id = ? AND reading_date >= ? AND reading_date <= ? ORDER BY id", siteId,
                java.sql.Date.valueOf(from), java.sql.Date.valueOf(to)));
        return new PackageWriter.Contents(siteId, (String) site.get("name"), (String) site.get("base_url"), from, to, warcs,
                pages, records, documents);
    }

    /** Rows as ordered maps of plain values: times as ISO instants, dates as ISO dates. */
    private List<Map<String, Object>> rows(String sql, Object... args) {
        return jdbc.query(sql, (rs, i) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            var md = rs.getMetaData();
            for (int c = 1; c <= md.getColumnCount(); c++) {
                Object v = rs.getObject(c);
                String name = md.getColumnLabel(c).toLowerCase(java.util.Locale.ROOT);
                if (v instanceof Timestamp t) {
                    v = t.toInstant().toString();
                } else if (v instanceof java.time.OffsetDateTime o) {
                    v = o.toInstant().toString();
                } else if (v instanceof java.sql.Date d) {
                    v = d.toLocalDate().toString();
                } else if (v instanceof java.time.temporal.Temporal) {
                    v = v.toString();
                } else if (v instanceof java.sql.Clob clob) {
                    v = clob.getSubString(1, (int) clob.length());
                }
                m.put(name, v);
            }
            return m;
        }, args);
    }

    /** The period's ledgers (written now with the ledger code when none are on disk) and weekly reports. */
    List<PackageWriter.Document> documents(LocalDate from, LocalDate to) throws IOException, GeneralSecurityException {
        List<PackageWriter.Document> docs = new ArrayList<>();
        YearMonth month = YearMonth.from(from);
        boolean wholeMonth = from.equals(month.atDay(1)) && to.equals(month.atEndOfMonth());
        String label = wholeMonth ? month.toString() : from + "_" + to;
        // A period not yet ended gets a ledger "as of" today, beside (not in place of) the one written after its end:
        // the monthly ledger (MonthlyLedger) must still be written complete on the 1st.
        LocalDate today = LocalDate.now(zone());
        if (!to.isBefore(today)) {
            label = label + "_截至" + today;
        }
        Path dir = properties.data().resolve("ledgers").resolve(label);
        for (LedgerFiles.Format f : LedgerFiles.Format.values()) {
            Path file = dir.resolve("领导审批台帐_" + label + "." + f.extension());
            if (!Files.exists(file)) {
                LedgerFiles.Written w = ledgers.write(from, to, null, f, file);
                trail.append("system", "LEDGER_WRITTEN", "ledger:" + label, file.getFileName() + ", " + w.entries()
                        + " entries (for the archival package)");
            }
            docs.add(new PackageWriter.Document("ledgers/" + file.getFileName(), file));
        }
        Set<String> seen = new LinkedHashSet<>();
        jdbc.query("SELECT week, file_path FROM weekly_report ORDER BY week, unit_id, format", rs -> {
            ReportWeek week = ReportWeek.parse(rs.getString(1));
            if (!week.monday().isBefore(from) && !week.monday().isAfter(to)) {
                Path file = properties.data().resolve(rs.getString(2));
                String bagPath = "reports/" + week + "/" + file.getFileName();
                if (Files.isRegularFile(file) && seen.add(bagPath)) {
                    docs.add(new PackageWriter.Document(bagPath, file));
                }
            }
        });
        return docs;
    }

    // --- the archive_package table ----------------------------------------------------------------------------------

    private void record(String siteId, LocalDate from, LocalDate to, PackageWriter.Written w, String counts, Instant asOf) {
        Timestamp now = Timestamp.from(asOf);
        int updated = jdbc.update("UPDATE archive_package SET path = ?, manifest_sha256 = ?, bytes = ?, files = ?, counts = ?,"
                + " created_at = ?, verified_at = NULL, verify_state = 'UNVERIFIED', verify_detail = NULL"
                + " WHERE site_id = ? AND period_from = ? AND period_to = ?", w.bag().toString(), w.payloadManifestSha256(),
                w.payloadBytes(), w.payloadFiles(), counts, now, siteId, java.sql.Date.valueOf(from), java.sql.Date.valueOf(to));
        if (updated == 0) {
            jdbc.update("INSERT INTO archive_package (site_id, period_from, period_to, path, manifest_sha256, bytes, files, counts,"
                    + " created_at, verify_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'UNVERIFIED')", siteId,
                    java.sql.Date.valueOf(from), java.sql.Date.valueOf(to), w.bag().toString(), w.payloadManifestSha256(),
                    w.payloadBytes(), w.payloadFiles(), counts, now);
        }
    }

    private static final String SELECT = "SELECT a.id, a.site_id, s.name, a.period_from, a.period_to, a.path, a.manifest_sha256,"
            + " a.bytes, a.files, a.counts, a.created_at, a.verified_at, a.verify_state, a.verify_detail"
            + " FROM archive_package a LEFT JOIN shencha_site s ON s.id = a.site_id";

    private Recorded map(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp verified = rs.getTimestamp(12);
        return new Recorded(rs.getLong(1), rs.getString(2), rs.getString(3) == null ? rs.getString(2) : rs.getString(3),
                rs.getDate(4).toLocalDate(), rs.getDate(5).toLocalDate(), Path.of(rs.getString(6)), rs.getString(7),
                rs.getLong(8), rs.getInt(9), rs.getString(10), rs.getTimestamp(11).toInstant(),
                verified == null ? null : verified.toInstant(), rs.getString(13), rs.getString(14));
    }

    /** The recorded packages, the latest period first. */
    public List<Recorded> list() {
        return jdbc.query(SELECT + " ORDER BY a.period_from DESC, a.site_id", (rs, i) -> map(rs));
    }

    public Optional<Recorded> find(long id) {
        return jdbc.query(SELECT + " WHERE a.id = ?", (rs, i) -> map(rs), id).stream().findFirst();
    }

    public Optional<Recorded> findByPath(Path path) {
        return jdbc.query(SELECT + " WHERE a.path = ?", (rs, i) -> map(rs), path.toString()).stream().findFirst();
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String truncate(String s) {
        return s.length() > 4000 ? s.substring(0, 3990) + " …" : s;
    }

    static String version() {
        String v = ArchivePackages.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }
}
