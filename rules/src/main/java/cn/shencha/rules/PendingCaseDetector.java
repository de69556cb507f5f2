package cn.shencha.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PENDING_CASE (ch. 4 §7.3): material of a <em>specific</em> case whose procedure has not reached a final, effective
 * decision. Two typed slots (GUIDELINES.md): an <em>open stage</em> from the stage classes of the procedure laws —
 * criminal, litigation, enforcement, petition, reconsideration, arbitration, or a generic stage (已受理, 正在审理,
 * 尚未办结) whose procedure the markers around it decide — and a <em>specific case</em> near it: a 某-party or a named
 * role (犯罪嫌疑人, 申请人, 您反映的…), a company, a case number, a dated incident (9月12日). The sub-type is the
 * procedure. Clean: a conclusion reported after the stage (…提起公诉。已审结), aggregate statistics, normative prose
 * (应当依法立案, …的，依法立案侦查), a published decision document (its heading says 决定书/判决书), and text about the
 * review. A case number (CASE-NUMBER) is specific by itself. The case registry ({@link Registries}) overrides the
 * text: a number registered concluded clears its sentence, one registered pending is flagged whatever the text says.
 */
final class PendingCaseDetector implements Detector {

    /** Court case numbers: （2025）陕0802刑初156号. */
    static final Pattern COURT_NUMBER = Pattern.compile(
            "\\(\\s?(?:19|20)\\d{2}\\s?\\)\\s?[\\u4e00-\\u9fa5]{1,3}\\d{1,6}\\s?[\\u4e00-\\u9fa5]{1,6}\\s?\\d{1,6}\\s?号");
    /** Agency case numbers: 复议〔2026〕12号, 劳人仲案字〔2025〕31号, 罚字〔2025〕8号 (a case word before the year). */
    static final Pattern AGENCY_NUMBER = Pattern.compile(
            "(?:复议|复决|复受|复查|复核|仲案|仲裁|仲字|罚|处告|立字|案字|访复|访字|信复|刑立)[\\u4e00-\\u9fa5]{0,3}\\s?[〔\\[(【]\\s?(?:19|20)\\d{2}\\s?[〕\\])】]\\s?(?:第\\s?)?\\d{1,6}\\s?号");
    /** Case numbers with the year first: 〔2025〕澜劳人仲字第0612号 (a case word after the year). */
    static final Pattern YEAR_FIRST_NUMBER = Pattern.compile(
            "[〔\\[(【]\\s?(?:19|20)\\d{2}\\s?[〕\\])】]\\s?[\\u4e00-\\u9fa5]{0,6}(?:仲|罚|复议|复查|复核|访|诉)[\\u4e00-\\u9fa5]{0,3}\\s?(?:第\\s?)?\\d{1,6}\\s?号");
    /** How far before a 号 a case number may start. */
    static final int NUMBER_REACH = 40;
    /** How much of a document counts as its title (a decision title must end within it). */
    static final int HEADING_CHARS = 40;

    private enum Procedure {
        RECONSIDERATION("CASE-RECONSIDERATION", "reconsideration", "行政复议"),
        ARBITRATION("CASE-ARBITRATION", "arbitration", "劳动人事争议仲裁"),
        CRIMINAL("CASE-CRIMINAL", "criminal", "刑事"),
        LITIGATION("CASE-LITIGATION", "litigation", "诉讼"),
        PETITION("CASE-PETITION", "petition", "信访"),
        ENFORCEMENT("CASE-ENFORCEMENT", "enforcement", "行政执法");

        final String rule;
        final String stages;
        final String markers;
        final String chinese;

        Procedure(String rule, String list, String chinese) {
            this.rule = rule;
            this.stages = "pending_case." + list + "_stages";
            this.markers = "pending_case." + list + "_markers";
            this.chinese = chinese;
        }
    }

    private record Stage(Lexicon.Hit hit, Procedure procedure) {
    }

    /** How far after a progress cue (正在) its handling verb (处理) may stand. */
    static final int PROGRESS_REACH = 14;

    @Override
    public void detect(TextContext t, RulePack pack, List<Finding> out) {
        String s = t.folded();
        if (decisionDocument(t, s)) {
            return; // a published decision or judgment recounts its earlier stages
        }
        int reach = pack.cases.window();
        Set<Integer> numberSentences = new HashSet<>();
        Set<Integer> registeredConcluded = new HashSet<>();
        int lastSentence = -1;
        for (int[] number : caseNumbers(s)) {
            int ss = t.sentenceStart(number[0]);
            String text = s.substring(number[0], number[1]);
            Registries.CaseStatus registered = t.registries().caseStatus(text);
            if (registered == null && decisionNumber(s, number[0], number[1])) {
                registeredConcluded.add(ss); // 罚决〔2025〕42号: the number of a decision, the case is decided
                continue;
            }
            if (registered != null && registered.concluded()) {
                registeredConcluded.add(ss); // the case registry says it is concluded: its sentence is clean
                continue;
            }
            numberSentences.add(ss);
            if (registered != null) {
                out.add(t.finding(pack.rule("CASE-NUMBER"), number[0], number[1],
                        "案件登记簿记载该案状态为“" + registered.status() + "”，尚未办结，结案前案件材料不宜公开。"));
                lastSentence = ss;
            } else if (!t.metaDiscourse(number[0], number[1]) && !concludedAfter(t, s, number[0], t.sentenceEnd(number[0]))) {
                out.add(t.finding(pack.rule("CASE-NUMBER"), number[0], number[1],
                        "案号对应的案件尚无办结结论，结案前案件材料不宜公开。"));
                lastSentence = ss;
            }
        }
        List<Stage> stages = stages(t);
        for (int index = 0; index < stages.size(); index++) {
            Stage stage = stages.get(index);
            Lexicon.Hit cue = stage.hit();
            int ss = t.sentenceStart(cue.start());
            if (ss == lastSentence || registeredConcluded.contains(ss) || inTitle(s, cue.start(), ss) || excepted(t, cue)) {
                continue;
            }
            int se = t.sentenceEnd(cue.start());
            int from = Math.max(ss > 0 ? t.sentenceStart(ss - 1) : 0, cue.start() - reach);
            int to = Math.min(se, cue.end() + reach);
            if (concludedAfter(t, s, cue.end(), Math.min(continues(s, se) ? t.sentenceEnd(se) : se, cue.end() + reach))) {
                continue;
            }
            boolean numbered = numberSentences.contains(ss);
            boolean strong = numbered || party(t, s, from, to) || dated(s, from, to) || caseReference(s, from, to);
            if (!strong && !t.any("pending_case.specific_markers", from, to)) {
                continue; // no specific case: a rule, a plan, a description of procedure
            }
            int clause = EconUnreleasedDetector.clauseStart(s, cue.start(), ss);
            if (!strong && t.any("pending_case.aggregate_cues", Math.max(ss, cue.start() - reach), to)) {
                continue; // statistics over many cases
            }
            if (!strong && (t.any("pending_case.prohibition_cues", ss, se) || classOfCases(s, cue))) {
                continue; // a rule about such cases (…尚未作出决定的行政处罚…，不得擅自发布), not one case
            }
            if (!strong && normative(t, clause, cue)) {
                continue;
            }
            if (!strong && !ongoing(t, s, Math.max(ss, cue.start() - reach), cue)) {
                continue; // a role or a company named, but nothing reported as happening to it: prose about procedure
            }
            if (t.metaDiscourse(cue.start(), cue.end())) {
                continue;
            }
            Procedure p = procedure(t, stages, index, se, from, to);
            if (stage.procedure() == Procedure.PETITION && !t.any(Procedure.PETITION.markers, from, to)) {
                continue; // 复核, 复查, 书面答复 are petition stages only in a petition matter
            }
            out.add(t.finding(pack.rule(p.rule), clause, clauseEnd(s, cue.end(), se),
                    "“" + t.original().substring(cue.start(), cue.end()) + "”表明该" + p.chinese + "案件尚未处理完结（未作出生效决定），结案前案件材料不宜公开。"));
            lastSentence = ss;
        }
    }

    /** 尚未办结案件的…/ 尚未作出决定的事项: the stage qualifies a class of cases, it does not report one. */
    private static boolean classOfCases(String s, Lexicon.Hit cue) {
        int i = cue.end();
        if (i < s.length() && s.charAt(i) == '的') {
            i++;
        }
        return s.startsWith("案件", i) || s.startsWith("事项", i) || s.startsWith("行政处罚", i) || s.startsWith("信访", i);
    }

    /** The sentence at {@code next} goes on about the same case (现已审理终结, 该案…, 目前…), so its outcome counts. */
    private static boolean continues(String s, int next) {
        if (next >= s.length()) {
            return false;
        }
        char c = s.charAt(next);
        return c == '现' || c == '该' || c == '此' || c == '经' || c == '后' || s.startsWith("目前", next) || s.startsWith("日前", next);
    }

    /** A decision number (罚决〔2025〕42号, 复决字…, 裁决): its case is decided. */
    private static boolean decisionNumber(String s, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == '〔' || c == '[' || c == '(' || c == '【') {
                break;
            }
            if (c == '决') {
                return true;
            }
        }
        return false;
    }

    /** The stage's characters are part of a word that names no stage (处理中心, 本次调查中). */
    private static boolean excepted(TextContext t, Lexicon.Hit cue) {
        for (Lexicon.Hit e : t.within("pending_case.stage_exceptions", Math.max(0, cue.start() - 4), Math.min(t.length(), cue.end() + 4))) {
            if (e.start() <= cue.start() && cue.end() <= e.end()) {
                return true;
            }
        }
        return false;
    }

    /** Whether pos stands inside 《…》 (a cited title: 《关于审查…的请示》), looking back no further than the sentence. */
    static boolean inTitle(String s, int pos, int sentenceStart) {
        for (int i = pos - 1; i >= Math.max(sentenceStart, pos - 60); i--) {
            char c = s.charAt(i);
            if (c == '》') {
                return false;
            }
            if (c == '《') {
                return true;
            }
        }
        return false;
    }

    /** Every stage hit in text order, with its procedure (null for a generic stage: the markers decide). */
    private static List<Stage> stages(TextContext t) {
        List<Stage> all = new ArrayList<>();
        for (Procedure p : Procedure.values()) {
            for (Lexicon.Hit h : t.hits(p.stages)) {
                all.add(new Stage(h, p));
            }
        }
        for (Lexicon.Hit h : t.hits("pending_case.generic_stages")) {
            all.add(new Stage(h, null));
        }
        String s = t.folded();
        for (Lexicon.Hit p : t.hits("pending_case.progress_cues")) {
            // 正在会同住建部门联合处理: a progress cue and a handling verb within a few characters, no clause break
            int limit = Math.min(s.length(), p.end() + PROGRESS_REACH);
            for (int i = p.end(); i < limit; i++) {
                char c = s.charAt(i);
                if (c == '，' || c == ',' || c == '。' || c == '；' || c == ';' || c == '\n') {
                    limit = i; // a handling verb must stand in the same clause
                    break;
                }
            }
            for (Lexicon.Hit v : t.within("pending_case.handling_verbs", p.end(), limit)) {
                all.add(new Stage(new Lexicon.Hit(p.start(), v.end(), s.substring(p.start(), v.end())), null));
                break;
            }
        }
        // …中 is a stage only as an aspect at the end of its clause (正在处理中。), not in 公文处理中对…
        all.removeIf(st -> st.hit().term().endsWith("中") && st.hit().end() < s.length() && isCjk(s.charAt(st.hit().end())));
        all.sort((a, b) -> a.hit().start() != b.hit().start() ? Integer.compare(a.hit().start(), b.hit().start())
                : Integer.compare(b.hit().end(), a.hit().end()));
        return all;
    }

    /**
     * The procedure of the case at its latest stage: the last procedure-specific stage of the sentence from this one on
     * (…移送公安机关，公安机关已立案，并对犯罪嫌疑人采取取保候审措施 is criminal by now), or null when there is none.
     */
    private static Procedure procedureOfSentence(List<Stage> stages, int from, int sentenceEnd) {
        Procedure p = null;
        for (int i = from; i < stages.size() && stages.get(i).hit().start() < sentenceEnd; i++) {
            if (stages.get(i).procedure() != null) {
                p = stages.get(i).procedure();
            }
        }
        return p;
    }

    /**
     * The case's procedure: a reconsideration or arbitration marker decides first (their acceptance and hearing words
     * are litigation's too); else the latest procedure-specific stage of the sentence, a trial being criminal when a
     * criminal marker is near; else the markers by precedence.
     */
    private static Procedure procedure(TextContext t, List<Stage> stages, int index, int sentenceEnd, int from, int to) {
        for (Procedure p : new Procedure[] {Procedure.RECONSIDERATION, Procedure.ARBITRATION}) {
            if (t.any(p.markers, from, to)) {
                return p;
            }
        }
        Procedure p = procedureOfSentence(stages, index, sentenceEnd);
        if (p == Procedure.LITIGATION && t.any(Procedure.CRIMINAL.markers, from, to)) {
            return Procedure.CRIMINAL;
        }
        return p != null ? p : procedureOf(t, from, to);
    }

    /** The procedure of a generic stage: the first marker class, by precedence, with a marker in [from, to). */
    private static Procedure procedureOf(TextContext t, int from, int to) {
        for (Procedure p : Procedure.values()) {
            if (t.any(p.markers, from, to)) {
                return p;
            }
        }
        return Procedure.ENFORCEMENT;
    }

    /** A 某-party (黄某, 某某公司, 某养殖场) in [from, to), not 某些/某种. */
    private static boolean party(TextContext t, String s, int from, int to) {
        List<Lexicon.Hit> not = t.within("pending_case.not_party", from, to);
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != '某') {
                continue;
            }
            int at = i;
            if (not.stream().noneMatch(h -> h.start() <= at && at < h.end())) {
                return true;
            }
        }
        return false;
    }

    static boolean isCjk(char c) {
        return c >= '\u4e00' && c <= '\u9fa5';
    }

    /** A reference to one case: 该/此/本 with 案 within a few characters (该复议案件, 本起案件). */
    static boolean caseReference(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != '案') {
                continue;
            }
            for (int k = 1; k <= 4 && i - k >= from; k++) {
                char c = s.charAt(i - k);
                if (c == '该' || c == '此' || c == '本') {
                    return !(c == '本' && i - k + 1 < s.length() && "办法规定条例".indexOf(s.charAt(i - k + 1)) >= 0);
                }
            }
        }
        return false;
    }

    /** A dated incident: 9月12日 (or 9月12号) in [from, to). */
    static boolean dated(String s, int from, int to) {
        for (int i = Math.max(from, 1); i < to; i++) {
            if (s.charAt(i) != '月' || !Character.isDigit(s.charAt(i - 1))) {
                continue;
            }
            int j = i + 1;
            while (j < s.length() && j <= i + 2 && Character.isDigit(s.charAt(j))) {
                j++;
            }
            if (j > i + 1 && j < s.length() && (s.charAt(j) == '日' || s.charAt(j) == '号')) {
                char after = j + 1 < s.length() ? s.charAt(j + 1) : ' ';
                if ("前起至到以之".indexOf(after) < 0) {
                    return true; // 2月28日前 is a deadline, 9月1日起 a start: no incident
                }
            }
        }
        return false;
    }

    /** Normative prose: a normative cue in the clause before the stage, and no cue that the clause reports events. */
    private static boolean normative(TextContext t, int clauseStart, Lexicon.Hit cue) {
        return t.any("pending_case.normative_cues", clauseStart, cue.start())
                && !t.any("pending_case.ongoing_cues", clauseStart, cue.end());
    }

    /** The clause reports an event: an ongoing cue in it (已, 正在, 目前…), or a stage that says so itself (…中, 尚未…). */
    private static boolean ongoing(TextContext t, String s, int clauseStart, Lexicon.Hit cue) {
        String term = cue.term();
        return term.endsWith("中") || term.startsWith("正在") || term.startsWith("尚") || term.startsWith("已") || term.startsWith("仍")
                || t.any("pending_case.ongoing_cues", clauseStart, Math.min(s.length(), cue.end() + 4));
    }

    /** 将依法作出复议决定 / 拟处以罚款 / 作出决定后: a conclusion to come, not one reached. */
    private static boolean prospective(String s, Lexicon.Hit h) {
        for (int i = h.start() - 1; i >= Math.max(0, h.start() - 14); i--) {
            char c = s.charAt(i);
            if (c == '，' || c == '。' || c == '；' || c == ',') {
                break;
            }
            if (c == '将' || c == '待' || c == '拟' || c == '如' || c == '若') {
                return true;
            }
        }
        return h.end() < s.length() && (s.charAt(h.end()) == '后' || s.charAt(h.end()) == '前');
    }

    /** A conclusion (not negated) reported in [from, to): the case moved past the stage to a final decision. */
    private static boolean concludedAfter(TextContext t, String s, int from, int to) {
        for (Lexicon.Hit h : t.within("pending_case.conclusion_cues", from, to)) {
            if (!EconUnreleasedDetector.negated(s, h.start()) && !prospective(s, h)) {
                return true;
            }
        }
        return false;
    }

    /** A document headed by a decision title (行政复议决定书, 判决书) is a published decision. */
    private static boolean decisionDocument(TextContext t, String s) {
        int heading = Math.min(s.length(), HEADING_CHARS);
        for (Lexicon.Hit h : t.within("pending_case.decision_titles", 0, heading)) {
            boolean cited = s.lastIndexOf('《', h.start()) > s.lastIndexOf('》', h.start());
            boolean sentenceBefore = t.sentenceStart(h.start()) > 0 && t.folded().charAt(t.sentenceStart(h.start()) - 1) != '\n';
            if (!cited && !sentenceBefore && !(h.start() > 0 && s.charAt(h.start() - 1) == '拟') && !EconUnreleasedDetector.negated(s, h.start())) {
                return true;
            }
        }
        return false;
    }

    /** Case numbers [start, end) in text order; each regex runs only on a bounded window before a 号. */
    static List<int[]> caseNumbers(String s) {
        List<int[]> out = new ArrayList<>();
        int covered = 0;
        Matcher court = COURT_NUMBER.matcher(s);
        Matcher agency = AGENCY_NUMBER.matcher(s);
        Matcher yearFirst = YEAR_FIRST_NUMBER.matcher(s);
        for (int i = s.indexOf('号'); i >= 0; i = s.indexOf('号', i + 1)) {
            int d = i - 1;
            while (d >= 0 && s.charAt(d) == ' ') {
                d--;
            }
            if (d < 0 || !Character.isDigit(s.charAt(d))) {
                continue; // every case number ends in digits and 号: no regex for any other 号
            }
            int from = Math.max(covered, i - NUMBER_REACH);
            for (Matcher m : new Matcher[] {court, agency, yearFirst}) {
                m.region(from, i + 1);
                if (m.find() && m.end() == i + 1) {
                    out.add(new int[] {m.start(), m.end()});
                    covered = i + 1;
                    break;
                }
            }
        }
        return out;
    }

    /** End of the clause holding pos: through the next clause when the cue ends one (…受理，正在调查中). */
    static int clauseEnd(String s, int pos, int sentenceEnd) {
        for (int i = pos; i < Math.min(sentenceEnd, pos + 80); i++) {
            char c = s.charAt(i);
            if (c == '，' || c == ',' || c == '。' || c == '；' || c == ';') {
                return i;
            }
        }
        return Math.min(sentenceEnd, pos + 80);
    }
}
