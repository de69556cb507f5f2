package cn.shencha.writers.pdf;

import com.itextpdf.kernel.font.PdfFont;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Breaks text into lines that fit a width, for one font and size: Chinese may break between any two characters,
 * Latin words and URLs preferably at spaces, slashes, hyphens and underscores, and closing punctuation (，。、）…)
 * never starts a line. Glyph widths are cached, so wrapping is cheap enough for tables of tens of thousands of rows.
 */
public final class TextWrapper {

    private static final String NO_LINE_START = "，。、；：！？）》」』】〕,.;:!?)]}%";

    private final PdfFont font;
    private final float fontSize;
    private final float[] bmpWidths = new float[0x10000];

    public TextWrapper(PdfFont font, float fontSize) {
        this.font = font;
        this.fontSize = fontSize;
        Arrays.fill(bmpWidths, -1);
    }

    public float fontSize() {
        return fontSize;
    }

    /** The width of one character (code point) in points. */
    public float width(int codePoint) {
        if (codePoint < bmpWidths.length) {
            float w = bmpWidths[codePoint];
            if (w < 0) {
                w = font.getWidth(codePoint, fontSize);
                bmpWidths[codePoint] = w;
            }
            return w;
        }
        return font.getWidth(codePoint, fontSize);
    }

    /** The width of a text in points. */
    public float width(String text) {
        float w = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            w += width(cp);
            i += Character.charCount(cp);
        }
        return w;
    }

    /** The lines of the text at most {@code maxWidth} wide; line breaks in the text are kept. */
    public List<String> wrap(String text, float maxWidth) {
        List<String> lines = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return lines;
        }
        int start = 0;
        while (true) {
            int nl = text.indexOf('\n', start);
            wrapLine(text, start, nl < 0 ? text.length() : nl, maxWidth, lines);
            if (nl < 0) {
                break;
            }
            start = nl + 1;
        }
        return lines;
    }

    private void wrapLine(String text, int from, int to, float maxWidth, List<String> lines) {
        if (from == to) {
            lines.add("");
            return;
        }
        int lineStart = from;
        float lineWidth = 0;
        int lastBreak = -1;          // index where a new line may start
        float widthAtLastBreak = 0;
        int i = from;
        while (i < to) {
            int cp = text.codePointAt(i);
            int n = Character.charCount(cp);
            float w = width(cp);
            if (lineWidth + w > maxWidth && i > lineStart && NO_LINE_START.indexOf(cp) < 0) {
                int breakAt = lastBreak > lineStart ? lastBreak : i;
                lines.add(text.substring(lineStart, breakAt).stripTrailing());
                lineWidth = breakAt == i ? 0 : lineWidth - widthAtLastBreak;
                lineStart = breakAt;
                while (lineStart < to && text.charAt(lineStart) == ' ') {
                    lineWidth -= width(' ');
                    lineStart++;
                }
                lineWidth = Math.max(0, lineWidth);
                lastBreak = -1;
                continue;
            }
            lineWidth += w;
            i += n;
            if (i < to) {
                int next = text.codePointAt(i);
                if (breakAfter(cp, next)) {
                    lastBreak = i;
                    widthAtLastBreak = lineWidth;
                }
            }
        }
        lines.add(text.substring(lineStart, to));
    }

    private static boolean breakAfter(int cp, int next) {
        if (NO_LINE_START.indexOf(next) >= 0) {
            return false;
        }
        if (cp == '-') {
            // Not inside dates and numbers (2025-01-01, SP-2025-000001).
            return !Character.isDigit(next);
        }
        return cp == ' ' || cp == '/' || cp == '_' || cp == '?' || cp == '&' || isWide(cp) || isWide(next);
    }

    private static boolean isWide(int cp) {
        return cp >= 0x2E80;
    }
}
