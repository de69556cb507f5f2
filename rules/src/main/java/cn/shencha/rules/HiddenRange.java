package cn.shencha.rules;

import java.util.List;

/**
 * A range of the text that a reader of the page does not see (hidden by CSS, inside an injected marker cluster,
 * served only to search-engine spiders, written by an obfuscated script). Readers produce these; the HIDDEN_LINK
 * detector weighs what lies inside them (spam phrases, links leaving the site, how many links) to tell injected spam
 * (暗链) from legitimate hidden interface such as a skip link or a collapsed menu. Offsets index the text handed to the
 * analyzer.
 *
 * @param reason        a short machine code such as {@code css-display-none}, {@code css-offscreen},
 *                      {@code css-same-color}, {@code marker-cluster}, {@code spider-only}, {@code script-written},
 *                      {@code script-rendered}
 * @param links         absolute link targets inside the range, in document order
 * @param externalLinks those of {@code links} that leave the site the text was published on (another registrable
 *                      domain); the reader decides, since only it knows where the text came from
 */
public record HiddenRange(int start, int end, String reason, List<String> links, List<String> externalLinks) {

    public HiddenRange {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad range " + start + ".." + end);
        }
        reason = reason == null ? "" : reason;
        links = links == null ? List.of() : List.copyOf(links);
        externalLinks = externalLinks == null ? List.of() : List.copyOf(externalLinks);
    }

    /** A range without link information. */
    public HiddenRange(int start, int end, String reason) {
        this(start, end, reason, List.of(), List.of());
    }

    /** This range cut to a text of {@code length} characters (its links kept), or null when it lies beyond the text. */
    public HiddenRange clampedTo(int length) {
        if (start >= length) {
            return null;
        }
        return end <= length ? this : new HiddenRange(start, length, reason, links, externalLinks);
    }

    /** This range moved by {@code delta} characters (for a text that was embedded in or cut from a longer one). */
    public HiddenRange shifted(int delta) {
        return new HiddenRange(Math.max(0, start + delta), Math.max(0, end + delta), reason, links, externalLinks);
    }
}
