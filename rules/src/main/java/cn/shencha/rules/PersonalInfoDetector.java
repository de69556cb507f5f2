package cn.shencha.rules;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PERSONAL_INFO (ch. 8 §3.3): a full resident ID number (valid GB 11643 check digit), a personal mobile number, a bank
 * card number (valid Luhn sum, in a card or account context), or a named person with health, disability or home-address
 * details. Masked forms (5301**********2318, 138****5678) and official hotlines are not personal data. HanLP's person
 * recognition runs only on sentences that already hold a sensitive cue, off the hot path.
 */
final class PersonalInfoDetector implements Detector {

    private static final Pattern ID = Pattern.compile(
            "(?<![0-9a-z*])[1-9]\\d{5}(?:18|19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3}[0-9x](?![0-9a-z*])");
    private static final Pattern MOBILE = Pattern.compile("(?<![0-9*\\-])1[3-9]\\d{9}(?![0-9*])");
    private static final Pattern CARD = Pattern.compile("(?<![0-9*\\-])\\d{16,19}(?![0-9*])");
    private static final Pattern NAME_GENDER_AGE = Pattern.compile("([\\u4e00-\\u9fa5]{2,4})\\((?:男|女)[,，、]\\s*\\d{1,3}岁\\)");
    private static final Pattern HOUSE_NUMBER = Pattern.compile("\\d+号");
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ID_CHECK = "10x98765432";

    private static final ThreadLocal<Segment> PERSON_SEGMENT = ThreadLocal.withInitial(() -> HanLP.newSegment()
            .enablePartOfSpeechTagging(true).enableNameRecognize(true).enableOffset(true)
            .enablePlaceRecognize(false).enableOrganizationRecognize(false));

    @Override
    public void detect(TextContext t, RulePack pack, List<Finding> out) {
        String s = t.folded();
        boolean digits = hasDigitRun(s, 11);
        if (digits) {
            Matcher m = ID.matcher(s);
            while (m.find()) {
                if (validId(m.group())) {
                    out.add(t.finding(pack.rule("PI-ID"), m.start(), m.end(), "完整的居民身份证号码属于个人信息，公开时应去标识化处理。"));
                }
            }
            m = MOBILE.matcher(s);
            while (m.find()) {
                if (!t.any("personal_info.phone_context_exclusions", Math.max(0, m.start() - 10), m.start())) {
                    out.add(t.finding(pack.rule("PI-MOBILE"), m.start(), m.end(), "个人手机号码属于个人信息，不应公开。"));
                }
            }
            m = CARD.matcher(s);
            while (m.find()) {
                boolean labeled = labeledCard(t, s, m.start());
                if (!validId(m.group()) && (labeled || luhn(m.group()) && t.any("personal_info.bank_context", Math.max(0, m.start() - 12), m.start()))) {
                    out.add(t.finding(pack.rule("PI-BANK"), m.start(), m.end(), "银行卡号（收款账号）属于个人金融信息，不应公开。"));
                }
            }
        }
        sensitive(t, pack, s, out);
    }

    private void sensitive(TextContext t, RulePack pack, String s, List<Finding> out) {
        RuleInfo rule = pack.rule("PI-SENSITIVE");
        int lastSentence = -1;
        Matcher m = NAME_GENDER_AGE.matcher(s);
        while (s.indexOf('岁') >= 0 && m.find()) {
            int ss = t.sentenceStart(m.start());
            int se = t.sentenceEnd(m.start());
            List<Lexicon.Hit> health = t.within("personal_info.health_cues", m.end(), se);
            if (!health.isEmpty() && !m.group(1).contains("某")) {
                out.add(t.finding(rule, m.start(), health.get(0).end(), "可识别的个人（姓名、性别、年龄）与其健康信息一同公开，属于敏感个人信息。"));
                lastSentence = ss;
            }
        }
        for (String list : List.of("personal_info.health_cues", "personal_info.address_cues")) {
            for (Lexicon.Hit cue : t.hits(list)) {
                int ss = t.sentenceStart(cue.start());
                if (ss == lastSentence) {
                    continue;
                }
                int se = t.sentenceEnd(cue.start());
                if (list.endsWith("address_cues")) {
                    Matcher house = HOUSE_NUMBER.matcher(s).region(cue.end(), Math.min(se, cue.end() + 24));
                    if (!house.find()) {
                        continue;
                    }
                }
                int[] person = personNear(t, ss, se, cue.start(), 24);
                if (person != null) {
                    int start = Math.min(person[0], cue.start());
                    int end = Math.max(person[1], clauseEnd(s, cue.end(), se));
                    out.add(t.finding(rule, start, end, list.endsWith("address_cues")
                            ? "可识别的个人与其详细住址一同公开，属于敏感个人信息。"
                            : "可识别的个人与其健康、残疾等信息一同公开，属于敏感个人信息。"));
                    lastSentence = ss;
                }
            }
        }
    }

    /** A recognized personal name (not masked with 某) within {@code reach} characters of the cue, or null. */
    private static int[] personNear(TextContext t, int ss, int se, int cue, int reach) {
        List<Term> terms = PERSON_SEGMENT.get().seg(t.folded().substring(ss, se));
        for (Term term : terms) {
            if (term.nature == null || !term.nature.startsWith("nr") || term.word.length() < 2 || term.word.length() > 4
                    || term.word.contains("某")) {
                continue;
            }
            int start = ss + term.offset;
            int end = start + term.word.length();
            if (Math.abs(start - cue) <= reach || Math.abs(end - cue) <= reach) {
                return new int[]{start, end};
            }
        }
        return null;
    }

    private static int clauseEnd(String s, int pos, int se) {
        return PendingCaseDetector.clauseEnd(s, pos, se);
    }

    /** A number directly after a card or account label (卡号：…) is a card number whatever its check digit. */
    private static boolean labeledCard(TextContext t, String s, int start) {
        int i = start;
        while (i > 0 && (s.charAt(i - 1) == ' ' || s.charAt(i - 1) == ':' || s.charAt(i - 1) == '为' || s.charAt(i - 1) == '是')) {
            i--;
        }
        for (Lexicon.Hit h : t.within("personal_info.bank_labels", Math.max(0, i - 6), i)) {
            if (h.end() == i) {
                return true;
            }
        }
        return false;
    }

    static boolean validId(String id) {
        if (id.length() != 18) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = id.charAt(i);
            if (!Character.isDigit(c)) {
                return false;
            }
            sum += (c - '0') * ID_WEIGHTS[i];
        }
        return Character.toLowerCase(id.charAt(17)) == ID_CHECK.charAt(sum % 11);
    }

    static boolean luhn(String number) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = number.length() - 1; i >= 0; i--) {
            int d = number.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    private static boolean hasDigitRun(String s, int n) {
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                if (++run >= n) {
                    return true;
                }
            } else {
                run = 0;
            }
        }
        return false;
    }
}
