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
    /** {@link System#nanoTime()} after which the analysis stops ({@link #checkBudget()}); Long.MAX_VALUE: none. */
    private final long deadline;
    private int[] digitRuns;

    /** Thrown by {@link #checkBudget()} when the document's time budget has run out; carries no stack trace. */
    static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super("time budget exceeded", null, false, false);
        }
    }

    TextContext(NormalizedText text, Map<String, List<Lexicon.Hit>> hits, List<HiddenRange> hidden) {
        this(text, hits, hidden, Registries.NONE);
    }

    TextContext(NormalizedText text, Map<String, List<Lexicon.Hit>> hits, List<HiddenRange> hidden, Registries registries) {
        this(text, hits, hidden, registries, Long.MAX_VALUE);
    }

    TextContext(NormalizedText text, Map<String, List<Lexicon.Hit>> hits, List<HiddenRange> hidden, Registries registries,
                long deadline) {
        this.text = text;
        this.hits = hits;
        this.hidden = hidden;
        this.registries = registries;
        this.deadline = deadline;
        this.sentenceStarts = sentenceStarts(text.normalized());
    }

    /**
     * Stops the analysis (throws {@link BudgetExceeded}) when the document's time budget has run out. Detectors call
     * it in their loops over candidates; the analyzer calls it between detectors, keeping the findings made so far.
     */
    void checkBudget() {
        if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0) {
            throw new BudgetExceeded();
        }
    }

    /**
     * The maximal runs of ASCII digits of the folded text (full-width digits are folded already), as start/end pairs:
     * {@code runs[2k]} is the start of run k and {@code runs[2k+1]} its end. Computed once, in one pass, so every
     * detector that looks for numbers (IDs, mobiles, cards, figures) starts from the runs instead of a regex tried at
     * every character.
     */
    int[] digitRuns() {
        int[] runs = digitRuns;
        if (runs == null) {
            String s = text.normalized();
            runs = new int[16];
            int n = 0;
            int i = 0;
            int len = s.length();
            while (i < len) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    i++;
                    continue;
                }
                int start = i;
                while (i < len && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    i++;
                }
                if (n + 2 > runs.length) {
                    runs = java.util.Arrays.copyOf(runs, runs.length * 2);
                }
                runs[n++] = start;
                runs[n++] = i;
            }
            runs = java.util.Arrays.copyOf(runs, n);
            digitRuns = runs;
        }
        return runs;
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

    /** Whether a hit of {@code list} other than the term {@code except} lies within [from, to). */
    boolean any(String list, int from, int to, String except) {
        List<Lexicon.Hit> hits = hits(list);
        for (int i = firstAtOrAfter(hits, from); i < hits.size(); i++) {
            Lexicon.Hit h = hits.get(i);
            if (h.start() >= to) {
                return false;
            }
            if (h.end() <= to && !h.term().equals(except)) {
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
