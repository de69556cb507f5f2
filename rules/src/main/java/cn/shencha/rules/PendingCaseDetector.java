package cn.shencha.rules;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PENDING_CASE (ch. 4 §7.3): material of judicial, enforcement, petition and reconsideration cases not yet concluded.
 * A case number, or a stage cue (立案, 刑事拘留, 审理中, 已受理, 正在调查…) in a sentence about a case, is a finding
 * unless the sentence says the case is concluded (审结, 判决已生效, 已作出复议决定…) or only counts cases in aggregate.
 * The case registry ({@link Registries}) overrides the text: a number registered concluded clears its sentence, one
 * registered pending is flagged whatever the sentence says.
 */
final class PendingCaseDetector implements Detector {

    static final Pattern CASE_NUMBER = Pattern.compile(
            "\\(\\s*(?:19|20)\\d{2}\\s*\\)\\s*[\\u4e00-\\u9fa5]{1,3}\\d{1,6}\\s*[\\u4e00-\\u9fa5]{1,6}\\s*\\d{1,6}\\s*号");
    static final Pattern ACCEPTED_ON = Pattern.compile("已于.{1,12}受理");

    @Override
    public void detect(TextContext t, RulePack pack, List<Finding> out) {
        String s = t.folded();
        RuleInfo stage = pack.rule("CASE-STAGE");
        int lastSentence = -1;
        java.util.Set<Integer> registeredConcluded = new java.util.HashSet<>();
        if (s.indexOf('号') >= 0) {
            Matcher m = CASE_NUMBER.matcher(s);
            while (m.find()) {
                int ss = t.sentenceStart(m.start());
                Registries.CaseStatus registered = t.registries().caseStatus(m.group());
                if (registered != null && registered.concluded()) {
                    registeredConcluded.add(ss); // the case registry says it is concluded: its sentence is clean
                    continue;
                }
                if (registered != null) {
                    out.add(t.finding(pack.rule("CASE-NUMBER"), m.start(), m.end(),
                            "案件登记簿记载该案状态为“" + registered.status() + "”，尚未办结，结案前案件材料不宜公开。"));
                    lastSentence = ss;
                } else if (!concluded(t, ss, t.sentenceEnd(m.start()))) {
                    out.add(t.finding(pack.rule("CASE-NUMBER"), m.start(), m.end(),
                            "案号对应的案件尚无办结结论，结案前案件材料不宜公开。"));
                    lastSentence = ss;
                }
            }
        }
        for (Lexicon.Hit cue : t.hits("pending_case.strong_stage_cues")) {
            int ss = t.sentenceStart(cue.start());
            if (ss == lastSentence || registeredConcluded.contains(ss)) {
                continue;
            }
            int se = t.sentenceEnd(cue.start());
            if (concluded(t, ss, se) || t.any("pending_case.aggregate_cues", ss, se)) {
                continue;
            }
            out.add(t.finding(stage, EconUnreleasedDetector.clauseStart(s, cue.start(), ss), clauseEnd(s, cue.end(), se),
                    "“" + cue.term() + "”表明案件尚未处理完结，公开前须经保密审查。"));
            lastSentence = ss;
        }
        for (Lexicon.Hit cue : t.hits("pending_case.weak_stage_cues")) {
            if (!registeredConcluded.contains(t.sentenceStart(cue.start()))) {
                lastSentence = weak(t, pack, s, stage, cue.start(), cue.end(), cue.term(), lastSentence, out);
            }
        }
        if (s.indexOf("受理") >= 0) {
            Matcher m = ACCEPTED_ON.matcher(s);
            while (m.find()) {
                if (!registeredConcluded.contains(t.sentenceStart(m.start()))) {
                    lastSentence = weak(t, pack, s, stage, m.start(), m.end(), "受理", lastSentence, out);
                }
            }
        }
    }

    private int weak(TextContext t, RulePack pack, String s, RuleInfo stage, int start, int end, String term,
                     int lastSentence, List<Finding> out) {
        int ss = t.sentenceStart(start);
        if (ss == lastSentence) {
            return lastSentence;
        }
        int se = t.sentenceEnd(start);
        if (concluded(t, ss, se) || t.any("pending_case.aggregate_cues", ss, se) || t.any("pending_case.normative_cues", ss, se)) {
            return lastSentence;
        }
        if (!t.any("pending_case.case_context", ss, se)) {
            return lastSentence;
        }
        out.add(t.finding(stage, EconUnreleasedDetector.clauseStart(s, start, ss), clauseEnd(s, end, se),
                "“" + term + "”表明案件（信访、复议、执法事项）仍在办理中，尚未办结。"));
        return ss;
    }

    /** The sentence reports the case concluded: a conclusion cue that is not negated (尚未办结 is no conclusion). */
    private static boolean concluded(TextContext t, int from, int to) {
        if (t.any("pending_case.strong_stage_cues", from, to)) {
            return false;
        }
        for (Lexicon.Hit h : t.within("pending_case.conclusion_cues", from, to)) {
            if (!EconUnreleasedDetector.negated(t.folded(), h.start())) {
                return true;
            }
        }
        return false;
    }

    /** End of the clause holding pos: through the next clause when the cue ends one (…受理，正在调查中). */
    static int clauseEnd(String s, int pos, int sentenceEnd) {
        for (int i = pos; i < sentenceEnd; i++) {
            char c = s.charAt(i);
            if (c == '，' || c == ',' || c == '。' || c == '；' || c == ';') {
                return i;
            }
        }
        return sentenceEnd;
    }
}
