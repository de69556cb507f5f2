package cn.shencha.rules;

/**
 * A range of the text that a reader of the page does not see (hidden by CSS, inside an injected marker cluster,
 * served only to search-engine spiders, written by an obfuscated script). Readers produce these; the HIDDEN_LINK
 * detector weighs spam phrases inside them. Offsets index the text handed to the analyzer.
 *
 * @param reason a short machine code such as {@code css-display-none}, {@code marker-cluster}, {@code spider-only},
 *               {@code script-written}
 */
public record HiddenRange(int start, int end, String reason) {
    public HiddenRange {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad range " + start + ".." + end);
        }
    }
}
