package cn.shencha.rules;

import java.util.List;

/**
 * HISTORY_WORDING (ch. 4 §7.2; the 1981 and 2021 historical resolutions): formulations of major historical events and
 * political movements since 1949 that differ from the authoritative ones — a table of wrong → right forms with context
 * exceptions (HIST-FORM), and names that must stand in quotation marks (“文化大革命”, “大跃进”, “四人帮”; HIST-QUOTE).
 * Clean: a wrong form quoted as a mention (不使用“三年自然灾害”的提法), text about the review, and a historical document
 * reproduced as issued — a text that dates itself only in the 一九七八年 style and only before
 * {@code reproduced_before}, which predates the resolutions' usage.
 */
final class HistoryWordingDetector implements Detector {

    @Override
    public void detect(TextContext t, RulePack pack, List<Finding> out) {
        String s = t.folded();
        List<String> quotes = pack.history.quotes();
        int reproduced = 0; // 0 unknown, 1 yes, -1 no: computed once, only for a text with a candidate
        for (RulePack.Formulation f : pack.history.formulations()) {
            for (Lexicon.Hit hit : t.hits(f.list())) {
                if (excepted(s, hit.start(), f) || enclosed(s, quotes, hit.start(), hit.end()) || t.metaDiscourse(hit.start(), hit.end())) {
                    continue;
                }
                if (reproduced == 0) {
                    reproduced = reproducedHistoricalDocument(s, pack.history.reproducedBefore()) ? 1 : -1;
                }
                if (reproduced > 0) {
                    return;
                }
                out.add(t.finding(pack.rule("HIST-FORM"), hit.start(), hit.end(),
                        "“" + t.original().substring(hit.start(), hit.end()) + "”不是权威提法，应为" + f.right() + "。"));
            }
        }
        for (Lexicon.Hit hit : t.hits("history_wording.quoted")) {
            boolean enclosed = enclosed(s, quotes, hit.start(), hit.end());
            if (!enclosed && t.quoted(hit.start(), hit.end()) || t.metaDiscourse(hit.start(), hit.end())) {
                continue; // inside a longer quotation: a historical text quoted as written
            }
            Lexicon.Hit praise = praise(t, s, hit);
            if (enclosed && praise == null) {
                continue;
            }
            if (reproduced == 0) {
                reproduced = reproducedHistoricalDocument(s, pack.history.reproducedBefore()) ? 1 : -1;
            }
            if (reproduced > 0) {
                return;
            }
            if (praise != null) {
                out.add(t.finding(pack.rule("HIST-FORM"), hit.start(), praise.end(),
                        "对“" + hit.term() + "”的定性与历史决议不一致（决议已作出否定性结论）。"));
            } else {
                out.add(t.finding(pack.rule("HIST-QUOTE"), hit.start(), hit.end(),
                        "按权威提法，“" + hit.term() + "”应加引号。"));
            }
        }
    }

    /** How far after an event name a characterization of it is looked for (same clause). */
    static final int PRAISE_REACH = 16;

    /** A praising characterization right after the event name (“文化大革命”是一场伟大革命), or null. */
    private static Lexicon.Hit praise(TextContext t, String s, Lexicon.Hit event) {
        int limit = Math.min(s.length(), event.end() + PRAISE_REACH);
        for (Lexicon.Hit p : t.within("history_wording.praise_cues", event.end(), limit)) {
            String between = s.substring(event.end(), p.start());
            if (between.chars().noneMatch(c -> c == '，' || c == ',' || c == '。' || c == '；' || c == '？')
                    && !between.contains("不是") && !between.contains("否定") && !between.contains("并非")) {
                return p;
            }
        }
        return null;
    }

    /** Whether a quotation mark stands right before and right after [start, end) (spaces allowed: “ 文化大革命”). */
    private static boolean enclosed(String s, List<String> quotes, int start, int end) {
        int b = start - 1;
        while (b >= 0 && b > start - 3 && s.charAt(b) == ' ') {
            b--;
        }
        int a = end;
        while (a < s.length() && a < end + 2 && s.charAt(a) == ' ') {
            a++;
        }
        return b >= 0 && quotes.contains(String.valueOf(s.charAt(b))) && a < s.length() && quotes.contains(String.valueOf(s.charAt(a)));
    }

    /**
     * A historical document reproduced as issued: it writes at least one year in Chinese numerals (一九七八年), and
     * every year it writes (either way) is before {@code before}. One pass over the text, run only when there is a
     * candidate.
     */
    static boolean reproducedHistoricalDocument(String s, int before) {
        int chineseYears = 0;
        for (int i = s.indexOf('年'); i >= 0; i = s.indexOf('年', i + 1)) {
            if (i >= 4) {
                int arabic = arabicYear(s, i);
                if (arabic >= 0) {
                    if (arabic >= before) {
                        return false;
                    }
                    continue;
                }
                int chinese = chineseYear(s, i);
                if (chinese >= 0) {
                    if (chinese >= before) {
                        return false;
                    }
                    chineseYears++;
                }
            }
        }
        return chineseYears > 0;
    }

    private static int arabicYear(String s, int yearChar) {
        int v = 0;
        for (int k = yearChar - 4; k < yearChar; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        boolean longer = yearChar - 5 >= 0 && Character.isDigit(s.charAt(yearChar - 5));
        return !longer && v >= 1900 && v <= 2100 ? v : -1;
    }

    private static final String DIGITS = "〇一二三四五六七八九";

    private static int chineseYear(String s, int yearChar) {
        int v = 0;
        for (int k = yearChar - 4; k < yearChar; k++) {
            char c = s.charAt(k);
            int d = c == '零' || c == 'o' ? 0 : DIGITS.indexOf(c);
            if (d < 0) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v >= 1900 && v <= 2100 ? v : -1;
    }

    private static boolean excepted(String s, int start, RulePack.Formulation f) {
        for (String exception : f.exceptions()) {
            int k = exception.indexOf(f.wrong());
            if (k >= 0 && start - k >= 0 && s.startsWith(exception, start - k)) {
                return true;
            }
        }
        return false;
    }
}
