package cn.shencha.rules;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SERIOUS_WORDING (严重表述错误; ch. 8 §三(二) 政治关, ch. 3 §五 杜绝政治错误) against the pack's register
 * ({@link WordingRegister}): a registered leader named with a title that is not theirs (or a former one outside a past
 * context: 时任、原、a year within the term), a name one character off a registered leader's (same sound or a known
 * confusion) written with a title, leaders enumerated against their rank order, a fixed formulation or an institution's
 * name altered or truncated (one or two characters off its authoritative wording, or a registered wrong form), the
 * items of a fixed enumeration out of order, a district place name one character off.
 */
final class SeriousWordingDetector implements Detector {

    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final Pattern YEAR = Pattern.compile("((?:19|20)[0-9]{2})年");

    @Override
    public void detect(TextContext t, RulePack pack, List<Finding> out) {
        WordingRegister reg = pack.wording;
        if (reg == null) {
            return;
        }
        String s = t.folded();
        LocalDate today = LocalDate.now(BEIJING);
        List<Lexicon.Hit> names = t.hits("serious_wording.names");
        for (Lexicon.Hit h : names) {
            titles(t, pack, reg, h, today, out);
        }
        order(t, pack, reg, names, today, out);
        for (Lexicon.Hit h : t.hits("serious_wording.name_variants")) {
            if (overlaps(names, h) || !titled(reg, s, h.start(), h.end())) {
                continue;
            }
            String right = reg.nameFor(h.term());
            out.add(with(t.finding(pack.rule("WORDING-NAME"), h.start(), h.end(),
                    "领导同志姓名疑似写错：“" + t.original().substring(h.start(), h.end()) + "”应为“" + right + "”，建议改为“" + right + "”。"), right));
        }
        List<Lexicon.Hit> terms = t.hits("serious_wording.terms");
        for (Lexicon.Hit h : t.hits("serious_wording.place_variants")) {
            if (!overlaps(terms, h)) {
                String right = reg.placeFor(h.term());
                out.add(with(t.finding(pack.rule("WORDING-INSTITUTION"), h.start(), h.end(),
                        "地名或单位名称疑似写错：“" + t.original().substring(h.start(), h.end()) + "”应为“" + right + "”。"), right));
            }
        }
        for (Lexicon.Hit h : t.hits("serious_wording.wrong")) {
            if (inside(terms, h)) {
                continue;
            }
            WordingRegister.Wrong w = reg.wrongForm(h.term());
            String what = w.rule().equals("WORDING-FORMULATION") ? "重要提法表述不规范" : "机构名称表述错误";
            out.add(with(t.finding(pack.rule(w.rule()), h.start(), h.end(),
                    what + "：“" + t.original().substring(h.start(), h.end()) + "”应为“" + w.right() + "”。"), w.right()));
        }
        for (Lexicon.Hit h : t.hits("serious_wording.heads")) {
            nearMiss(t, pack, reg, h, out);
        }
        enumerations(t, pack, reg, out);
    }

    private static Finding with(Finding f, String suggestion) {
        return new Finding(f.category(), f.rule(), f.start(), f.end(), f.text(), f.severity(), f.explanation(), suggestion);
    }

    // --- titles -------------------------------------------------------------------------------------------------

    /** The titles written right before the name (a chain joined by 、 or 兼) and right after it. */
    private static List<int[]> titleSpans(WordingRegister reg, String s, int start, int end) {
        List<int[]> out = new ArrayList<>();
        int j = start;
        while (true) {
            int len = longestTitleEndingAt(reg, s, j);
            if (len == 0) {
                break;
            }
            out.add(new int[]{j - len, j});
            j -= len;
            if (j > 0 && (s.charAt(j - 1) == '、' || s.charAt(j - 1) == '兼')) {
                j--;
            } else {
                break;
            }
        }
        for (int len = Math.min(8, s.length() - end); len >= 2; len--) {
            if (reg.isTitle(s.substring(end, end + len))) {
                out.add(new int[]{end, end + len});
                break;
            }
        }
        return out;
    }

    private static int longestTitleEndingAt(WordingRegister reg, String s, int j) {
        for (int len = Math.min(10, j); len >= 2; len--) {
            if (reg.isTitle(s.substring(j - len, j))) {
                return len;
            }
        }
        return 0;
    }

    private static boolean titled(WordingRegister reg, String s, int start, int end) {
        return !titleSpans(reg, s, start, end).isEmpty() || s.startsWith("同志", end);
    }

    /** 书记 matches 区委书记, 云川区区长 matches 区长; but 区长 is not 副区长 nor 常务副区长. */
    private static boolean matches(String written, String registered) {
        if (registered.equals(written)) {
            return true;
        }
        String longer = written.length() > registered.length() ? written : registered;
        String shorter = longer == written ? registered : written;
        if (!longer.endsWith(shorter)) {
            return false;
        }
        String prefix = longer.substring(0, longer.length() - shorter.length());
        return !prefix.endsWith("副") && !prefix.endsWith("常务");
    }

    private static void titles(TextContext t, RulePack pack, WordingRegister reg, Lexicon.Hit h, LocalDate today, List<Finding> out) {
        String s = t.folded();
        List<WordingRegister.Leader> records = reg.titlesOf(h.term());
        for (int[] span : titleSpans(reg, s, h.start(), h.end())) {
            String title = s.substring(span[0], span[1]);
            WordingRegister.Leader current = null;
            WordingRegister.Leader former = null;
            for (WordingRegister.Leader l : records) {
                if (matches(title, l.title())) {
                    if (l.currentOn(today)) {
                        current = l;
                    } else {
                        former = l;
                    }
                }
            }
            if (current != null) {
                continue;
            }
            String now = currentTitles(records, today);
            int from = Math.min(span[0], h.start());
            int to = Math.max(span[1], h.end());
            if (former != null) {
                if (pastContext(t, reg, from, former)) {
                    continue;
                }
                out.add(with(t.finding(pack.rule("WORDING-TITLE"), from, to, "领导同志职务表述错误：“" + h.term() + "”已不任“" + title
                        + "”（任至" + former.to() + "）" + (now.isEmpty() ? "" : "，现任" + now) + "；如指当时职务，应写明“时任”。"),
                        now.isEmpty() ? null : now));
            } else {
                out.add(with(t.finding(pack.rule("WORDING-TITLE"), from, to, "领导同志职务表述错误：“" + h.term() + "”不任“" + title + "”"
                        + (now.isEmpty() ? "" : "，现任" + now) + "。"), now.isEmpty() ? null : now));
            }
        }
    }

    private static String currentTitles(List<WordingRegister.Leader> records, LocalDate today) {
        List<String> out = new ArrayList<>();
        for (WordingRegister.Leader l : records) {
            if (l.currentOn(today) && !out.contains(l.title())) {
                out.add(l.title());
            }
        }
        return String.join("、", out);
    }

    /** A past cue (时任, 原 …) in the sentence before the title, or a year of the sentence within the former term. */
    private static boolean pastContext(TextContext t, WordingRegister reg, int at, WordingRegister.Leader former) {
        int from = t.sentenceStart(at);
        int to = t.sentenceEnd(at);
        for (Lexicon.Hit cue : t.within("serious_wording.past_cues", Math.max(from, at - 12), at + 1)) {
            if (cue.end() <= at + 1) {
                return true;
            }
        }
        Matcher m = YEAR.matcher(t.folded()).region(from, to);
        while (m.find()) {
            int year = Integer.parseInt(m.group(1));
            if ((former.from() == null || year >= former.from().getYear()) && year <= former.to().getYear()) {
                return true;
            }
        }
        // a text whose latest year lies within the former term was written then (a 2015 resolution names 国务院总理李克强)
        int latest = 0;
        m = YEAR.matcher(t.folded());
        while (m.find()) {
            latest = Math.max(latest, Integer.parseInt(m.group(1)));
        }
        return latest > 0 && latest <= former.to().getYear() && (former.from() == null || latest >= former.from().getYear());
    }

    // --- rank order ---------------------------------------------------------------------------------------------

    private static void order(TextContext t, RulePack pack, WordingRegister reg, List<Lexicon.Hit> names, LocalDate today,
                              List<Finding> out) {
        String s = t.folded();
        int i = 0;
        while (i < names.size()) {
            int j = i;
            while (j + 1 < names.size() && enumerationGap(reg, s, names.get(j).end(), names.get(j + 1).start())) {
                j++;
            }
            if (j > i) {
                checkRun(t, pack, reg, names.subList(i, j + 1), today, out);
            }
            i = j + 1;
        }
    }

    /** Only separators and titles between two names: 、，和 及 同志 and registered titles. */
    private static boolean enumerationGap(WordingRegister reg, String s, int from, int to) {
        if (to < from || to - from > 24) {
            return false;
        }
        boolean separator = false;
        int k = from;
        while (k < to) {
            char c = s.charAt(k);
            if (c == '、' || c == '，' || c == ',' || c == ' ' || c == '和' || c == '及') {
                separator = true;
                k++;
                continue;
            }
            if (s.startsWith("同志", k)) {
                k += 2;
                continue;
            }
            int len = 0;
            for (int l = Math.min(10, to - k); l >= 2; l--) {
                if (reg.isTitle(s.substring(k, k + l))) {
                    len = l;
                    break;
                }
            }
            if (len == 0) {
                return false;
            }
            k += len;
        }
        return separator;
    }

    private static void checkRun(TextContext t, RulePack pack, WordingRegister reg, List<Lexicon.Hit> run, LocalDate today,
                                 List<Finding> out) {
        record Ranked(String name, int rank, String level) {
        }
        List<Ranked> ranked = new ArrayList<>();
        for (Lexicon.Hit h : run) {
            WordingRegister.Leader best = null;
            for (WordingRegister.Leader l : reg.titlesOf(h.term())) {
                if (l.currentOn(today) && (best == null || l.rank() < best.rank())) {
                    best = l;
                }
            }
            if (best != null) {
                ranked.add(new Ranked(h.term(), best.rank(), best.level()));
            }
        }
        for (String level : ranked.stream().map(Ranked::level).distinct().toList()) {
            List<Ranked> same = ranked.stream().filter(r -> r.level().equals(level)).toList();
            boolean wrong = false;
            for (int k = 1; k < same.size(); k++) {
                wrong |= same.get(k).rank() < same.get(k - 1).rank();
            }
            if (wrong) {
                String right = String.join("、", same.stream().sorted(Comparator.comparingInt(Ranked::rank)).map(Ranked::name).toList());
                out.add(with(t.finding(pack.rule("WORDING-ORDER"), run.get(0).start(), run.get(run.size() - 1).end(),
                        "领导同志排序错误：应按职务排序为“" + right + "”。"), right));
                return;
            }
        }
    }

    // --- formulations and institutions --------------------------------------------------------------------------

    private static void nearMiss(TextContext t, RulePack pack, WordingRegister reg, Lexicon.Hit h, List<Finding> out) {
        String s = t.folded();
        for (String right : reg.headed(h.term())) {
            if (s.startsWith(right, h.start()) || allowedAt(reg, s, h.start())) {
                continue;
            }
            int maxEdits = right.length() >= 12 ? 2 : 1;
            int[] best = align(right, s, h.start(), maxEdits);
            if (best == null || !numerals(right).equals(numerals(s.substring(h.start(), h.start() + best[1])))) {
                continue; // another congress or plenum (第十九次, 十一届三中全会) is another formulation
            }
            boolean formulation = reg.formulations().stream().anyMatch(f -> f.right().equals(right));
            String rule = formulation ? "WORDING-FORMULATION" : "WORDING-INSTITUTION";
            String what = formulation ? "重要提法被改动或不完整" : "机构名称表述错误";
            out.add(with(t.finding(pack.rule(rule), h.start(), h.start() + best[1],
                    what + "：“" + t.original().substring(h.start(), h.start() + best[1]) + "”应为“" + right + "”。"), right));
        }
    }

    private static String numerals(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("〇零一二三四五六七八九十百0123456789".indexOf(c) >= 0) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Whether a registered term (a longer right form, another registered name) starts at {@code at}. */
    private static boolean allowedAt(WordingRegister reg, String s, int at) {
        for (int len = Math.min(40, s.length() - at); len >= 4; len--) {
            if (reg.isTerm(s.substring(at, at + len))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The edit distance of {@code right} to the best prefix of s[at…] and that prefix's length, when the distance is
     * between 1 and maxEdits; the prefix ends on the last matched character.
     */
    static int[] align(String right, String s, int at, int maxEdits) {
        int m = right.length();
        int n = Math.min(s.length() - at, m + maxEdits);
        int[] prev = new int[n + 1];
        int[] cur = new int[n + 1];
        for (int j = 0; j <= n; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= m; i++) {
            cur[0] = i;
            for (int j = 1; j <= n; j++) {
                int sub = prev[j - 1] + (right.charAt(i - 1) == s.charAt(at + j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] x = prev;
            prev = cur;
            cur = x;
        }
        int bestJ = -1;
        int bestD = Integer.MAX_VALUE;
        for (int j = 0; j <= n; j++) {
            if (prev[j] < bestD || (prev[j] == bestD && j > 0 && s.charAt(at + j - 1) == right.charAt(m - 1))) {
                bestD = prev[j];
                bestJ = j;
            }
        }
        if (bestD == 0 || bestD > maxEdits) {
            return null;
        }
        return new int[]{bestD, bestJ};
    }

    private static void enumerations(TextContext t, RulePack pack, WordingRegister reg, List<Finding> out) {
        List<Lexicon.Hit> items = t.hits("serious_wording.items");
        if (items.size() < 2) {
            return;
        }
        String s = t.folded();
        for (WordingRegister.Formulation f : reg.formulations()) {
            if (f.items().isEmpty()) {
                continue;
            }
            List<Lexicon.Hit> run = new ArrayList<>();
            for (Lexicon.Hit h : items) {
                int index = f.items().indexOf(h.term());
                if (index < 0) {
                    continue;
                }
                if (!run.isEmpty() && !itemGap(s, run.get(run.size() - 1).end(), h.start())) {
                    flagRun(t, pack, f, run, out);
                    run.clear();
                }
                run.add(h);
            }
            flagRun(t, pack, f, run, out);
        }
    }

    private static boolean itemGap(String s, int from, int to) {
        if (to < from || to - from > 8) {
            return false;
        }
        for (int k = from; k < to; k++) {
            if (s.startsWith("重要思想", k)) {
                k += 3;
                continue;
            }
            char c = s.charAt(k);
            if (c != '、' && c != '，' && c != ',' && c != '“' && c != '”' && c != '和' && c != ' ') {
                return false;
            }
        }
        return true;
    }

    private static void flagRun(TextContext t, RulePack pack, WordingRegister.Formulation f, List<Lexicon.Hit> run, List<Finding> out) {
        boolean longItems = f.items().stream().allMatch(i -> i.length() >= 4);
        if (run.size() < (longItems ? 2 : 3)) {
            return;
        }
        boolean wrong = false;
        for (int k = 1; k < run.size(); k++) {
            wrong |= f.items().indexOf(run.get(k).term()) <= f.items().indexOf(run.get(k - 1).term());
        }
        if (wrong) {
            out.add(with(t.finding(pack.rule("WORDING-FORMULATION"), run.get(0).start(), run.get(run.size() - 1).end(),
                    "重要提法顺序错误：应为“" + String.join("、", f.items()) + "”（" + f.right() + "）。"), String.join("、", f.items())));
        }
    }

    private static boolean overlaps(List<Lexicon.Hit> hits, Lexicon.Hit h) {
        for (Lexicon.Hit o : hits) {
            if (o.start() < h.end() && o.end() > h.start()) {
                return true;
            }
        }
        return false;
    }

    private static boolean inside(List<Lexicon.Hit> hits, Lexicon.Hit h) {
        for (Lexicon.Hit o : hits) {
            if (o.start() <= h.start() && o.end() >= h.end() && (o.end() - o.start()) > (h.end() - h.start())) {
                return true;
            }
        }
        return false;
    }
}
