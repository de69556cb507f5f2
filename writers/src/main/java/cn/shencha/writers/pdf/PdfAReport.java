package cn.shencha.writers.pdf;

import com.itextpdf.kernel.font.PdfFont;
import com.itextpdf.kernel.pdf.CompressionConstants;
import com.itextpdf.kernel.pdf.DocumentProperties;
import com.itextpdf.kernel.pdf.PdfAConformance;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfDocumentInfo;
import com.itextpdf.kernel.pdf.PdfOutputIntent;
import com.itextpdf.kernel.pdf.PdfPage;
import com.itextpdf.kernel.pdf.canvas.PdfCanvas;
import com.itextpdf.kernel.pdf.PdfWriter;
import com.itextpdf.kernel.pdf.WriterProperties;
import com.itextpdf.kernel.pdf.event.PdfDocumentEvent;
import com.itextpdf.layout.Document;
import com.itextpdf.layout.element.Paragraph;
import com.itextpdf.layout.properties.TextAlignment;
import com.itextpdf.pdfa.PdfADocument;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * A PDF/A-2b document being written: the embedded report font, the sRGB output intent, title and subject in the
 * metadata, and the "第 X 页 共 Y 页" footer on every page. Ledgers (A4 landscape) and reports (A4 portrait) lay out
 * their content on {@link #document()} and finish with {@link #close()}.
 *
 * <pre>{@code
 * try (PdfAReport report = PdfAReport.create(out, PdfAReportSettings.of(PdfAReportSettings.A4_PORTRAIT, "保密审查周报", period, org))) {
 *     report.addTitleBlock("保密审查周报", List.of("统计期间：" + period));
 *     report.document().add(...);
 * }
 * }</pre>
 */
public final class PdfAReport implements Closeable {

    /** The footer's font size in points. */
    public static final float FOOTER_FONT_SIZE = 8;

    private final PdfADocument pdf;
    private Document document;
    private final PdfFont font;
    private final PageNumberFooter footer;
    private final PdfAReportSettings settings;
    private boolean closed;

    private PdfAReport(PdfADocument pdf, PdfFont font, PageNumberFooter footer, PdfAReportSettings settings) {
        this.pdf = pdf;
        this.font = font;
        this.footer = footer;
        this.settings = settings;
    }

    /**
     * Starts a PDF/A-2b document on the stream. The stream is closed with the report.
     */
    public static PdfAReport create(OutputStream out, PdfAReportSettings settings) {
        WriterProperties wp = new WriterProperties().setPdfVersion(com.itextpdf.kernel.pdf.PdfVersion.PDF_1_7)
                .setCompressionLevel(settings.compressContent()
                        ? CompressionConstants.DEFAULT_COMPRESSION : CompressionConstants.NO_COMPRESSION);
        if (settings.compressContent()) {
            wp.setFullCompressionMode(true);
        }
        PdfWriter writer = new PdfWriter(out, wp);
        PdfADocument pdf = new PdfADocument(writer, PdfAConformance.PDF_A_2B, srgbOutputIntent(), new DocumentProperties());
        pdf.setDefaultPageSize(settings.pageSize());
        PdfDocumentInfo info = pdf.getDocumentInfo();
        info.setTitle(settings.title());
        if (!settings.subject().isEmpty()) {
            info.setSubject(settings.subject());
        }
        if (!settings.author().isEmpty()) {
            info.setAuthor(settings.author());
        }
        info.setCreator("审查 Shencha");
        PdfFont font = PdfFonts.cjk();
        PageNumberFooter footer = new PageNumberFooter(font, FOOTER_FONT_SIZE, settings.margin() / 2 - FOOTER_FONT_SIZE / 2);
        pdf.addEventHandler(PdfDocumentEvent.END_PAGE, footer);
        return new PdfAReport(pdf, font, footer, settings);
    }

    /** The output intent PDF/A requires for device colours: the JDK's built-in sRGB profile. */
    public static PdfOutputIntent srgbOutputIntent() {
        byte[] icc = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
        return new PdfOutputIntent("Custom", "", "http://www.color.org", "sRGB IEC61966-2.1", new ByteArrayInputStream(icc));
    }

    /**
     * Adds a page at the end for drawing directly (for example with {@link PdfTableWriter}). Do not mix this with
     * {@link #document()} layout on the same pages: the layout engine does not see what is drawn directly.
     */
    public PdfPage newPage() {
        return pdf.addNewPage(settings.pageSize());
    }

    /** The top edge of the area between the margins. */
    public float contentTop() {
        return settings.pageSize().getTop() - settings.margin();
    }

    /** The bottom edge of the area between the margins (the footer sits below it). */
    public float contentBottom() {
        return settings.pageSize().getBottom() + settings.margin();
    }

    /** The left edge of the area between the margins. */
    public float contentLeft() {
        return settings.pageSize().getLeft() + settings.margin();
    }

    /** The width between the left and right margins. */
    public float contentWidth() {
        return settings.pageSize().getWidth() - 2 * settings.margin();
    }

    /**
     * Draws the title block at the top of a page obtained from {@link #newPage()}: the title centred in 20 pt and
     * under it the lines (period, organization ...) centred in 10 pt.
     *
     * @return the y coordinate just below the block, where content can start
     */
    public float drawTitleBlock(PdfPage page, String title, List<String> lines) {
        PdfCanvas canvas = new PdfCanvas(page);
        float center = contentLeft() + contentWidth() / 2;
        float y = contentTop() - 20;
        centered(canvas, title, 20, center, y, 2);
        y -= 8;
        for (String line : lines) {
            y -= 14;
            centered(canvas, line, 10, center, y, 0);
        }
        canvas.release();
        return y - 10;
    }

    private void centered(PdfCanvas canvas, String text, float size, float center, float baseline, float spacing) {
        float width = font.getWidth(text, size) + spacing * Math.max(0, text.codePointCount(0, text.length()) - 1);
        canvas.beginText().setFontAndSize(font, size).setCharacterSpacing(spacing)
                .moveText(center - width / 2, baseline).showText(text).setCharacterSpacing(0).endText();
    }

    /** The layout document to add content to, in the report font and within the margins (created on first use). */
    public Document document() {
        if (document == null) {
            document = new Document(pdf, settings.pageSize(), true);
            document.setMargins(settings.margin(), settings.margin(), settings.margin(), settings.margin());
            document.setFont(font);
        }
        return document;
    }

    /** The PDF being written. */
    public PdfDocument pdf() {
        return pdf;
    }

    /** The embedded report font. */
    public PdfFont font() {
        return font;
    }

    /**
     * Adds the title to the layout {@link #document()}, centred and large, and under it the given lines (period,
     * organization ...), centred and small.
     */
    public void addTitleBlock(String title, List<String> lines) {
        Document document = document();
        document.add(new Paragraph(title).setFont(font).setFontSize(20).setTextAlignment(TextAlignment.CENTER)
                .setMarginBottom(2).setCharacterSpacing(2));
        for (String line : lines) {
            document.add(new Paragraph(line).setFont(font).setFontSize(10).setTextAlignment(TextAlignment.CENTER)
                    .setMarginTop(0).setMarginBottom(0));
        }
        document.add(new Paragraph("").setMarginBottom(4));
    }

    /** Writes the page total into every footer and closes the document and its stream. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        // Flush the layout so that the last page exists, then fill in the total, then close.
        if (document != null) {
            document.flush();
        }
        footer.writeTotal(pdf);
        if (document != null) {
            document.close();
        } else {
            pdf.close();
        }
    }
}
