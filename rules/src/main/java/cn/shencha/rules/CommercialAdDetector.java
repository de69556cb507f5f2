package cn.shencha.rules;

import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;

/**
 * COMMERCIAL_AD (ch. 8 §3.2; 广告法 §2: a business presenting, directly or indirectly, the goods or services it
 * sells). A sentence is an ad when it makes an <em>offer</em> — a price or discount (AD-PRICE), a gift, trial or draw
 * (AD-GIFT), a medical or beauty promotion (AD-MEDICAL), a contact for orders (AD-CONTACT), other selling claims of a
 * business (AD-PROMO) — tied to a business or backed by a second kind of offer. Each cue class and each offer pattern
 * of the pack carries its sub-type; a sentence scores one point per kind of offer, one more per kind shown by a
 * pattern (8折, 买二送一, 888元/桌, 扫码下单), and one for a business named in it or the sentence before; three points
 * make an ad. Consumer warnings and news on illegal ads, procurement and tender notices, and the government's own
 * public-service offers (消费券, 免费体检, 惠民) are not ads.
 *
 * <p>Offer patterns run only on a bounded window around a cue of the sentence, never over the whole text.
 */
final class CommercialAdDetector implements Detector {

    /** The sub-types, in the order their rule id is preferred for a finding. */
    enum Kind {
        MEDICAL("AD-MEDICAL", "commercial_ad.medical_cues"),
        PRICE("AD-PRICE", "commercial_ad.price_cues"),
        GIFT("AD-GIFT", "commercial_ad.gift_cues"),
        CONTACT("AD-CONTACT", "commercial_ad.contact_cues"),
        PROMO("AD-PROMO", "commercial_ad.promo_phrases");

        final String rule;
        final String list;

        Kind(String rule, String list) {
            this.rule = rule;
            this.list = list;
        }

        static Kind of(String rule) {
            for (Kind k : values()) {
                if (k.rule.equals(rule)) {
                    return k;
                }
            }
            return PROMO;
        }
    }

    /** Characters on each side of a cue in which the offer patterns are tried. */
    static final int PATTERN_WINDOW = 24;
    /** Points that make a sentence an ad. */
    static final int AD_SCORE = 3;

    @Override
    public void detect(TextContext t, RulePack pack, List<Finding> out) {
        String s = t.folded();
        boolean anyCue = false;
        for (Kind k : Kind.values()) {
            anyCue |= !t.hits(k.list).isEmpty();
        }
        boolean discount = s.indexOf('折') >= 0;
        if (!anyCue && !discount) {
            return; // no offer of any kind anywhere: no sentence can be an ad
        }
        int[] digits = t.digitRuns();
        List<RulePack.OfferPattern> patterns = pack.ad.patterns();
        Matcher[] matchers = new Matcher[patterns.size()]; // one per pattern and text, re-aimed at each window
        for (int k = 0; k < matchers.length; k++) {
            matchers[k] = patterns.get(k).pattern().matcher(s);
        }
        int ss = 0;
        int previousStart = 0;
        boolean publicText = t.any("commercial_ad.public_cues", 0, s.length());
        int d = 0;
        while (ss < s.length()) {
            t.checkBudget();
            int se = t.sentenceEnd(ss);
            boolean cue = false;
            for (Kind k : Kind.values()) {
                cue |= t.any(k.list, ss, se);
            }
            if (!cue && !(discount && holds(s, '折', ss, se))) {
                previousStart = ss;
                ss = se;
                continue; // the common case, without allocating
            }
            EnumSet<Kind> kinds = EnumSet.noneOf(Kind.class);
            int start = Integer.MAX_VALUE;
            int end = -1;
            String example = null;
            for (Kind k : Kind.values()) {
                List<Lexicon.Hit> hits = t.within(k.list, ss, se);
                if (!hits.isEmpty()) {
                    kinds.add(k);
                    for (Lexicon.Hit h : hits) {
                        start = Math.min(start, h.start());
                        end = Math.max(end, h.end());
                        if (example == null) {
                            example = h.term();
                        }
                    }
                }
            }
            // a figure followed by 折 is a discount even without a cue word
            while (d < digits.length && digits[d] < ss) {
                d += 2;
            }
            int firstDigit = -1;
            for (int k = d; k < digits.length && digits[k] < se; k += 2) {
                int e = digits[k + 1];
                if (e < se && (s.charAt(e) == '折' || e + 2 < se && s.charAt(e) == '.' && s.charAt(e + 2) == '折')) {
                    firstDigit = digits[k];
                    break;
                }
            }
            if (kinds.isEmpty() && firstDigit < 0) {
                previousStart = ss;
                ss = se;
                continue;
            }
            EnumSet<Kind> shown = EnumSet.noneOf(Kind.class);
            int windowEnd = -1;
            List<Lexicon.Hit> anchors = new java.util.ArrayList<>();
            for (Kind k : kinds) {
                anchors.addAll(t.within(k.list, ss, se));
            }
            anchors.addAll(t.within("commercial_ad.triggers", ss, se));
            if (firstDigit >= 0) {
                anchors.add(new Lexicon.Hit(firstDigit, firstDigit + 1, "折"));
            }
            anchors.sort((a, b) -> Integer.compare(a.start(), b.start()));
            for (Lexicon.Hit a : anchors) {
                int from = Math.max(ss, Math.max(windowEnd, a.start() - PATTERN_WINDOW));
                int to = Math.min(se, a.end() + PATTERN_WINDOW);
                if (from >= to) {
                    continue;
                }
                windowEnd = to;
                for (int pi = 0; pi < matchers.length; pi++) {
                    RulePack.OfferPattern p = patterns.get(pi);
                    Matcher m = matchers[pi].region(from, to);
                    if (m.find()) {
                        Kind k = Kind.of(p.rule());
                        shown.add(k);
                        kinds.add(k);
                        if (m.start() < start) {
                            start = m.start();
                            example = s.substring(m.start(), m.end());
                        } else if (example == null) {
                            example = s.substring(m.start(), m.end());
                        }
                        end = Math.max(end, m.end());
                    }
                }
            }
            boolean business = t.any("commercial_ad.business_cues", previousStart, se) || quotedName(s, previousStart, se);
            int score = kinds.size() + shown.size() + (business ? 1 : 0);
            // the government's own offers and procurement weigh against an ad; a warning about ads rules it out
            if (t.any("commercial_ad.public_cues", ss, se)) {
                score -= 2;
            } else if (publicText) {
                score -= 1; // a public body's notice: its offers (vouchers, opening hours, activities) are services
            }
            if (t.any("commercial_ad.procurement_cues", previousStart, se)) {
                score -= 2;
            }
            if (score >= AD_SCORE && !t.any("commercial_ad.warning_cues", ss, se)) {
                Kind rule = null;
                for (Kind k : Kind.values()) {
                    if (rule == null && shown.contains(k)) {
                        rule = k;
                    }
                }
                if (rule == null) {
                    rule = kinds.iterator().next();
                }
                out.add(t.finding(pack.rule(rule.rule), clauseStart(s, start, ss), end,
                        "“" + example + "”等内容是经营者推销商品或服务的商业广告（广告法第二条），政府网站和政务新媒体不得刊登。"));
            }
            previousStart = ss;
            ss = se;
        }
    }

    /**
     * A short name in quotation marks (“康源净水”, 「潤膚堂」): how a text names a brand or a shop. Names of campaigns in
     * quotes (“放管服”) are as short, so this only adds the business point; the offers still have to be there.
     */
    static boolean quotedName(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            char close = c == '“' ? '”' : c == '「' ? '」' : c == '『' ? '』' : 0;
            if (close == 0) {
                continue;
            }
            int k = i + 1;
            while (k < to && k - i <= 13 && s.charAt(k) != close) {
                k++;
            }
            if (k < to && s.charAt(k) == close && k - i - 1 >= 2 && k - i - 1 <= 12) {
                return true;
            }
        }
        return false;
    }

    private static boolean holds(String s, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                return true;
            }
        }
        return false;
    }

    /** The start of the clause holding {@code pos}, not before the sentence start. */
    static int clauseStart(String s, int pos, int ss) {
        int i = pos;
        while (i > ss && pos - i < 40) {
            char c = s.charAt(i - 1);
            if (c == '，' || c == ',' || c == '。' || c == '；' || c == ';' || c == '：' || c == ':' || c == '\n' || c == '！' || c == '？') {
                break;
            }
            i--;
        }
        return i;
    }
}
