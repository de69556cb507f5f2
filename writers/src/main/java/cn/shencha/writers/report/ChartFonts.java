package cn.shencha.writers.report;

import cn.shencha.writers.pdf.PdfFonts;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The report font (the one {@link PdfFonts} embeds in every PDF) as a Java 2D font, so that the charts measure and
 * lay out their Chinese labels with the metrics of the font the PDF will show them in. It is read from the class path,
 * never from the operating system's fonts.
 */
final class ChartFonts {

    private static volatile Font base;

    private ChartFonts() {
    }

    /** The report font at the size, in points (the charts are drawn in points). */
    static Font of(float size) {
        return base().deriveFont(Font.PLAIN, size);
    }

    /** The font family name charts write into their SVG; {@link SvgCharts} maps every family to the report font. */
    static String family() {
        return base().getFamily(java.util.Locale.ROOT);
    }

    private static Font base() {
        Font f = base;
        if (f == null) {
            synchronized (ChartFonts.class) {
                f = base;
                if (f == null) {
                    try (InputStream in = ChartFonts.class.getResourceAsStream(PdfFonts.RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("the font " + PdfFonts.RESOURCE + " is missing from the class path");
                        }
                        f = Font.createFont(Font.TRUETYPE_FONT, in);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read the font " + PdfFonts.RESOURCE, e);
                    } catch (FontFormatException e) {
                        throw new IllegalStateException("the font " + PdfFonts.RESOURCE + " is not a TrueType font", e);
                    }
                    base = f;
                }
            }
        }
        return f;
    }
}
