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
    private final List<String> quotePairs;
    /** -1 unknown, 0 no, 1 yes: whether the whole text is about the review (a self-check table, training material). */
    private int metaDocument = -1;

    /** How far from a span a quotation mark that encloses it is looked for. */
    static final int QUOTE_REACH = 40;
    /** A first line at most this long that holds a review cue is the title of a text about the review. */
    static final int META_TITLE_CHARS = 60;
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
        this(text, hits, hidden, registries, List.of("“”", "\"\"", "「」", "『』", "‘’"), Long.MAX_VALUE);
    }

    TextContext(NormalizedText text, Map<String, List<Lexicon.Hit>> hits, List<HiddenRange> hidden, Registries registries,
                List<String> quotePairs) {
        this(text, hits, hidden, registries, quotePairs, Long.MAX_VALUE);
    }

    TextContext(NormalizedText text, Map<String, List<Lexicon.Hit>> hits, List<HiddenRange> hidden, Registries registries,
                List<String> quotePairs, long deadline) {
        this.text = text;
        this.hits = hits;
        this.hidden = hidden;
        this.registries = registries;
        this.quotePairs = quotePairs;
        this.deadline = deadline;
        this.sentenceStarts = sentenceStarts(text.normalized());
    }

    /**
     * Whether [start, end) is text about the review itself, which names a problem in order to explain or forbid it and
     * is never a finding (GUIDELINES.md, principle 3): its sentence holds a review cue (是否含有, 自查, 如发现, 应当删除,
     * 不得使用…), or the span stands in quotation marks in a sentence with an example cue (如“绝密★启用前”字样), or the
     * whole text is titled as a review text (a short first line with a review cue: 保密审查自查表). Every detector asks
     * this before it reports. Cost: two binary searches, and a look at most {@value #QUOTE_REACH} characters each way.
     */
    boolean metaDiscourse(int start, int end) {
        if (metaDocument()) {
            return true;
        }
        int ss = sentenceStart(start);
        int se = sentenceEnd(Math.max(start, end - 1));
        if (any(RulePack.META_SECTION + ".review_cues", ss, se)) {
            return true;
        }
        return quotedExample(start, end, ss, se);
    }

    /**
     * Whether [start, end) is quoted as an example (如“绝密★启用前”字样, 示例：…): the narrow part of {@link #metaDiscourse},
     * for categories whose findings are literal values (a number, a password) that a review cue in the same sentence
     * must not excuse (如发现问题请联系张三，电话…).
     */
    boolean quotedExample(int start, int end) {
        return quotedExample(start, end, sentenceStart(start), sentenceEnd(Math.max(start, end - 1)));
    }

    private boolean quotedExample(int start, int end, int ss, int se) {
        return quoted(start, end) && any(RulePack.META_SECTION + ".example_cues", ss, se) || labelledExample(start);
    }

    /** Whether [start, end) overlaps a range the reader does not see. */
    boolean inHiddenRange(int start, int end) {
        for (HiddenRange r : hidden) {
            if (r.start() < end && start < r.end()) {
                return true;
            }
        }
        return false;
    }

    /** 示例1：秘密★1年 / 例：…: an example label, then only digits, a colon, spaces or a quote, right before the span. */
    private boolean labelledExample(int start) {
        String s = text.normalized();
        for (Lexicon.Hit label : within(RulePack.META_SECTION + ".example_labels", Math.max(0, start - 8), start)) {
            boolean colon = false;
            boolean clean = true;
            for (int i = label.end(); i < start; i++) {
                char c = s.charAt(i);
                if (c == ':' || c == '：') {
                    colon = true;
                } else if (!(Character.isDigit(c) || c == ' ' || c == '\u3000' || c == '“' || c == '"' || c == '「')) {
                    clean = false;
                    break;
                }
            }
            if (clean && colon) {
                return true;
            }
        }
        return false;
    }

    private boolean metaDocument() {
        if (metaDocument < 0) {
            String s = text.normalized();
            int firstLine = s.indexOf('\n');
            int titleEnd = firstLine < 0 ? s.length() : firstLine;
            metaDocument = titleEnd <= META_TITLE_CHARS && s.length() > titleEnd
                    && any(RulePack.META_SECTION + ".review_cues", 0, titleEnd) ? 1 : 0;
        }
        return metaDocument == 1;
    }

    /** Whether [start, end) stands inside a pair of quotation marks (looking at most {@value #QUOTE_REACH} chars out). */
    boolean quoted(int start, int end) {
        String s = text.normalized();
        for (String pair : quotePairs) {
            char open = pair.charAt(0);
            char close = pair.charAt(1);
            int o = -1;
            for (int i = start - 1; i >= Math.max(0, start - QUOTE_REACH); i--) {
                char c = s.charAt(i);
                if (c == open) {
                    o = i;
                    break;
                }
                if ((c == close && open != close) || c == '\n') {
                    break;
                }
            }
            if (o < 0) {
                continue;
            }
            for (int i = end; i < Math.min(s.length(), end + QUOTE_REACH); i++) {
                char c = s.charAt(i);
                if (c == close) {
                    return true;
                }
                if ((c == open && open != close) || c == '\n') {
                    break;
                }
            }
        }
        return false;
    }

    /** Whether the text starts a line at {@code pos} (the start of the text, or after a line break and spaces). */
    boolean lineStart(int pos) {
        String s = text.normalized();
        int i = pos - 1;
        while (i >= 0 && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\u3000')) {
            i--;
        }
        return i < 0 || s.charAt(i) == '\n';
    }

    /** Start of the line holding pos, looking back at most {@code reach} characters (-1 when the line is longer). */
    int lineStartWithin(int pos, int reach) {
        String s = text.normalized();
        for (int i = pos - 1; i >= Math.max(0, pos - reach - 1); i--) {
            if (s.charAt(i) == '\n') {
                return i + 1;
            }
            if (i == 0) {
                return 0;
            }
        }
        return pos == 0 ? 0 : -1;
    }

    /** End of the line holding pos, looking ahead at most {@code reach} characters (-1 when the line is longer). */
    int lineEndWithin(int pos, int reach) {
        String s = text.normalized();
        for (int i = pos; i <= Math.min(s.length(), pos + reach); i++) {
            if (i == s.length() || s.charAt(i) == '\n') {
                return i;
            }
        }
        return -1;
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
