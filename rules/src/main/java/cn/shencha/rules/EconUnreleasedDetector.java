package cn.shencha.rules;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ECON_UNRELEASED (ch. 4 §7.1): an economic indicator with a figure is unreleased when a status cue marks it as not
 * final (初步, 预计, 快报, 内部, 尚未公布…), or when it reports the current period without citing a published source
 * (统计公报, a statistics-bureau release) and is not a plan target (目标, 力争). A figure listed in the registry of
 * published figures ({@link Registries}) is public and never a finding.
 */
final class EconUnreleasedDetector implements Detector {

    static final Pattern FIGURE = Pattern.compile(
            "\\d+(?:[.,]\\d+)*\\s*(?:亿美元|万美元|亿元|万元|元|个百分点|%|万吨|吨|万千瓦时|亿千瓦时|万人次|万平方米|亿|万)");

    /** How much of a document counts as its heading. */
    static final int HEADING_CHARS = 200;

    @Override
    public void detect(TextContext t, RulePack pack, List<Finding> out) {
        int window = pack.econ.window();
        String s = t.folded();
        if (t.any("econ_unreleased.release_titles", 0, Math.min(s.length(), HEADING_CHARS))) {
            return; // the document is itself an official statistical release
        }
        int lastSentence = -1;
        for (Lexicon.Hit indicator : t.hits("econ_unreleased.indicators")) {
            int ss = t.sentenceStart(indicator.start());
            int se = t.sentenceEnd(indicator.start());
            if (ss == lastSentence) {
                continue;
            }
            Matcher m = FIGURE.matcher(s);
            m.region(indicator.end(), Math.min(se, indicator.end() + window));
            if (!m.find()) {
                continue;
            }
            int figureEnd = m.end();
            if (t.registries().publishedMatch(indicator.term(), m.group(), s) != null) {
                continue; // the office's registry lists this figure as released
            }
            // A status cue may head the block (附件2：主要经济指标（内部数据，未经审定）。城镇居民…): look one sentence back.
            int from = Math.max(ss > 0 ? t.sentenceStart(ss - 1) : ss, indicator.start() - window);
            int to = Math.min(se, figureEnd + window);
            List<Lexicon.Hit> status = t.within("econ_unreleased.status_cues", from, to);
            if (!status.isEmpty()) {
                Lexicon.Hit first = status.get(0);
                int start = first.start() >= ss ? Math.min(indicator.start(), first.start()) : indicator.start();
                int end = Math.max(figureEnd, status.get(status.size() - 1).end());
                out.add(t.finding(pack.rule("ECON-STATUS"), clauseStart(s, start, ss), end,
                        "“" + status.get(0).term() + "”表明该经济数据尚未正式发布，公开前须经统计部门发布或保密审查。"));
                lastSentence = ss;
                continue;
            }
            if (published(t, s, Math.max(0, ss - 1), se) || t.any("econ_unreleased.target_cues", Math.max(ss, indicator.start() - 20), figureEnd)) {
                continue;
            }
            if (t.any("econ_unreleased.period_cues", ss, figureEnd)) {
                out.add(t.finding(pack.rule("ECON-CURRENT"), clauseStart(s, indicator.start(), ss), figureEnd,
                        "当期经济指标数据未注明已发布的权威来源（如统计公报或统计部门发布），可能属于未发布的经济数据。"));
                lastSentence = ss;
            }
        }
    }

    private static boolean published(TextContext t, String s, int from, int to) {
        for (Lexicon.Hit h : t.within("econ_unreleased.published_cues", from, to)) {
            if (!negated(s, h.start())) {
                return true;
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

    /** Start of the clause (after the last comma or colon) holding pos, but not before the sentence start. */
    static int clauseStart(String s, int pos, int sentenceStart) {
        for (int i = pos - 1; i >= sentenceStart; i--) {
            char c = s.charAt(i);
            if (c == '，' || c == ',' || c == '：' || c == ':' || c == '（' || c == '(') {
                return Math.min(i + 1, pos);
            }
        }
        return Math.max(sentenceStart, Math.min(pos, sentenceStart));
    }
}
