package cn.shencha.rules;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;

import java.util.List;

/**
 * PERSONAL_INFO (ch. 8 §3.3; 个人信息保护法 §4, §28): personal information of an identifiable person.
 *
 * <p>By structure, from the digit runs of the text (one pass, no regex over the whole text): an 18-digit resident ID
 * with a valid GB 11643 check digit (PI-ID), a private person's mobile number (PI-MOBILE), a bank card or account
 * number with a valid Luhn sum in a card context or right after a card label (PI-BANK). A mobile given as the official
 * contact of a notice (联系人/联系方式 of the issuing office, with the office or a landline beside it) is not personal
 * data; neither are hotlines, masked forms (138****5678) or aggregates.
 *
 * <p>Sensitive personal information tied to a person: a cue of one of the pack's attribute classes — health
 * (disease, diagnosis, pregnancy, treatment: PI-HEALTH), a specific identity (disability, 低保/特困, 刑满释放, 吸毒,
 * religion: PI-IDENTITY), a child's age or school class (PI-MINOR), a full home address or whereabouts (PI-ADDRESS) —
 * and a person named within a few characters of it. HanLP person-name recognition runs only on that window, never over
 * the whole text; a name masked with 某 or * is not identifiable, an official named with his title is in his public role.
 */
final class PersonalInfoDetector implements Detector {

    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ID_CHECK = "10x98765432";
    /** How far (characters) a person's name may stand from the cue of a sensitive attribute. */
    static final int PERSON_REACH = 16;
    /** How far before a mobile number its contact label and the office may stand. */
    static final int CONTACT_REACH = 60;
    /** At most this many HanLP windows per text (each is a few dozen characters), so the cost stays bounded. */
    static final int MAX_PERSON_WINDOWS = 400;

    private static final ThreadLocal<Segment> PERSON_SEGMENT = ThreadLocal.withInitial(() -> HanLP.newSegment()
            .enablePartOfSpeechTagging(true).enableNameRecognize(true).enableOffset(true)
            .enablePlaceRecognize(false).enableOrganizationRecognize(false));

    @Override
    public void detect(TextContext t, RulePack pack, List<Finding> out) {
        String s = t.folded();
        numbers(t, pack, s, out);
        Windows windows = new Windows();
        attribute(t, pack, s, "personal_info.health_cues", "PI-HEALTH", "可识别的个人与其疾病、诊疗、怀孕等健康信息一同公开，属于敏感个人信息（个人信息保护法第二十八条）。", windows, out);
        attribute(t, pack, s, "personal_info.identity_cues", "PI-IDENTITY", "可识别的个人与其残疾、低保特困、刑满释放等特定身份信息一同公开，属于敏感个人信息（个人信息保护法第二十八条）。", windows, out);
        attribute(t, pack, s, "personal_info.whereabouts_cues", "PI-ADDRESS", "可识别的个人与其行踪轨迹一同公开，属于敏感个人信息（个人信息保护法第二十八条）。", windows, out);
        addresses(t, pack, s, windows, out);
        minors(t, pack, s, windows, out);
    }

    /** Counts the HanLP windows of one text and keeps the last one's terms, so cues close together share a run. */
    private static final class Windows {
        int used;
        /** The windows segmented so far (start, end, terms), searched for one that holds a new window. */
        final java.util.ArrayList<Object[]> done = new java.util.ArrayList<>();
    }

    // ---------------------------------------------------------------- numbers: IDs, mobiles, cards

    private static void numbers(TextContext t, RulePack pack, String s, List<Finding> out) {
        int[] runs = t.digitRuns();
        for (int k = 0; k < runs.length; k += 2) {
            int start = runs[k];
            int end = runs[k + 1];
            int len = end - start;
            if (len < 3) {
                continue;
            }
            t.checkBudget();
            char before = start > 0 ? s.charAt(start - 1) : ' ';
            if (before == '*' || asciiLetter(before)) {
                continue; // masked or part of a code
            }
            // 17 digits and a check letter x
            if (len == 17 && end < s.length() && s.charAt(end) == 'x' && !after(s, end + 1)) {
                if (validId(s.substring(start, end + 1))) {
                    out.add(t.finding(pack.rule("PI-ID"), start, end + 1, "完整的居民身份证号码属于个人信息，公开时应去标识化处理。"));
                }
                continue;
            }
            // grouped forms: 138 1234 5678, 138-1234-5678, 6217 0037 6001 2345 678
            int groupedEnd = end;
            int groups = 1;
            StringBuilder digits = null;
            if ((len == 3 || len == 4) && k + 2 < runs.length) {
                int j = k;
                digits = new StringBuilder().append(s, start, end);
                while (j + 2 < runs.length && groups < 6) {
                    int gap = runs[j + 2] - runs[j + 1];
                    char sep = s.charAt(runs[j + 1]);
                    int nextLen = runs[j + 3] - runs[j + 2];
                    if (gap != 1 || sep != ' ' && sep != '-' || nextLen > 4) {
                        break;
                    }
                    digits.append(s, runs[j + 2], runs[j + 3]);
                    groupedEnd = runs[j + 3];
                    groups++;
                    j += 2;
                }
            }
            String number = groups > 1 ? digits.toString() : s.substring(start, end);
            int numberEnd = groups > 1 ? groupedEnd : end;
            if (after(s, numberEnd) || before == '-' && groups == 1) {
                continue;
            }
            if (number.length() == 18 && groups == 1) {
                if (validId(number)) {
                    out.add(t.finding(pack.rule("PI-ID"), start, end, "完整的居民身份证号码属于个人信息，公开时应去标识化处理。"));
                    continue;
                }
            }
            if (number.length() == 11 && number.charAt(0) == '1' && number.charAt(1) >= '3' && number.charAt(1) <= '9'
                    && (groups == 1 || groups == 3)) {
                if (!officialContact(t, pack.personal().officialUnits(), s, start)) {
                    out.add(t.finding(pack.rule("PI-MOBILE"), start, numberEnd, "个人手机号码属于个人信息，不应公开。"));
                }
                continue;
            }
            if (number.length() >= 16 && number.length() <= 19) {
                boolean labeled = labeledCard(t, s, start);
                int from = Math.max(0, start - 30);
                if (officialUnit(pack.personal().officialUnits(), s, from, start) && !t.any("personal_info.person_cues", from, start)
                        && (t.any("personal_info.contact_labels", from, start) || s.substring(from, start).contains("户名"))) {
                    continue; // the account of an office (户名：区医疗保障事业管理中心), published for payments
                }
                if (labeled || luhn(number) && t.any("personal_info.bank_context", Math.max(0, start - 12), start)) {
                    out.add(t.finding(pack.rule("PI-BANK"), start, numberEnd, "银行卡号（收款账号）属于个人金融信息，不应公开。"));
                }
            }
        }
    }

    private static boolean after(String s, int end) {
        if (end >= s.length()) {
            return false;
        }
        char c = s.charAt(end);
        return c == '*' || c >= '0' && c <= '9' || asciiLetter(c);
    }

    private static boolean asciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    /**
     * A mobile given as the contact of the issuing office: a contact label (联系人, 联系方式, 联系电话, 咨询电话…) within
     * {@value #CONTACT_REACH} characters before it, on the same line, with the office (a unit name, a landline) beside
     * it, and no private person (居民, 投诉人, 退休…) and no bracket tying it to a private person in between.
     */
    static boolean officialContact(TextContext t, List<String> units, String s, int number) {
        int near = Math.max(0, number - 12);
        if (t.any("personal_info.official_titles", near, number) && !t.any("personal_info.person_cues", near, number)) {
            return true; // 镇长 黄立 1949…, 项目办工作人员王工，电话…: an official in his public role
        }
        int ss = t.sentenceStart(number);
        if (t.any("commercial_ad.contact_cues", near, number) && (t.any("commercial_ad.business_cues", ss, number)
                || CommercialAdDetector.quotedName(s, ss, number))) {
            return true; // a business's order line in an advertisement (the ad is the finding, COMMERCIAL_AD)
        }
        int line = number - 1; // start of the line, looked for no further back than the contact block can reach
        while (line >= 0 && number - line <= 3 * CONTACT_REACH && s.charAt(line) != '\n') {
            line--;
        }
        int from = Math.max(Math.max(0, number - CONTACT_REACH), line + 1);
        // a notice's contact block lists several offices after one heading (联系人及联系方式：（一）…（二）…)
        List<Lexicon.Hit> labels = t.within("personal_info.contact_labels", Math.max(line + 1, number - 3 * CONTACT_REACH), number);
        if (labels.isEmpty()) {
            // a hotline label, or a list of an office's telephones: a landline just before, the office named
            return t.any("personal_info.phone_context_exclusions", Math.max(from, number - 12), number)
                    || landlineNear(s, Math.max(from, number - 30), number) && officialUnit(units, s, from, number)
                    && !t.any("personal_info.person_cues", from, number);
        }
        Lexicon.Hit label = labels.get(labels.size() - 1);
        Lexicon.Hit first = labels.get(0);
        if (t.any("personal_info.person_cues", Math.max(from, first.start() - 24), number)) {
            return false;
        }
        char beforeLabel = label.start() > 0 ? s.charAt(label.start() - 1) : ' ';
        if ((beforeLabel == '(' || beforeLabel == '（') && label.start() - from > 2 && !officialUnit(units, s, from, label.start())) {
            return false; // 陈丽华（联系电话…）: the number of the person just named
        }
        return officialUnit(units, s, Math.max(0, first.start() - CONTACT_REACH), Math.min(s.length(), number + 30))
                || landlineNear(s, from, Math.min(s.length(), number + 30));
    }

    /** Whether [from, to) names an office: one of the pack's unit endings (局, 办公室, 中心, 大学…) occurs in it. */
    private static boolean officialUnit(List<String> units, String s, int from, int to) {
        String window = s.substring(from, to);
        for (String u : units) {
            if (window.contains(u)) {
                return true;
            }
        }
        return false;
    }

    /** A fixed-line number (（010）66556165, 0912-3456789, 84913258) in the range: an office's telephone. */
    private static boolean landlineNear(String s, int from, int to) {
        int run = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                run++;
            } else {
                if (run >= 7 && run <= 8 || run >= 3 && run <= 4 && (c == '-' || c == ')' || c == '）') && s.startsWith("0", i - run)) {
                    return true;
                }
                run = 0;
            }
        }
        return run >= 7 && run <= 8;
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

    // ---------------------------------------------------------------- sensitive attributes tied to a person

    private static void attribute(TextContext t, RulePack pack, String s, String list, String ruleId, String explanation,
                                  Windows windows, List<Finding> out) {
        int lastEnd = -1;
        for (Lexicon.Hit cue : t.hits(list)) {
            if (cue.start() < lastEnd) {
                continue;
            }
            t.checkBudget();
            int ss = t.sentenceStart(cue.start());
            int se = t.sentenceEnd(cue.start());
            if (aggregate(t, s, cue, se)) {
                continue;
            }
            int[] person = personNear(t, s, ss, se, cue.start(), cue.end(), windows);
            if (person != null) {
                int start = Math.min(person[0], cue.start());
                int end = Math.max(person[1], clauseEnd(s, cue.end(), se));
                out.add(t.finding(pack.rule(ruleId), start, end, explanation));
                lastEnd = end;
            }
        }
    }

    /** 全区低保对象1234户, 确诊病例12例: a count of people after the cue, no one person. */
    private static boolean aggregate(TextContext t, String s, Lexicon.Hit cue, int se) {
        if (t.any("personal_info.aggregate_cues", Math.max(0, cue.start() - 8), Math.min(se, cue.end() + 12))
                || cue.end() < s.length() && "率数量".indexOf(s.charAt(cue.end())) >= 0) {
            return true;
        }
        int i = cue.end();
        int stop = Math.min(se, cue.end() + 10);
        while (i < stop && !(s.charAt(i) >= '0' && s.charAt(i) <= '9')) {
            i++;
        }
        if (i >= stop) {
            return false;
        }
        while (i < s.length() && (s.charAt(i) >= '0' && s.charAt(i) <= '9' || s.charAt(i) == ',' || s.charAt(i) == '.')) {
            i++;
        }
        return i < s.length() && "户人名例家位万次".indexOf(s.charAt(i)) >= 0;
    }

    /** A full home address: an address cue followed by a door number (…号, …室, 村…组…号), or …号楼…单元…室 itself. */
    private static void addresses(TextContext t, RulePack pack, String s, Windows windows, List<Finding> out) {
        String explanation = "可识别的个人与其详细住址一同公开，属于个人信息，不应公开。";
        int lastEnd = -1;
        for (Lexicon.Hit cue : t.hits("personal_info.address_cues")) {
            if (cue.start() < lastEnd) {
                continue;
            }
            t.checkBudget();
            int se = t.sentenceEnd(cue.start());
            int door = doorNumberEnd(s, cue.end(), Math.min(se, cue.end() + 32));
            if (door < 0) {
                continue;
            }
            int ss = t.sentenceStart(cue.start());
            int[] person = personNear(t, s, ss, se, cue.start(), door, windows);
            if (person == null && !t.any("personal_info.person_cues", Math.max(ss, cue.start() - 12), Math.min(se, door + 16))
                    || officialAddress(t, pack, s, cue.start())) {
                continue;
            }
            int start = person == null ? cue.start() : Math.min(person[0], cue.start());
            int end = person == null ? door : Math.max(person[1], door);
            out.add(t.finding(pack.rule("PI-ADDRESS"), start, end, explanation));
            lastEnd = end;
        }
        for (Lexicon.Hit unit : t.hits("personal_info.dwelling_units")) {
            if (unit.start() < lastEnd) {
                continue;
            }
            t.checkBudget();
            int ss = t.sentenceStart(unit.start());
            int se = t.sentenceEnd(unit.start());
            int from = unit.start();
            while (from > ss && unit.start() - from < 24 && !boundary(s.charAt(from - 1))) {
                from--;
            }
            if (!digitBefore(s, unit.start())) {
                continue;
            }
            int door = doorNumberEnd(s, unit.start(), Math.min(se, unit.end() + 12));
            int end = Math.max(door, unit.end());
            int[] person = personNear(t, s, ss, se, from, end, windows);
            if (person == null || officialAddress(t, pack, s, from)) {
                continue;
            }
            out.add(t.finding(pack.rule("PI-ADDRESS"), Math.min(person[0], from), Math.max(person[1], end), explanation));
            lastEnd = Math.max(person[1], end);
        }
    }

    /** An office's address in a notice's contact block (联系人…通讯地址…), not a person's home. */
    private static boolean officialAddress(TextContext t, RulePack pack, String s, int pos) {
        int from = Math.max(0, pos - CONTACT_REACH);
        return t.any("personal_info.contact_labels", from, pos) && officialUnit(pack.personal().officialUnits(), s, from, pos)
                && !t.any("personal_info.person_cues", from, pos);
    }

    private static boolean digitBefore(String s, int pos) {
        return pos > 0 && (Character.isDigit(s.charAt(pos - 1)) || "一二三四五六七八九十".indexOf(s.charAt(pos - 1)) >= 0);
    }

    /** End of the last door-number part (…号, …室, …组, …单元, …栋) in [from, to), or -1. */
    private static int doorNumberEnd(String s, int from, int to) {
        int end = -1;
        boolean number = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9' || "一二三四五六七八九十".indexOf(c) >= 0 && i + 1 < to && "组队号".indexOf(s.charAt(i + 1)) >= 0) {
                number = true;
            } else if (number && "号组室栋幢楼".indexOf(c) >= 0 || number && s.startsWith("单元", i)) {
                end = c == '单' ? i + 2 : i + 1;
                if (c == '号' && i + 1 < to && s.charAt(i + 1) == '楼' || c == '号' && i + 1 < to && s.charAt(i + 1) == '院') {
                    end = i + 2;
                }
                number = false;
            } else if (boundary(c)) {
                break;
            } else {
                number = false;
            }
        }
        return end;
    }

    /** A child's age (1–14 岁) or school class next to a named person. */
    private static void minors(TextContext t, RulePack pack, String s, Windows windows, List<Finding> out) {
        String explanation = "未满十四周岁未成年人的姓名与其年龄、学校班级等信息一同公开，属于敏感个人信息（个人信息保护法第二十八条）。";
        int lastEnd = -1;
        for (Lexicon.Hit cue : t.hits("personal_info.minor_cues")) {
            if (cue.start() < lastEnd) {
                continue;
            }
            t.checkBudget();
            int age = -1;
            if (cue.term().equals("岁")) {
                age = ageBefore(s, cue.start());
                if (age < 0 || age > 14) {
                    continue;
                }
            }
            int ss = t.sentenceStart(cue.start());
            int se = t.sentenceEnd(cue.start());
            if (aggregate(t, s, cue, se)) {
                continue;
            }
            if (age < 0 && !childAge(s, t, ss, se) && !t.any("personal_info.minor_cues", ss, se, cue.term())) {
                continue; // a school or class named without a child's age or class: an institution, not a pupil
            }
            int[] person = personNear(t, s, ss, se, cue.start(), cue.end(), windows);
            if (person == null || age < 0 && person[1] == cue.start()) {
                continue; // 东欢坨小学: the "name" is the school's
            }
            int end = Math.max(person[1], cue.end() + (s.startsWith("）", cue.end()) || s.startsWith(")", cue.end()) ? 1 : 0));
            out.add(t.finding(pack.rule("PI-MINOR"), Math.min(person[0], age >= 0 ? cue.start() - 2 : cue.start()), end, explanation));
            lastEnd = end;
        }
    }

    /** Whether the sentence gives an age of 1–14 (…8岁…). */
    private static boolean childAge(String s, TextContext t, int ss, int se) {
        for (Lexicon.Hit h : t.within("personal_info.minor_cues", ss, se)) {
            if (h.term().equals("岁")) {
                int age = ageBefore(s, h.start());
                if (age >= 0 && age <= 14) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The age written just before 岁 (8岁, 十二岁), or -1. */
    private static int ageBefore(String s, int pos) {
        int i = pos;
        while (i > 0 && pos - i < 3 && Character.isDigit(s.charAt(i - 1))) {
            i--;
        }
        if (i < pos) {
            return Integer.parseInt(s.substring(i, pos));
        }
        String numerals = "零一二三四五六七八九十";
        int value = 0;
        int k = pos;
        while (k > 0 && pos - k < 3 && numerals.indexOf(s.charAt(k - 1)) >= 0) {
            k--;
        }
        if (k == pos) {
            return -1;
        }
        String w = s.substring(k, pos);
        if (w.equals("十")) {
            return 10;
        }
        if (w.startsWith("十")) {
            return 10 + numerals.indexOf(w.charAt(1));
        }
        if (w.length() == 1) {
            return numerals.indexOf(w.charAt(0));
        }
        if (w.charAt(1) == '十') {
            value = numerals.indexOf(w.charAt(0)) * 10 + (w.length() > 2 ? numerals.indexOf(w.charAt(2)) : 0);
            return value;
        }
        return -1;
    }

    /**
     * A recognized personal name (not masked with 某 or *, not an official with his title) within
     * {@value #PERSON_REACH} characters of [cueStart, cueEnd), in the same sentence, or null. HanLP runs only on
     * that window.
     */
    @SuppressWarnings("unchecked")
    private static int[] personNear(TextContext t, String s, int ss, int se, int cueStart, int cueEnd, Windows windows) {
        int from = Math.max(ss, cueStart - PERSON_REACH - 4);
        int to = Math.min(se, cueEnd + PERSON_REACH + 4);
        if (!mayHoldName(t, s, from, to)) {
            return null; // no surname where a name could stand: HanLP is not needed
        }
        List<Term> terms = null;
        for (int k = windows.done.size() - 1; k >= 0 && k >= windows.done.size() - 16; k--) {
            Object[] w = windows.done.get(k);
            if (from >= (int) w[0] && to <= (int) w[1]) {
                terms = (List<Term>) w[2];
                from = (int) w[0];
                break;
            }
        }
        if (terms == null) {
            if (windows.used >= MAX_PERSON_WINDOWS) {
                return null;
            }
            windows.used++;
            // the whole sentence when it is short: its other cues (of every class) then reuse the segmentation
            int wideFrom = se - ss <= 120 ? ss : from;
            int wideTo = se - ss <= 120 ? se : to;
            terms = PERSON_SEGMENT.get().seg(s.substring(wideFrom, wideTo));
            windows.done.add(new Object[]{wideFrom, wideTo, terms});
            from = wideFrom;
        }
        int[] best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Term term : terms) {
            if (term.nature == null || !term.nature.startsWith("nr") || term.word.length() < 2 || term.word.length() > 4
                    || term.word.indexOf('某') >= 0 || term.word.indexOf('*') >= 0) {
                continue;
            }
            int start = from + term.offset;
            int end = start + term.word.length();
            if (end < s.length() && (s.charAt(end) == '*' || s.charAt(end) == '某' || s.charAt(end) == 'x')) {
                continue;
            }
            if (!plausibleName(t, s, start, end)) {
                continue; // not a person's name (诺如, 东欢坨小学, 白鹭乡, 常对来访)
            }
            if (t.any("personal_info.official_titles", end, Math.min(s.length(), end + 5))
                    || t.any("personal_info.official_titles", Math.max(0, start - 6), start)) {
                continue; // 张建国书记, 区长王明: an official in his public role
            }
            int distance = end <= cueStart ? cueStart - end : start >= cueEnd ? start - cueEnd : 0;
            if (distance <= PERSON_REACH && distance < bestDistance) {
                best = new int[]{start, end};
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Endings that make a preceding "name" part of a place or an institution. */
    private static final String PLACE_SUFFIXES = "乡镇村县区市省街路巷湖山河江桥站港湾园校院馆所局厅委室社队厂店场楼寺庙州岛洲";

    /** The 300-odd commonest Chinese surnames (one and two characters): a name recognized without one is not a person's. */
    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由";
    private static final java.util.List<String> DOUBLE_SURNAMES = java.util.List.of("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯", "轩辕", "端木", "西门", "南宫");

    /**
     * A cheap test before HanLP: some surname in [from, to) stands where a name can stand (after a separator, 的, a role
     * or at the window start — or with a separator or a person word two to four characters after it).
     */
    private static boolean mayHoldName(TextContext t, String s, int from, int to) {
        for (int i = from; i < to - 1; i++) {
            char c = s.charAt(i);
            if (c < '\u4e00' || SURNAMES.indexOf(c) < 0) {
                continue;
            }
            char before = i > 0 ? s.charAt(i - 1) : ' ';
            if (i == from || NAME_LEFT.indexOf(before) >= 0 || Character.isWhitespace(before) || endsAt(t, i)) {
                return true;
            }
            for (int k = i + 2; k <= Math.min(i + 4, to - 1) && k < s.length(); k++) {
                if (NAME_RIGHT.indexOf(s.charAt(k)) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * HanLP's name recognition also tags fragments of ordinary words (常对, 严控, 高发期). A name must start with a
     * surname, must not run into a place ending (白鹭乡), and must stand as a name stands: after a separator, a role
     * (居民, 老人) or 的, or before a separator, a bracket or a word that goes with a person (患, 被, 家, 户…). Two-character
     * names, the noisiest, need both sides.
     */
    private static boolean plausibleName(TextContext t, String s, int start, int end) {
        String name = s.substring(start, end);
        if (!surname(name) || end < s.length() && PLACE_SUFFIXES.indexOf(s.charAt(end)) >= 0
                || NON_NAME_ENDINGS.indexOf(name.charAt(name.length() - 1)) >= 0) {
            return false;
        }
        char before = start > 0 ? s.charAt(start - 1) : ' ';
        boolean left = start == 0 || NAME_LEFT.indexOf(before) >= 0 || Character.isWhitespace(before)
                || t.any("personal_info.person_cues", Math.max(0, start - 5), start) && endsAt(t, start);
        char after = end < s.length() ? s.charAt(end) : ' ';
        boolean right = end == s.length() || NAME_RIGHT.indexOf(after) >= 0 || Character.isWhitespace(after);
        return name.length() == 2 ? left && right : left || right;
    }

    private static boolean endsAt(TextContext t, int pos) {
        for (Lexicon.Hit h : t.within("personal_info.person_cues", Math.max(0, pos - 5), pos)) {
            if (h.end() == pos) {
                return true;
            }
        }
        return false;
    }

    private static final String NAME_LEFT = "，,。、；;：:（(“\"「『【[的为给向与和及即";
    private static final String NAME_RIGHT = "，,。、；;：:（(）)”\"」』】]|｜患被经因于的家户等同老先女师夫妻之系已现今目";
    private static final String NON_NAME_ENDINGS = "期率性度化量级型类局厅处科部";

    static boolean surname(String name) {
        for (String d : DOUBLE_SURNAMES) {
            if (name.startsWith(d) && name.length() >= 3) {
                return true;
            }
        }
        return SURNAMES.indexOf(name.charAt(0)) >= 0;
    }

    private static boolean boundary(char c) {
        return c == '，' || c == ',' || c == '。' || c == '；' || c == ';' || c == '\n' || c == '：' || c == ':' || c == '、';
    }

    /** The end of the clause holding {@code pos}: the next comma or stop, within the sentence. */
    private static int clauseEnd(String s, int pos, int se) {
        int limit = Math.min(se, pos + 40);
        for (int i = pos; i < limit; i++) {
            if (boundary(s.charAt(i))) {
                return i;
            }
        }
        return limit;
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
        if (id.charAt(0) == '0') {
            return false;
        }
        int year = Integer.parseInt(id.substring(6, 10));
        int month = Integer.parseInt(id.substring(10, 12));
        int day = Integer.parseInt(id.substring(12, 14));
        if (year < 1880 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 31) {
            return false;
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
}
