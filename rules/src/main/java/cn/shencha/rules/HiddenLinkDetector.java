package cn.shencha.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * HIDDEN_LINK (ch. 6): injected spam (暗链). Gambling and pornography phrases form a finding when they come as a run
 * (two or more spam terms close together, the shape of injected keyword stuffing), when one stands at the very start or
 * end of the text (where injections sit, as in the regulation's own page), or when it lies in text the crawler marked
 * as hidden. Warnings against gambling that name the terms (提醒…百家乐…是骗局) are not spam.
 */
final class HiddenLinkDetector implements Detector {

    private record Term(int start, int end, boolean strong) {
    }

    @Override
    public void detect(TextContext t, RulePack pack, List<Finding> out) {
        List<Lexicon.Hit> strong = t.hits("hidden_link.strong_terms");
        if (strong.isEmpty()) {
            return;
        }
        String s = t.folded();
        List<Term> terms = new ArrayList<>();
        for (Lexicon.Hit h : strong) {
            terms.add(new Term(h.start(), h.end(), true));
        }
        for (Lexicon.Hit h : t.hits("hidden_link.weak_terms")) {
            terms.add(new Term(h.start(), h.end(), false));
        }
        terms.sort((a, b) -> Integer.compare(a.start(), b.start()));
        int gap = pack.spam.runGap();
        int i = 0;
        while (i < terms.size()) {
            int j = i;
            int end = terms.get(i).end();
            while (j + 1 < terms.size() && terms.get(j + 1).start() - end <= gap) {
                j++;
                end = Math.max(end, terms.get(j).end());
            }
            List<Term> run = terms.subList(i, j + 1);
            i = j + 1;
            long strongCount = run.stream().filter(Term::strong).map(x -> s.substring(x.start(), x.end())).distinct().count();
            if (strongCount == 0) {
                continue;
            }
            int start = run.get(0).start();
            int ss = t.sentenceStart(start);
            boolean warning = t.any("hidden_link.warning_cues", ss, t.sentenceEnd(start));
            if (t.isHidden(start, end)) {
                out.add(t.finding(pack.rule("SPAM-HIDDEN"), start, end, "对访问者隐藏的内容中出现赌博、色情等垃圾信息，属于被植入的暗链。"));
            } else if (warning) {
                continue;
            } else if (strongCount >= 2 || run.size() >= 2) {
                out.add(t.finding(pack.rule("SPAM-RUN"), start, end, "出现成串的赌博、色情等垃圾信息词，疑为网站被植入的暗链或非法内容。"));
            } else if (atEdge(s, start, end, pack.spam.edgeChars(), pack.spam.markerTags())) {
                out.add(t.finding(pack.rule("SPAM-EDGE"), start, end, "页面首尾出现赌博、色情等垃圾信息，符合被植入暗链的特征。"));
            }
        }
    }

    /** Whether the run is within {@code edge} visible characters of the start or the end of the text. */
    private static boolean atEdge(String s, int start, int end, int edge, List<String> markerTags) {
        return visibleChars(s, 0, start, markerTags) <= edge || visibleChars(s, end, s.length(), markerTags) <= edge;
    }

    private static int visibleChars(String s, int from, int to, List<String> markerTags) {
        int n = 0;
        boolean inTag = false;
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (c == '<') {
                inTag = true;
            } else if (c == '>') {
                inTag = false;
            } else if (!inTag && !Character.isWhitespace(c)) {
                n++;
            }
        }
        return n;
    }
}
