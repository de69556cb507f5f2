package cn.shencha.writers.report;

import cn.shencha.writers.pdf.PdfFonts;
import com.itextpdf.kernel.font.PdfFont;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.xobject.PdfFormXObject;
import com.itextpdf.layout.font.FontInfo;
import com.itextpdf.layout.font.FontProvider;
import com.itextpdf.layout.font.FontSet;
import com.itextpdf.svg.converter.SvgConverter;
import com.itextpdf.svg.processors.impl.SvgConverterProperties;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;

import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;

/**
 * Charts as vector graphics in a PDF (ADR 8): JFreeChart draws into JFreeSVG's {@link SVGGraphics2D} in points,
 * and iText's SVG module turns the SVG into a form XObject of the document. Every text of the SVG is set in the
 * document's own embedded report font, so chart labels are real, extractable text in the one font subset the rest
 * of the PDF uses, as PDF/A requires (no unembedded or system font can slip in).
 */
final class SvgCharts {

    private SvgCharts() {
    }

    /**
     * The chart as an SVG document. Sizes are in user units throughout (coordinates and font sizes alike), which the
     * SVG module reads as CSS pixels; the image is then scaled to its width in the PDF, so a chart drawn 200 units
     * wide with 8-unit labels and placed 200 pt wide shows 8 pt labels.
     */
    static String svg(JFreeChart chart, double width, double height) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        // Text as <text> elements (not outlines), so that the PDF keeps it as text in the embedded font.
        g.setRenderingHint(SVGHints.KEY_DRAW_STRING_TYPE, SVGHints.VALUE_DRAW_STRING_TYPE_STANDARD);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        return g.getSVGDocument();
    }

    /** The SVG as a form XObject of the document, its texts in the document's report font. */
    static PdfFormXObject xobject(String svg, PdfDocument pdf, PdfFont reportFont) {
        SvgConverterProperties properties = new SvgConverterProperties();
        properties.setFontProvider(new ReportFontProvider(reportFont));
        return SvgConverter.convertToXObject(svg, pdf, properties);
    }

    /** A font provider that knows one font, the report font, and hands out the document's own instance of it. */
    private static final class ReportFontProvider extends FontProvider {
        private final PdfFont font;

        ReportFontProvider(PdfFont font) {
            super(new FontSet(), ChartFonts.family());
            this.font = font;
            addFont(PdfFonts.program());
        }

        @Override
        public PdfFont getPdfFont(FontInfo fontInfo, FontSet additionalFonts) {
            return font;
        }
    }
}
