package cn.shencha.rules;

import java.util.List;
import java.util.regex.Matcher;

/**
 * ECON_UNRELEASED (ch. 4 §7.1; 统计法 ch. 3): a current-period economic figure the statistics authority has not released.
 * Typed slots, composed per sentence (GUIDELINES.md): an <em>indicator</em> found by its head noun (…产值, …收入,
 * …余额, …客流量 — any phrase ending in a head of {@code indicator_heads}), a <em>figure</em> with a unit or percent
 * attached to it (within {@code window} characters, no clause break between), a current <em>period</em>, and a
 * <em>status</em> from one of four cue classes, which names the sub-type: internal source (ECON-INTERNAL), sample or
 * platform (ECON-SAMPLE), preliminary (ECON-PRELIMINARY), estimate (ECON-ESTIMATE). Without a status cue, a
 * current-period result with no published source is ECON-CURRENT. Clean: a cited release, a target, a past-period
 * figure, a document that is itself the release (a bulletin, a government work report), a figure in the published-figure
 * registry, and text about the review.
 */
final class EconUnreleasedDetector implements Detector {

    /** How far back in its paragraph a source attribution still covers a figure (根据统计局数据，…。12月，…增长9.2%). */
    static final int PARAGRAPH_REACH = 200;
    /** How much of a document counts as its heading. */
    static final int HEADING_CHARS = 200;
    /** How far around an indicator its other slots (status, period, source) are looked for: work per candidate is bounded. */
    static final int SLOT_REACH = 120;
    /** Status cues this close to each other count as one place: the more specific class names the sub-type. */
    static final int TIE = 6;
    /** How far after its figure a status cue still belongs to it (…增长18.2%（快报数）). */
    static final int AFTER_FIGURE = 12;
    /** A sentence before the indicator's at most this long may head it with a status (附件：主要指标（快报）). */
    static final int HEAD_SENTENCE = 60;

    /** The status classes, in order of precedence, with their sub-type. */
    private static final String[][] STATUS = {
            {"econ_unreleased.internal_cues", "ECON-INTERNAL", "表明该数据出自内部或尚未发布的来源"},
            {"econ_unreleased.sample_cues", "ECON-SAMPLE", "表明该数据为抽样、监测平台或大数据推算所得，并非统计部门发布的数据"},
            {"econ_unreleased.preliminary_cues", "ECON-PRELIMINARY", "表明该数据为初步统计或快报等未定稿数据"},
            {"econ_unreleased.estimate_cues", "ECON-ESTIMATE", "表明该数据为预计或测算的估计数"},
    };

    @Override
    public void detect(TextContext t, RulePack pack, List<Finding> out) {
        List<Lexicon.Hit> strongHeads = t.hits("econ_unreleased.indicator_heads");
        List<Lexicon.Hit> genericHeads = t.hits("econ_unreleased.generic_heads");
        if (strongHeads.isEmpty() && genericHeads.isEmpty()) {
            return;
        }
        List<Lexicon.Hit> heads = new java.util.ArrayList<>(strongHeads.size() + genericHeads.size());
        heads.addAll(strongHeads);
        heads.addAll(genericHeads);
        heads.sort((a, b) -> Integer.compare(a.start(), b.start()));
        java.util.Set<Lexicon.Hit> generic = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        generic.addAll(genericHeads);
        String s = t.folded();
        if (t.any("econ_unreleased.release_titles", 0, Math.min(s.length(), HEADING_CHARS))) {
            return; // the document is itself a release (a bulletin, a work report to the people's congress)
        }
        int window = pack.econ.window();
        int lastSentence = -1;
        Matcher m = pack.econ.figure().matcher(s);
        for (Lexicon.Hit head : heads) {
            int sentence = t.sentenceStart(head.start());
            if (sentence == lastSentence) {
                continue;
            }
            int ss = Math.max(sentence, head.start() - SLOT_REACH); // a long sentence is read only around its candidate
            if (continued(t, head)) {
                continue; // 消费者, 投资人: the head word modifies another noun
            }
            int se = Math.min(t.sentenceEnd(head.start()), head.end() + window + SLOT_REACH);
            int figureStart = attachedFigure(s, m, head.end(), Math.min(se, head.end() + window));
            if (figureStart < 0) {
                if (tableHeading(t, pack, s, m, head, out)) {
                    lastSentence = sentence;
                }
                continue;
            }
            int figureEnd = m.end();
            int phraseStart = EconUnreleasedDetector.clauseStart(s, head.start(), ss);
            String figure = m.group();
            int from = ss;
            if (ss > 0 && ss - t.sentenceStart(ss - 1) <= HEAD_SENTENCE) {
                from = t.sentenceStart(ss - 1);
            }
            int to = Math.min(se, figureEnd + AFTER_FIGURE);
            if (t.metaDiscourse(head.start(), figureEnd)) {
                continue;
            }
            // the status cue nearest the figure names the sub-type; a more specific class within TIE chars of it wins
            String[] status = null;
            Lexicon.Hit cue = null;
            boolean headingLine = from < ss && s.charAt(ss - 1) == '\n';
            List<Object[]> candidates = new java.util.ArrayList<>();
            int nearest = Integer.MAX_VALUE;
            for (int c = 0; c < STATUS.length; c++) {
                String[] cls = STATUS[c];
                List<Lexicon.Hit> hits = new java.util.ArrayList<>(t.within(cls[0], from, se));
                if (c == 0) {
                    Lexicon.Hit source = internalSource(t, s, from, se);
                    if (source != null) {
                        hits.add(source);
                    }
                }
                for (Lexicon.Hit h : hits) {
                    if (!cls[1].equals("ECON-INTERNAL") && negated(s, h.start())) {
                        continue;
                    }
                    if (h.start() < ss && !headingLine && !bracketed(s, h.start())) {
                        continue; // the sentence before heads this one only as a heading line or a bracketed note
                    }
                    if (h.start() >= figureEnd && !bracketed(s, h.start())
                            && (h.start() >= to || s.substring(figureEnd, h.start()).chars().anyMatch(ch -> ch == '，' || ch == ',' || ch == '；'))) {
                        continue; // after the figure only in its clause, or as a bracketed note (该数据尚待核定)
                    }
                    int distance = h.end() <= figureStart ? figureStart - h.end() : Math.max(0, h.start() - figureEnd);
                    nearest = Math.min(nearest, distance);
                    candidates.add(new Object[] {c, h, distance});
                }
            }
            int best = Integer.MAX_VALUE;
            for (Object[] cand : candidates) {
                int c = (Integer) cand[0];
                if ((Integer) cand[2] <= nearest + TIE && c < best) {
                    best = c;
                    status = STATUS[c];
                    cue = (Lexicon.Hit) cand[1];
                }
            }
            if (status == null && generic.contains(head)) {
                continue; // a generic head (…量, …额) is an indicator only with a status cue
            }
            boolean internal = status != null && status[1].equals("ECON-INTERNAL");
            int paragraph = t.lineStartWithin(ss, PARAGRAPH_REACH);
            if (!internal && published(t, s, Math.min(from, paragraph < 0 ? Math.max(0, ss - PARAGRAPH_REACH) : paragraph), se, status == null)) {
                continue;
            }
            boolean target = t.any("econ_unreleased.target_cues", phraseStart, Math.min(se, figureEnd + 4));
            boolean period = t.any("econ_unreleased.period_cues", ss, figureEnd) || monthPeriod(s, ss, figureEnd) || ss > 0 && headingPeriod(t, s);
            if (status != null) {
                if (t.any("econ_unreleased.plan_cues", ss, Math.min(se, figureEnd + 4))) {
                    continue; // a plan or a goal, whatever its wording
                }
                if (status[1].equals("ECON-ESTIMATE") && (!period || t.any("econ_unreleased.projection_cues", from, figureEnd))) {
                    continue; // a forecast conditional on a future event, or with no current period: no current result
                }
                if (registered(t, s, phraseStart, head, figure)) {
                    continue;
                }
                int start = cue.start() >= ss ? Math.min(phraseStart, clauseStart(s, cue.start(), ss)) : phraseStart;
                int end = Math.max(figureEnd, Math.min(cue.end(), se));
                out.add(t.finding(pack.rule(status[1]), start, end,
                        "“" + t.original().substring(cue.start(), cue.end()) + "”" + status[2] + "，统计部门尚未发布，公开前须经统计部门发布或保密审查。"));
                lastSentence = sentence;
                continue;
            }
            if (target || !period || byAuthority(t)) {
                continue; // a target, no current period, or the statistics authority itself speaking (区统计局：…)
            }
            if (t.any("econ_unreleased.past_period_cues", ss, figureEnd) && !t.any("econ_unreleased.period_cues", ss, figureEnd)) {
                continue;
            }
            if (registered(t, s, phraseStart, head, figure)) {
                continue;
            }
            out.add(t.finding(pack.rule("ECON-CURRENT"), phraseStart, figureEnd,
                    "当期经济指标数据未注明已发布的权威来源（如统计公报或统计部门发布），可能属于未发布的经济数据。"));
            lastSentence = sentence;
        }
    }

    /**
     * The start of the first figure in [from, to) that belongs to the indicator: no clause break (，。；) between them,
     * or -1. The matcher is left on the figure.
     */
    private static int attachedFigure(String s, Matcher m, int from, int to) {
        int limit = from;
        boolean digit = false;
        while (limit < to) {
            char c = s.charAt(limit);
            if ((c == '：' || c == ':') && periodField(s, from, limit)) {
                limit++; // 指标：外贸进出口总额　1-11月：356.8亿元 — a period field of a table row
                continue;
            }
            if (c == '，' || c == ',' || c == '；' || c == ';' || c == '。' || c == '、' || c == '\n' || c == '：' || c == ':') {
                break;
            }
            digit |= c >= '0' && c <= '9';
            limit++;
        }
        if (limit <= from || !digit) {
            return -1; // no digit in reach: no figure, and no regex run
        }
        m.region(from, Math.min(s.length(), limit + 16)); // the figure may run past the limit by its unit
        if (!m.find() || m.start() >= limit) {
            return -1;
        }
        // a digit right before the match would mean the match is the tail of a longer number
        return m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1)) ? -1 : m.start();
    }

    /** How far after a table heading's indicator its bracketed status note, and then its rows, are looked for. */
    static final int TABLE_NOTE = 40;
    static final int TABLE_ROWS = 160;

    /**
     * A table heading: the indicator, a bracketed status note right after it (…到位资金完成情况（截至11月末，内部口径，
     * 暂不对外）), and figures in the rows that follow on the same line (杉湖镇｜18.6亿元). Only the internal,
     * preliminary and sample classes count here (an estimate needs its figure).
     */
    private static boolean tableHeading(TextContext t, RulePack pack, String s, Matcher m, Lexicon.Hit head, List<Finding> out) {
        int noteEnd = Math.min(s.length(), head.end() + TABLE_NOTE);
        int open = -1;
        for (int i = head.end(); i < noteEnd; i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '（') {
                open = i;
                break;
            }
            if (c == '。' || c == '\n' || Character.isDigit(c)) {
                return false;
            }
        }
        if (open < 0) {
            return false;
        }
        int close = -1;
        for (int i = open + 1; i < Math.min(s.length(), open + TABLE_NOTE); i++) {
            if (s.charAt(i) == ')' || s.charAt(i) == '）') {
                close = i;
                break;
            }
        }
        if (close < 0) {
            return false;
        }
        for (int c = 0; c < 3; c++) {
            Lexicon.Hit cue = null;
            for (Lexicon.Hit h : t.within(STATUS[c][0], open, close)) {
                cue = h;
                break;
            }
            if (cue == null && c == 0) {
                cue = internalSource(t, s, open, close);
            }
            if (cue == null) {
                continue;
            }
            int rowsEnd = Math.min(s.length(), close + TABLE_ROWS);
            for (int i = close; i < rowsEnd; i++) {
                if (s.charAt(i) == '。') {
                    rowsEnd = i;
                    break;
                }
            }
            m.region(close, rowsEnd);
            if (!m.find() || t.metaDiscourse(head.start(), close + 1)) {
                return false;
            }
            out.add(t.finding(pack.rule(STATUS[c][1]), clauseStart(s, head.start(), t.sentenceStart(head.start())), close + 1,
                    "“" + t.original().substring(cue.start(), cue.end()) + "”" + STATUS[c][2] + "，表中数据统计部门尚未发布，公开前须经统计部门发布或保密审查。"));
            return true;
        }
        return false;
    }

    /** The office's registry lists this figure as released (asked only for a figure about to be reported). */
    private static boolean registered(TextContext t, String s, int phraseStart, Lexicon.Hit head, String figure) {
        return t.registries().publishedMatch(s.substring(phraseStart, head.end()), figure, s) != null
                || t.registries().publishedMatch(head.term(), figure, s) != null;
    }

    /** How far into a text its byline or source (区统计局：…) is looked for. */
    static final int BYLINE_CHARS = 24;

    /** The text is by the statistics authority: it names one in its byline, before a colon or a line break. */
    private static boolean byAuthority(TextContext t) {
        String s = t.folded();
        for (Lexicon.Hit a : t.within("econ_unreleased.authority_cues", 0, Math.min(s.length(), BYLINE_CHARS))) {
            int i = a.end();
            while (i < s.length() && i < a.end() + 3 && s.charAt(i) == ' ') {
                i++;
            }
            if (i < s.length() && (s.charAt(i) == ':' || s.charAt(i) == '：' || s.charAt(i) == '\n')) {
                return true;
            }
        }
        return false;
    }

    private static boolean continued(TextContext t, Lexicon.Hit head) {
        for (Lexicon.Hit c : t.within("econ_unreleased.head_continuations", head.end(), Math.min(t.length(), head.end() + 4))) {
            if (c.start() == head.end()) {
                return true;
            }
        }
        return false;
    }

    /** A period named in the document's title (商务局2025年1-11月工作汇报：…): the first sentence, if short. */
    private static boolean headingPeriod(TextContext t, String s) {
        int end = t.sentenceEnd(0);
        return end <= HEAD_SENTENCE + 20 && (t.any("econ_unreleased.period_cues", 0, end) || monthPeriod(s, 0, end));
    }

    /** 内部 followed closely by a data word (内部排名数据, 未公开的统计): an internal-source cue, or null. */
    private static Lexicon.Hit internalSource(TextContext t, String s, int from, int to) {
        for (Lexicon.Hit p : t.within("econ_unreleased.internal_prefixes", from, to)) {
            if (p.end() < s.length() && s.charAt(p.end()) == '分') {
                continue; // 区内部分企业: 内 + 部分
            }
            for (Lexicon.Hit src : t.within("econ_unreleased.internal_sources", p.end(), Math.min(to, p.end() + 8))) {
                return new Lexicon.Hit(p.start(), src.end(), s.substring(p.start(), src.end()));
            }
        }
        return null;
    }

    /** Whether pos stands inside brackets (（内部数据，未经审定）), looking back at most 12 characters. */
    static boolean bracketed(String s, int pos) {
        for (int i = pos - 1; i >= Math.max(0, pos - 12); i--) {
            char c = s.charAt(i);
            if (c == '(' || c == '（' || c == '【' || c == '[') {
                return true;
            }
            if (c == ')' || c == '）' || c == '】' || c == ']') {
                return false;
            }
        }
        return false;
    }

    /** Whether the field before a colon at {@code colon} names a month period (…　1-11月：): at most 8 chars, digits and 月. */
    private static boolean periodField(String s, int from, int colon) {
        int k = colon - 1;
        if (k < from || s.charAt(k) != '月') {
            return false;
        }
        int digits = 0;
        for (int i = k - 1; i >= Math.max(from, colon - 8); i--) {
            char c = s.charAt(i);
            if (Character.isDigit(c)) {
                digits++;
            } else if (c != '-' && c != '—' && c != '~' && c != '至') {
                break;
            }
        }
        return digits > 0;
    }

    /** A month period by shape: 9月, 1-9月, 10月份 (digits right before 月) in [from, to). */
    private static boolean monthPeriod(String s, int from, int to) {
        for (int i = Math.max(from, 1); i < to; i++) {
            if (s.charAt(i) == '月' && Character.isDigit(s.charAt(i - 1))) {
                // not a date (9月3日), which names a day, not a reporting period
                int j = i + 1;
                while (j < s.length() && j < i + 3 && Character.isDigit(s.charAt(j))) {
                    j++;
                }
                if (j == i + 1 || j >= s.length() || s.charAt(j) != '日') {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether [from, to) cites a release: a published cue, or (for a figure without a status cue) the statistics
     * authority with a release verb (据国家统计局数据显示); negated cues (尚未发布) do not count.
     */
    private static boolean published(TextContext t, String s, int from, int to, boolean attributionCounts) {
        for (Lexicon.Hit h : t.within("econ_unreleased.published_cues", from, to)) {
            if (!negated(s, h.start())) {
                return true;
            }
        }
        if (!attributionCounts) {
            return false; // 统计局初步统计: a working figure of the authority is still unreleased
        }
        for (Lexicon.Hit a : t.within("econ_unreleased.authority_cues", from, to)) {
            if (t.any("econ_unreleased.source_labels", Math.max(0, a.start() - 6), a.start())) {
                return true; // 数据来源：区统计局
            }
            for (Lexicon.Hit v : t.within("econ_unreleased.release_verbs", a.end(), Math.min(to, a.end() + 12))) {
                if (!negated(s, v.start())) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean negated(String s, int pos) {
        for (int k = 1; k <= 3 && pos - k >= 0; k++) {
            char c = s.charAt(pos - k);
            if (c == '未' || c == '没' || c == '不' || c == '无') {
                return true;
            }
        }
        return false;
    }

    /** How far back a clause start is looked for. */
    static final int CLAUSE_REACH = 80;

    /** Start of the clause (after the last comma or colon) holding pos, but not before the sentence start nor {@value #CLAUSE_REACH} chars back. */
    static int clauseStart(String s, int pos, int sentenceStart) {
        sentenceStart = Math.max(sentenceStart, pos - CLAUSE_REACH);
        for (int i = pos - 1; i >= sentenceStart; i--) {
            char c = s.charAt(i);
            if (c == '，' || c == ',' || c == '：' || c == ':' || c == '（' || c == '(') {
                return Math.min(i + 1, pos);
            }
        }
        return Math.max(sentenceStart, Math.min(pos, sentenceStart));
    }
}
