package cn.shencha.jobs.review;

import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.jobs.config.SigningKeyProvider;
import cn.shencha.writers.ledger.ExcelLedgerWriter;
import cn.shencha.writers.ledger.LedgerEntry;
import cn.shencha.writers.ledger.LedgerInfo;
import cn.shencha.writers.ledger.LedgerPeriod;
import cn.shencha.writers.ledger.LedgerSummary;
import cn.shencha.writers.ledger.PdfLedgerWriter;
import cn.shencha.writers.signing.PdfSigning;
import cn.shencha.writers.signing.SignatureSettings;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

/**
 * Writes the approval ledger of a period (and unit) as Excel or as a signed PDF/A-2b, for {@code shencha ledger}, the
 * monthly ledger and the console's downloads. Files appear complete or not at all (written beside the target, then
 * moved).
 */
@Component
public class LedgerFiles {

    /** The two formats, as {@code --format} names them. */
    public enum Format {
        XLSX, PDF;

        public static Format parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("format must be xlsx or pdf, not '" + s + "'");
            }
        }

        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What was written. */
    public record Written(Path file, int entries, boolean signed, boolean demoKey) {
    }

    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private final LedgerEntries entries;
    private final Units units;
    private final SigningKeyProvider keys;
    private final ShenchaProperties properties;

    public LedgerFiles(LedgerEntries entries, Units units, SigningKeyProvider keys, ShenchaProperties properties) {
        this.entries = entries;
        this.units = units;
        this.keys = keys;
        this.properties = properties;
    }

    public Written write(LocalDate from, LocalDate to, String unitId, Format format, Path out)
            throws IOException, GeneralSecurityException {
        return write(from, to, unitId, format, ExcelLedgerWriter.Layout.SINGLE_SHEET, out);
    }

    /** @param layout for Excel: one sheet with a unit column, or a sheet per unit */
    public Written write(LocalDate from, LocalDate to, String unitId, Format format, ExcelLedgerWriter.Layout layout,
                         Path out) throws IOException, GeneralSecurityException {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("the period ends (" + to + ") before it starts (" + from + ")");
        }
        String organization = properties.organization();
        if (unitId != null && !unitId.isBlank()) {
            organization = units.find(unitId).map(Units.Unit::name)
                    .orElseThrow(() -> new IllegalArgumentException("no unit '" + unitId + "' (see shencha.units)"));
        }
        List<LedgerEntry> list = entries.entries(from, to, unitId);
        LedgerInfo info = LedgerInfo.of(organization, new LedgerPeriod(from, to), LocalDateTime.now(BEIJING).withNano(0));
        Path target = out.toAbsolutePath();
        cn.shencha.writers.files.PrivateFiles.directories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".ledger-", "." + format.extension() + ".tmp");
        try {
            if (format == Format.XLSX) {
                try (OutputStream os = Files.newOutputStream(tmp)) {
                    new ExcelLedgerWriter(layout).write(info, list.iterator(), os);
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return new Written(target, list.size(), false, false);
            }
            try (OutputStream os = Files.newOutputStream(tmp)) {
                new PdfLedgerWriter().write(info, list.iterator(), os);
            }
            PdfSigning.sign(tmp, target, keys.key(), keys.withTsa(SignatureSettings.ledger(PdfLedgerWriter.SIGNATURE_BOX)),
                    ZonedDateTime.now(BEIJING));
            return new Written(target, list.size(), true, keys.demo());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
