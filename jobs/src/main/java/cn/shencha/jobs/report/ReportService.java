package cn.shencha.jobs.report;

import cn.shencha.jobs.config.SigningKeyProvider;
import cn.shencha.writers.report.ExcelReportWriter;
import cn.shencha.writers.report.PdfReportWriter;
import cn.shencha.writers.report.ReportLayout;
import cn.shencha.writers.report.ReportWeek;
import cn.shencha.writers.report.WeeklyReport;
import cn.shencha.writers.signing.PdfSigning;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * Writes a weekly report to a file: the facts from {@link ReportFacts}, laid out by the writers module; a PDF is
 * signed (PAdES, the key of {@link SigningKeyProvider}) at the room the layout left for it. Files are written next
 * to their destination and moved into place, so a failure never leaves half a report.
 */
@Service
public class ReportService {

    /** The report formats. */
    public enum Format {
        PDF, XLSX;

        public static Format parse(String s) {
            try {
                return valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("unknown format '" + s + "' (pdf or xlsx)");
            }
        }

        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A written report.
     *
     * @param file   where it is
     * @param report the facts it shows
     * @param pages  the PDF's pages (0 for Excel)
     * @param signed whether it is signed
     * @param demoKey whether signed with the demonstration key
     */
    public record Written(Path file, WeeklyReport report, int pages, boolean signed, boolean demoKey) {
    }

    private final ReportFacts facts;
    private final SigningKeyProvider keys;

    public ReportService(ReportFacts facts, SigningKeyProvider keys) {
        this.facts = facts;
        this.keys = keys;
    }

    /** Gathers the facts of the week (the district's, or a unit's) and writes them to the file in the format. */
    public Written write(ReportWeek week, String unitId, Format format, Path file) throws IOException {
        WeeklyReport report = facts.report(week, unitId);
        return write(report, unitId, format, file);
    }

    /** Writes already gathered facts (both formats of one report show the same numbers). */
    public Written write(WeeklyReport report, String unitId, Format format, Path file) throws IOException {
        Path target = file.toAbsolutePath().normalize();
        cn.shencha.writers.files.PrivateFiles.directories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".report-", "." + format.extension() + ".tmp");
        Path unsigned = null;
        try {
            Written written;
            if (format == Format.XLSX) {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    Instant asOf = report.info().asOf().atZone(facts.zone()).toInstant();
                    new ExcelReportWriter().write(report, sink -> facts.openItems(unitId, asOf, 0, sink), out);
                }
                written = new Written(target, report, 0, false, false);
            } else {
                unsigned = Files.createTempFile(target.getParent(), ".report-", ".unsigned.pdf.tmp");
                ReportLayout layout;
                try (OutputStream out = Files.newOutputStream(unsigned)) {
                    layout = new PdfReportWriter().write(report, out);
                }
                try {
                    PdfSigning.sign(unsigned, tmp, keys.key(), keys.settings("确认周报内容完整", layout.signaturePage(),
                            layout.signatureBox()), ZonedDateTime.now(facts.zone()));
                } catch (GeneralSecurityException e) {
                    throw new IOException("cannot sign the report: " + e.getMessage(), e);
                }
                written = new Written(target, report, layout.pages(), true, keys.demo());
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return written;
        } finally {
            Files.deleteIfExists(tmp);
            if (unsigned != null) {
                Files.deleteIfExists(unsigned);
            }
        }
    }
}
