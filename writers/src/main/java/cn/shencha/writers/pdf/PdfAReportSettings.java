package cn.shencha.writers.pdf;

import com.itextpdf.kernel.geom.PageSize;

import java.util.Objects;

/**
 * How a PDF/A-2b report is laid out and what its metadata says.
 *
 * @param pageSize        the page size, e.g. {@link #A4_LANDSCAPE} for ledgers, {@link #A4_PORTRAIT} for weekly reports
 * @param title           the document title (document information and XMP dc:title)
 * @param subject         the subject, e.g. the period covered; may be empty
 * @param author          the author, e.g. the organization; may be empty
 * @param margin          the page margin in points on all sides; the footer sits in the bottom margin
 * @param compressContent whether page content streams are compressed (true except when a test needs to read them)
 */
public record PdfAReportSettings(PageSize pageSize, String title, String subject, String author, float margin,
                                 boolean compressContent) {

    /** A4, landscape: 842 × 595 pt. */
    public static final PageSize A4_LANDSCAPE = PageSize.A4.rotate();
    /** A4, portrait: 595 × 842 pt. */
    public static final PageSize A4_PORTRAIT = PageSize.A4;

    public PdfAReportSettings {
        Objects.requireNonNull(pageSize, "pageSize");
        Objects.requireNonNull(title, "title");
        subject = subject == null ? "" : subject;
        author = author == null ? "" : author;
        if (margin < 20) {
            throw new IllegalArgumentException("a margin under 20 pt leaves no room for the page-number footer");
        }
    }

    /** Compressed content, 36 pt (12.7 mm) margins. */
    public static PdfAReportSettings of(PageSize pageSize, String title, String subject, String author) {
        return new PdfAReportSettings(pageSize, title, subject, author, 36, true);
    }

    public PdfAReportSettings withCompressContent(boolean compress) {
        return new PdfAReportSettings(pageSize, title, subject, author, margin, compress);
    }
}
