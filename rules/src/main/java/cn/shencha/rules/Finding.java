package cn.shencha.rules;

import java.util.Objects;

/**
 * One problem found in a text. {@code start} and {@code end} are UTF-16 offsets into the ORIGINAL text as given to
 * the analyzer (before any normalization), end exclusive; {@code text} is exactly {@code original.substring(start, end)}.
 *
 * @param rule        the id of the rule that fired, as written in the rule pack
 * @param explanation a Chinese sentence a secrecy reviewer reads: what was found and why it matters
 * @param suggestion  the suggested replacement of {@code text} (a typo's right character, a leader's right title), or null
 */
public record Finding(Category category, String rule, int start, int end, String text, Severity severity,
                      String explanation, String suggestion) {

    /** A finding without a suggested correction. */
    public Finding(Category category, String rule, int start, int end, String text, Severity severity, String explanation) {
        this(category, rule, start, end, text, severity, explanation, null);
    }

    public Finding {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(explanation, "explanation");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span " + start + ".." + end);
        }
    }
}
