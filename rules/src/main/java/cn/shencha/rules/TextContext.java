package cn.shencha.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One text under analysis, as every detector sees it: the original and folded forms (same length), the lexicon hits,
 * sentence boundaries, and the ranges a reader does not see.
 */
final class TextContext {

    private final NormalizedText text;
    private final Map<String, List<Lexicon.Hit>> hits;
    private final List<HiddenRange> hidden;
    private final int[] sentenceStarts;
    private final Registries registries;

    TextContext(NormalizedText text, Map<String, List<Lexicon.Hit>> hits, List<HiddenRange> hidden) {
        this(text, hits, hidden, Registries.NONE);
    }

    TextContext(NormalizedText text, Map<String, List<Lexicon.Hit>> hits, List<HiddenRange> hidden, Registries registries) {
        this.text = text;
        this.hits = hits;
        this.hidden = hidden;
        this.registries = registries;
        this.sentenceStarts = sentenceStarts(text.normalized());
    }

    /** The published-figure and case-status registries in force. */
    Registries registries() {
        return registries;
    }

    String folded() {
        return text.normalized();
    }

    String original() {
        return text.original();
    }

    int length() {
        return text.length();
    }

    List<Lexicon.Hit> hits(String list) {
        return hits.getOrDefault(list, List.of());
    }

    List<HiddenRange> hidden() {
        return hidden;
    }

    boolean isHidden(int start, int end) {
        for (HiddenRange r : hidden) {
            if (start < r.end() && end > r.start()) {
                return true;
            }
        }
        return false;
    }

    /** Start of the sentence holding {@code pos}. */
    int sentenceStart(int pos) {
        int i = java.util.Arrays.binarySearch(sentenceStarts, pos);
        return i >= 0 ? sentenceStarts[i] : sentenceStarts[-i - 2];
    }

    /** End (exclusive, after its closing mark) of the sentence holding {@code pos}. */
    int sentenceEnd(int pos) {
        int i = java.util.Arrays.binarySearch(sentenceStarts, pos);
        int next = i >= 0 ? i + 1 : -i - 1;
        return next < sentenceStarts.length ? sentenceStarts[next] : length();
    }

    /** Whether any hit of {@code list} lies within [from, to). */
    boolean any(String list, int from, int to) {
        List<Lexicon.Hit> hits = hits(list);
        for (int i = firstAtOrAfter(hits, from); i < hits.size(); i++) {
            Lexicon.Hit h = hits.get(i);
            if (h.start() >= to) {
                return false;
            }
            if (h.end() <= to) {
                return true;
            }
        }
        return false;
    }

    List<Lexicon.Hit> within(String list, int from, int to) {
        List<Lexicon.Hit> hits = hits(list);
        List<Lexicon.Hit> out = new ArrayList<>();
        for (int i = firstAtOrAfter(hits, from); i < hits.size(); i++) {
            Lexicon.Hit h = hits.get(i);
            if (h.start() >= to) {
                break;
            }
            if (h.end() <= to) {
                out.add(h);
            }
        }
        return out;
    }

    /** Index of the first hit starting at or after {@code pos} (hits are sorted by start). */
    private static int firstAtOrAfter(List<Lexicon.Hit> hits, int pos) {
        int lo = 0;
        int hi = hits.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (hits.get(mid).start() < pos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A finding over [start, end) of the original text; the span is trimmed of surrounding spaces and punctuation. */
    Finding finding(RuleInfo rule, int start, int end, String explanation) {
        int s = Math.max(0, start);
        int e = Math.min(length(), end);
        while (s < e && isTrim(text.original().charAt(s))) {
            s++;
        }
        while (e > s && isTrim(text.original().charAt(e - 1))) {
            e--;
        }
        return new Finding(rule.category(), rule.id(), s, e, text.original().substring(s, e), rule.severity(), explanation);
    }

    private static boolean isTrim(char c) {
        return Character.isWhitespace(c) || c == '\u3000' || c == '，' || c == '。' || c == '、' || c == '；' || c == '：'
                || c == ',' || c == '.' || c == ';' || c == ':';
    }

    private static int[] sentenceStarts(String text) {
        char[] s = text.toCharArray();
        int[] starts = new int[16];
        int n = 1;
        for (int i = 0; i < s.length - 1; i++) {
            char c = s[i];
            if (c == '。' || c == '！' || c == '？' || c == '；' || c == '!' || c == '?' || c == ';' || c == '\n') {
                if (n == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = i + 1;
            }
        }
        return java.util.Arrays.copyOf(starts, n);
    }
}
