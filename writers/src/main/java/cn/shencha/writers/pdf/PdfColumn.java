package cn.shencha.writers.pdf;

import java.util.Objects;

/**
 * A column of a {@link PdfTableWriter} table.
 *
 * @param header        the header text; line breaks are kept
 * @param relativeWidth the width relative to the other columns
 * @param centered      whether the cells are centred (short codes, grades) rather than left-aligned
 */
public record PdfColumn(String header, float relativeWidth, boolean centered) {
    public PdfColumn {
        Objects.requireNonNull(header, "header");
        if (!(relativeWidth > 0)) {
            throw new IllegalArgumentException("column width must be positive: " + header);
        }
    }

    public static PdfColumn left(String header, float relativeWidth) {
        return new PdfColumn(header, relativeWidth, false);
    }

    public static PdfColumn centered(String header, float relativeWidth) {
        return new PdfColumn(header, relativeWidth, true);
    }
}
