package cn.shencha.writers.pdf;

import com.itextpdf.kernel.font.PdfFont;
import com.itextpdf.kernel.geom.Rectangle;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfPage;
import com.itextpdf.kernel.pdf.canvas.PdfCanvas;
import com.itextpdf.kernel.pdf.event.AbstractPdfDocumentEvent;
import com.itextpdf.kernel.pdf.event.AbstractPdfDocumentEventHandler;
import com.itextpdf.kernel.pdf.event.PdfDocumentEvent;
import com.itextpdf.kernel.pdf.xobject.PdfFormXObject;

/**
 * The footer "第 X 页 共 Y 页" centred in the bottom margin of every page. The page count is not known while pages
 * are written, so each page draws "第 X 页" and then a shared form XObject that {@link #writeTotal(PdfDocument)}
 * fills with "共 Y 页" just before the document is closed, so a document is written in one pass. (In PDF/A mode iText
 * keeps pages until the end anyway: flushing a PDF/A page also flushes the XObjects it uses.)
 */
public final class PageNumberFooter extends AbstractPdfDocumentEventHandler {

    private final PdfFont font;
    private final float fontSize;
    private final float baseline;
    private final PdfFormXObject total;
    private final float totalWidth;
    private boolean written;

    /**
     * @param font     the embedded report font
     * @param fontSize the footer's size in points
     * @param baseline the footer's baseline above the bottom edge of the page
     */
    public PageNumberFooter(PdfFont font, float fontSize, float baseline) {
        this.font = font;
        this.fontSize = fontSize;
        this.baseline = baseline;
        // Room for "共 99999 页".
        this.totalWidth = font.getWidth("共 99999 页", fontSize);
        this.total = new PdfFormXObject(new Rectangle(0, 0, totalWidth, fontSize * 1.3f));
        addType(PdfDocumentEvent.END_PAGE);
    }

    @Override
    protected void onAcceptedEvent(AbstractPdfDocumentEvent event) {
        PdfDocument pdf = event.getDocument();
        PdfPage page = ((PdfDocumentEvent) event).getPage();
        int number = pdf.getPageNumber(page);
        String text = "第 " + number + " 页 ";
        // Centre as if the total were as wide as the actual one usually is (four digits).
        float width = font.getWidth(text, fontSize) + font.getWidth("共 0000 页", fontSize);
        Rectangle box = page.getPageSize();
        float x = box.getLeft() + (box.getWidth() - width) / 2;
        PdfCanvas canvas = new PdfCanvas(page.newContentStreamAfter(), page.getResources(), pdf);
        canvas.beginText().setFontAndSize(font, fontSize).moveText(x, box.getBottom() + baseline).showText(text).endText();
        canvas.addXObjectAt(total, x + font.getWidth(text, fontSize), box.getBottom() + baseline - descent());
        canvas.release();
    }

    /** Room below the baseline inside the placeholder, which starts at y = 0. */
    private float descent() {
        return fontSize * 0.3f;
    }

    /** Writes "共 Y 页" into the shared placeholder. Call once, after the last page and before closing. */
    public void writeTotal(PdfDocument pdf) {
        if (written) {
            throw new IllegalStateException("the page total has already been written");
        }
        written = true;
        PdfCanvas canvas = new PdfCanvas(total, pdf);
        canvas.beginText().setFontAndSize(font, fontSize).moveText(0, descent())
                .showText("共 " + pdf.getNumberOfPages() + " 页").endText();
        canvas.release();
    }
}
