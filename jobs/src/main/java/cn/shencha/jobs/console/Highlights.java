package cn.shencha.jobs.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Cuts a snapshot's text into plain and highlighted pieces at its findings' offsets, for templates that print every
 * piece escaped (th:text): crawled text never reaches the page as markup.
 */
public final class Highlights {

    /** A piece of text; {@code finding} is the 1-based number of the finding it belongs to, or 0 for plain text. */
    public record Piece(String text, int finding, String category) {
    }

    /** A finding's span. */
    public record Span(int start, int end, String category) {
    }

    private Highlights() {
    }

    /** Pieces of the text; overlapping spans are merged into the first one that covers a character. */
    public static List<Piece> pieces(String text, List<Span> spans) {
        List<Piece> out = new ArrayList<>();
        List<int[]> ordered = new ArrayList<>();
        for (int i = 0; i < spans.size(); i++) {
            Span s = spans.get(i);
            int start = Math.max(0, Math.min(s.start(), text.length()));
            int end = Math.max(start, Math.min(s.end(), text.length()));
            if (end > start) {
                ordered.add(new int[]{start, end, i});
            }
        }
        ordered.sort(Comparator.<int[]>comparingInt(a -> a[0]).thenComparingInt(a -> -a[1]));
        int at = 0;
        for (int[] s : ordered) {
            if (s[1] <= at) {
                continue;
            }
            int start = Math.max(s[0], at);
            if (start > at) {
                out.add(new Piece(text.substring(at, start), 0, null));
            }
            out.add(new Piece(text.substring(start, s[1]), s[2] + 1, spans.get(s[2]).category()));
            at = s[1];
        }
        if (at < text.length()) {
            out.add(new Piece(text.substring(at), 0, null));
        }
        return out;
    }
}
