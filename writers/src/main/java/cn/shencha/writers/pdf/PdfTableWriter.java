package cn.shencha.writers.pdf;

import com.itextpdf.kernel.font.PdfFont;
import com.itextpdf.kernel.pdf.PdfPage;
import com.itextpdf.kernel.pdf.canvas.PdfCanvas;

import java.util.ArrayList;
import java.util.List;

/**
 * Draws a long table straight onto the pages of a {@link PdfAReport}, row by row, with the header row repeated at the
 * top of every page. It does its own line breaking ({@link TextWrapper}) instead of going through iText's layout
 * engine, which makes it fast enough for ledgers of tens of thousands of rows; a row taller than a page continues on
 * the next. Cells hold plain text; line breaks in the text start new lines.
 */
public final class PdfTableWriter {

    private static final float PADDING = 2.5f;
    private static final float BORDER_WIDTH = 0.5f;

    private final PdfAReport report;
    private final List<PdfColumn> columns;
    private final float[] widths;
    private final float left;
    private final float tableWidth;
    private final TextWrapper body;
    private final TextWrapper head;
    private final float bodyLeading;
    private final float headLeading;
    private final List<List<String>> headerLines = new ArrayList<>();
    private final float headerHeight;

    private int rowsOnPage;
    private PdfPage page;
    private PdfCanvas canvas;
    private float y;
    private int rows;

    /**
     * @param report   the report to draw into
     * @param columns  the columns, left to right, spanning the width between the margins
     * @param fontSize the body text size in points (the header is half a point larger)
     */
    public PdfTableWriter(PdfAReport report, List<PdfColumn> columns, float fontSize) {
        this(report, columns, fontSize, report.contentLeft(), report.contentWidth());
    }

    /**
     * A table of the given width starting at {@code left}.
     */
    public PdfTableWriter(PdfAReport report, List<PdfColumn> columns, float fontSize, float left, float width) {
        this.report = report;
        this.columns = List.copyOf(columns);
        PdfFont font = report.font();
        this.body = new TextWrapper(font, fontSize);
        this.head = new TextWrapper(font, fontSize + 0.5f);
        this.bodyLeading = fontSize * 1.25f;
        this.headLeading = (fontSize + 0.5f) * 1.25f;
        this.left = left;
        this.tableWidth = width;
        float total = 0;
        for (PdfColumn c : columns) {
            total += c.relativeWidth();
        }
        widths = new float[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = tableWidth * columns.get(i).relativeWidth() / total;
        }
        int maxLines = 1;
        for (int i = 0; i < widths.length; i++) {
            List<String> lines = head.wrap(columns.get(i).header(), widths[i] - 2 * PADDING);
            headerLines.add(lines);
            maxLines = Math.max(maxLines, lines.size());
        }
        headerHeight = maxLines * headLeading + 2 * PADDING;
    }

    /** Starts the table on the page, its top at {@code top}; draws the header row. */
    public void begin(PdfPage page, float top) {
        this.page = page;
        this.canvas = new PdfCanvas(page);
        this.y = top;
        if (y - headerHeight - bodyLeading - 2 * PADDING < report.contentBottom()) {
            nextPage();
        } else {
            drawHeader();
        }
    }

    /** Adds a row; the list holds one text per column (null for empty). */
    public void addRow(List<String> cells) {
        if (cells.size() != columns.size()) {
            throw new IllegalArgumentException("a row needs " + columns.size() + " cells, got " + cells.size());
        }
        if (canvas == null) {
            throw new IllegalStateException("begin the table on a page first");
        }
        List<List<String>> lines = new ArrayList<>(cells.size());
        int maxLines = 1;
        for (int i = 0; i < cells.size(); i++) {
            List<String> l = body.wrap(cells.get(i), widths[i] - 2 * PADDING);
            lines.add(l);
            maxLines = Math.max(maxLines, l.size());
        }
        int from = 0;
        while (from < maxLines) {
            int fit = (int) Math.floor((y - report.contentBottom() - 2 * PADDING) / bodyLeading);
            boolean wholeRowFitsLater = from == 0 && fit < maxLines && rowFitsOnFreshPage(maxLines);
            if (fit < 1 || (wholeRowFitsLater && rowsOnPage > 0)) {
                if (fit < 1 && rowsOnPage == 0) {
                    throw new IllegalStateException("the page is too small for a single line of the table");
                }
                nextPage();
                continue;
            }
            int count = Math.min(fit, maxLines - from);
            drawRow(lines, from, count);
            from += count;
        }
        rows++;
    }

    /** The number of rows added. */
    public int rows() {
        return rows;
    }

    /** Where the table ends on the current page (its bottom edge). */
    public float bottom() {
        return y;
    }

    /** The page the table ends on. */
    public PdfPage page() {
        return page;
    }

    /** Stops drawing; the canvas of the last page is released. */
    public void end() {
        if (canvas != null) {
            canvas.release();
            canvas = null;
        }
    }

    private boolean rowFitsOnFreshPage(int lines) {
        float available = report.contentTop() - headerHeight - report.contentBottom() - 2 * PADDING;
        return lines * bodyLeading <= available;
    }


    private void nextPage() {
        if (canvas != null) {
            canvas.release();
        }
        page = report.newPage();
        canvas = new PdfCanvas(page);
        y = report.contentTop();
        drawHeader();
    }

    private void drawHeader() {
        rowsOnPage = 0;
        float top = y;
        canvas.saveState().setFillColor(PdfTables.HEADER_BACKGROUND)
                .rectangle(left, top - headerHeight, tableWidth, headerHeight).fill().restoreState();
        float x = left;
        for (int i = 0; i < widths.length; i++) {
            List<String> lines = headerLines.get(i);
            float blockHeight = lines.size() * headLeading;
            float lineTop = top - (headerHeight - blockHeight) / 2;
            drawLines(lines, 0, lines.size(), head, headLeading, x, widths[i], lineTop, true);
            x += widths[i];
        }
        grid(top, headerHeight);
        y = top - headerHeight;
    }

    private void drawRow(List<List<String>> lines, int from, int count) {
        float height = count * bodyLeading + 2 * PADDING;
        float x = left;
        for (int i = 0; i < widths.length; i++) {
            List<String> cell = lines.get(i);
            int end = Math.min(cell.size(), from + count);
            if (from < end) {
                drawLines(cell, from, end, body, bodyLeading, x, widths[i], y - PADDING, columns.get(i).centered());
            }
            x += widths[i];
        }
        grid(y, height);
        y -= height;
        rowsOnPage++;
    }

    private void drawLines(List<String> lines, int from, int to, TextWrapper wrapper, float leading, float x, float width,
                           float top, boolean centered) {
        float size = wrapper.fontSize();
        // The baseline of the first line: a line box is `leading` high, the glyphs sit about 0.8 em above its bottom.
        float baseline = top - (leading - size) / 2 - size * 0.86f;
        canvas.beginText().setFontAndSize(report.font(), size);
        float lastX = 0;
        float lastY = 0;
        for (int i = from; i < to; i++) {
            String line = lines.get(i);
            if (!line.isEmpty()) {
                float lx = centered ? x + (width - wrapper.width(line)) / 2 : x + PADDING;
                float ly = baseline - (i - from) * leading;
                canvas.moveText(lx - lastX, ly - lastY);
                lastX = lx;
                lastY = ly;
                canvas.showText(line);
            }
        }
        canvas.endText();
    }

    private void grid(float top, float height) {
        canvas.saveState().setStrokeColor(PdfTables.BORDER).setLineWidth(BORDER_WIDTH);
        canvas.rectangle(left, top - height, tableWidth, height);
        float x = left;
        for (int i = 0; i < widths.length - 1; i++) {
            x += widths[i];
            canvas.moveTo(x, top).lineTo(x, top - height);
        }
        canvas.stroke().restoreState();
    }

}
