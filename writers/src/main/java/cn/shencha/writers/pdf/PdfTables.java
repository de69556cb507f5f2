package cn.shencha.writers.pdf;

import com.itextpdf.kernel.colors.Color;
import com.itextpdf.kernel.colors.DeviceRgb;
import com.itextpdf.kernel.font.PdfFont;
import com.itextpdf.layout.borders.SolidBorder;
import com.itextpdf.layout.element.Cell;
import com.itextpdf.layout.element.Paragraph;
import com.itextpdf.layout.element.Table;
import com.itextpdf.layout.properties.TextAlignment;
import com.itextpdf.layout.properties.UnitValue;
import com.itextpdf.layout.properties.VerticalAlignment;

/**
 * Table helpers shared by the ledgers and reports: a full-width table whose header rows repeat on every page, and
 * header and body cells in the report font. For long tables use {@code large = true} and call
 * {@link Table#flush()} every few hundred rows and {@link Table#complete()} at the end, so that only the rows not
 * yet laid out stay in memory.
 */
public final class PdfTables {

    /** The grey of header rows. */
    public static final Color HEADER_BACKGROUND = new DeviceRgb(0xE4, 0xE7, 0xEC);
    /** The thin grey of all cell borders. */
    public static final Color BORDER = new DeviceRgb(0x80, 0x86, 0x8F);

    private PdfTables() {
    }

    /**
     * A table spanning the page width, with relative column widths.
     *
     * @param relativeWidths the columns' widths relative to each other
     * @param large          whether the table is written in pieces (see the class comment)
     */
    public static Table table(float[] relativeWidths, boolean large) {
        Table table = new Table(UnitValue.createPercentArray(relativeWidths), large);
        table.setWidth(UnitValue.createPercentValue(100));
        table.setFixedLayout();
        return table;
    }

    /** A header cell (repeated on each page when added with {@link Table#addHeaderCell(Cell)}). */
    public static Cell headerCell(String text, PdfFont font, float fontSize) {
        Cell cell = new Cell().add(new Paragraph(text).setFont(font).setFontSize(fontSize).setMultipliedLeading(1.1f))
                .setBackgroundColor(HEADER_BACKGROUND)
                .setTextAlignment(TextAlignment.CENTER)
                .setVerticalAlignment(VerticalAlignment.MIDDLE)
                .setPadding(2);
        cell.setBorder(new SolidBorder(BORDER, 0.5f));
        return cell;
    }

    /** A body cell; line breaks in the text start new lines. */
    public static Cell bodyCell(String text, PdfFont font, float fontSize) {
        Cell cell = new Cell().add(new Paragraph(text == null ? "" : text).setFont(font).setFontSize(fontSize)
                        .setMultipliedLeading(1.15f))
                .setPadding(2);
        cell.setBorder(new SolidBorder(BORDER, 0.5f));
        return cell;
    }

    /** A body cell with the text centered, for short codes and grades. */
    public static Cell centeredCell(String text, PdfFont font, float fontSize) {
        return bodyCell(text, font, fontSize).setTextAlignment(TextAlignment.CENTER);
    }
}
