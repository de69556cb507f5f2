package cn.shencha.jobs.report;

import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.jobs.review.Units;
import cn.shencha.writers.report.Headline;
import cn.shencha.writers.report.ReportWeek;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The archive of generated weekly reports: files under {@code DATA/reports/<week>/}, one row each in
 * {@code weekly_report}. The console's 周报 page lists them ({@link #list}), previews their headline numbers and
 * offers the file ({@link #find}, {@link ArchivedReport#file()}).
 */
@Service
public class ReportArchive {

    private final JdbcTemplate jdbc;
    private final ShenchaProperties properties;
    private final Units units;
    private final ReportService service;

    public ReportArchive(JdbcTemplate jdbc, ShenchaProperties properties, Units units, ReportService service) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.units = units;
        this.service = service;
    }

    /** The directory of a week's reports. */
    public Path directory(ReportWeek week) {
        return properties.data().resolve("reports").resolve(week.toString());
    }

    /** The file a report is archived as: reports/2026-W47/2026-W47-district.pdf, ...-unit-fgw.pdf. */
    public Path file(ReportWeek week, String unitId, ReportService.Format format) {
        String scope = unitId == null ? "district" : "unit-" + unitId;
        return directory(week).resolve(week + "-" + scope + "." + format.extension());
    }

    /**
     * Generates the week's report (district or unit) in the format, archives the file and records it, replacing an
     * earlier one of the same week, scope and format.
     */
    public ArchivedReport generate(ReportWeek week, String unitId, ReportService.Format format, Long jobExecutionId)
            throws IOException {
        Path file = file(week, unitId, format);
        ReportService.Written w = service.write(week, unitId, format, file);
        Headline h = w.report().current();
        String scope = unitId == null ? "" : unitId;
        Timestamp now = Timestamp.from(Instant.now());
        String relative = properties.data().toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString();
        Object[] values = {relative, sha256(file), Files.size(file), w.signed(), w.demoKey(), jobExecutionId, now,
                h.pagesRead() + h.attachmentsRead(), h.findings(), h.decided(), h.pending(), h.overdue(), w.report().emptyWeek()};
        int updated = jdbc.update("UPDATE weekly_report SET file_path = ?, sha256 = ?, bytes = ?, signed = ?, demo_key = ?,"
                        + " job_execution_id = ?, generated_at = ?, pages_read = ?, findings = ?, decided = ?, pending = ?,"
                        + " overdue = ?, empty_week = ? WHERE week = ? AND unit_id = ? AND format = ?",
                concat(values, week.toString(), scope, format.name()));
        if (updated == 0) {
            jdbc.update("INSERT INTO weekly_report (file_path, sha256, bytes, signed, demo_key, job_execution_id, generated_at,"
                            + " pages_read, findings, decided, pending, overdue, empty_week, week, unit_id, format)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    concat(values, week.toString(), scope, format.name()));
        }
        return find(week, unitId, format).orElseThrow();
    }

    /** The most recent reports first (by week, then district before units), at most {@code limit}. */
    public List<ArchivedReport> list(int limit) {
        return jdbc.query(SELECT + " ORDER BY week DESC, unit_id, format FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY",
                (rs, i) -> row(rs, units.names()));
    }

    /** The reports of one week. */
    public List<ArchivedReport> list(ReportWeek week) {
        return jdbc.query(SELECT + " WHERE week = ? ORDER BY unit_id, format", (rs, i) -> row(rs, units.names()), week.toString());
    }

    public Optional<ArchivedReport> find(long id) {
        return jdbc.query(SELECT + " WHERE id = ?", (rs, i) -> row(rs, units.names()), id).stream().findFirst();
    }

    public Optional<ArchivedReport> find(ReportWeek week, String unitId, ReportService.Format format) {
        return jdbc.query(SELECT + " WHERE week = ? AND unit_id = ? AND format = ?", (rs, i) -> row(rs, units.names()),
                week.toString(), unitId == null ? "" : unitId, format.name()).stream().findFirst();
    }

    private static final String SELECT = "SELECT id, week, unit_id, format, file_path, sha256, bytes, signed, demo_key,"
            + " generated_at, pages_read, findings, decided, pending, overdue, empty_week FROM weekly_report";

    private ArchivedReport row(ResultSet rs, Map<String, String> names) throws SQLException {
        String unit = rs.getString(3);
        String unitId = unit == null || unit.isEmpty() ? null : unit;
        return new ArchivedReport(rs.getLong(1), rs.getString(2), unitId, unitId == null ? "全区" : names.getOrDefault(unitId, unitId),
                rs.getString(4), properties.data().resolve(rs.getString(5)).toAbsolutePath().normalize(), rs.getString(6),
                rs.getLong(7), rs.getBoolean(8), rs.getBoolean(9), rs.getTimestamp(10).toInstant(), rs.getLong(11),
                rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getLong(15), rs.getBoolean(16));
    }

    private static Object[] concat(Object[] a, Object... b) {
        Object[] out = new Object[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
