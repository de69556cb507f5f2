package cn.shencha.rules;

import java.util.List;
import java.util.regex.Matcher;

/**
 * COMMERCIAL_AD (ch. 8 §3.2): no commercial advertising or links to it. A sentence is an ad when it carries a strong
 * promotion pattern (8折, 买二送一, 立减300元, 加盟费, 扫码下单…) or several promotion phrases — unless it warns
 * against such offers (提醒, 警惕, 诈骗…) or is the government's own investment or consumption policy.
 */
final class CommercialAdDetector implements Detector {

    @Override
    public void detect(TextContext t, RulePack pack, List<Finding> out) {
        String s = t.folded();
        RuleInfo rule = pack.rule("AD-PROMO");
        int ss = 0;
        while (ss < s.length()) {
            int se = t.sentenceEnd(ss);
            if (!t.any("commercial_ad.triggers", ss, se) && !t.any("commercial_ad.promo_phrases", ss, se)) {
                ss = se;
                continue; // no promotion vocabulary at all: no pattern can match
            }
            int start = Integer.MAX_VALUE;
            int end = -1;
            String example = null;
            Matcher m = pack.ad.strongPattern().matcher(s).region(ss, se);
            while (m.find()) {
                if (m.start() < start) {
                    start = m.start();
                    example = s.substring(m.start(), m.end());
                }
                end = Math.max(end, m.end());
            }
            List<Lexicon.Hit> phrases = t.within("commercial_ad.promo_phrases", ss, se);
            boolean strong = end >= 0;
            if ((strong || distinct(phrases) >= pack.ad.minPhrases())
                    && !t.any("commercial_ad.warning_cues", ss, se) && !t.any("commercial_ad.public_cues", ss, se)) {
                for (Lexicon.Hit h : phrases) {
                    start = Math.min(start, h.start());
                    end = Math.max(end, h.end());
                    if (example == null) {
                        example = h.term();
                    }
                }
                out.add(t.finding(rule, EconUnreleasedDetector.clauseStart(s, start, ss), end,
                        "“" + example + "”等商品促销内容属于商业广告，政府网站和政务新媒体不得刊登。"));
            }
            ss = se;
        }
    }

    private static long distinct(List<Lexicon.Hit> hits) {
        return hits.stream().map(Lexicon.Hit::term).distinct().count();
    }
}
