package cn.shencha.writers.pdf;

import com.itextpdf.io.font.FontProgram;
import com.itextpdf.io.font.FontProgramFactory;
import com.itextpdf.io.font.PdfEncodings;
import com.itextpdf.kernel.font.PdfFont;
import com.itextpdf.kernel.font.PdfFontFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The one font of Shencha's PDFs: LXGW WenKai (霞鹜文楷, SIL Open Font License, bundled in the writers jar under
 * {@value #RESOURCE}). It is read from the class path, never from the operating system, so a PDF looks the same on
 * every machine, and it is always embedded (as a subset), as PDF/A requires.
 */
public final class PdfFonts {

    /** Where the font lies on the class path. */
    public static final String RESOURCE = "/fonts/LXGWWenKai-Regular.ttf";

    private static volatile FontProgram program;

    private PdfFonts() {
    }

    /**
     * A new embedded, subset font for one document (an iText {@link PdfFont} belongs to the document that first uses
     * it). The parsed font program is read once and shared.
     */
    public static PdfFont cjk() {
        return PdfFontFactory.createFont(program(), PdfEncodings.IDENTITY_H,
                PdfFontFactory.EmbeddingStrategy.FORCE_EMBEDDED);
    }

    /** The parsed font program, read once and shared (for example by the charts' SVG font provider). */
    public static FontProgram program() {
        FontProgram p = program;
        if (p == null) {
            synchronized (PdfFonts.class) {
                p = program;
                if (p == null) {
                    try (InputStream in = PdfFonts.class.getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("the font " + RESOURCE + " is missing from the class path");
                        }
                        p = FontProgramFactory.createFont(in.readAllBytes(), false);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read the font " + RESOURCE, e);
                    }
                    program = p;
                }
            }
        }
        return p;
    }
}
