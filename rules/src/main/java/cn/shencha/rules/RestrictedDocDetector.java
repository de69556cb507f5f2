package cn.shencha.rules;

import java.util.List;

/**
 * RESTRICTED_DOC (ch. 4 §7.4; 保守国家秘密法 2024 密级标志 and 工作秘密; 政府信息公开条例 §16): a document that carries a
 * restriction marking. What is a marking is decided by <em>position</em> (GUIDELINES.md principle 4): a classification
 * level with its star and term (秘密★1年, any position), a level after a 密级 label or before 保密期限, or a level alone
 * in a bracket or on a short header line (RESTRICT-CLASS); 工作秘密 in marking position or in a self-reference (此件属
 * 工作秘密, RESTRICT-WORKSECRET); internal and limited-circulation marks — strong phrases anywhere (请勿外传, 阅后收回,
 * 仅限X阅), internal marks (内部资料, 内部讨论稿) only in marking position (RESTRICT-INTERNAL); a 公开属性 of 不予公开
 * (RESTRICT-ATTR). The same words in prose (国家秘密的密级分为绝密、机密、秘密; 加强内部资料管理; 《内部情况通报》 cited),
 * and text about the review, are not findings.
 */
final class RestrictedDocDetector implements Detector {

    /** A line at most this long is a header or footer line, where a marking stands alone. */
    static final int HEADER_LINE = 24;

    private static final String OPENERS = "(（【[〔<";
    private static final String CLOSERS = ")）】]〕>";

    @Override
    public void detect(TextContext t, RulePack pack, List<Finding> out) {
        String s = t.folded();
        for (Lexicon.Hit level : t.hits("restricted_doc.levels")) {
            int end = classificationMark(t, pack, s, level);
            if (end > 0 && !t.metaDiscourse(level.start(), end)) {
                out.add(t.finding(pack.rule("RESTRICT-CLASS"), labelStart(t, s, level.start()), end,
                        "“" + t.original().substring(level.start(), end).strip() + "”是国家秘密密级标志，涉密文件不得上网。"));
            }
        }
        for (Lexicon.Hit mark : t.hits("restricted_doc.strong_marks")) {
            if (!t.metaDiscourse(mark.start(), mark.end()) && !appeal(s, mark)) {
                boolean disclosure = mark.term().contains("公开");
                out.add(t.finding(pack.rule(disclosure ? "RESTRICT-ATTR" : "RESTRICT-INTERNAL"), mark.start(), markEnd(t, mark),
                        "“" + t.original().substring(mark.start(), mark.end()) + "”表明该件"
                                + (disclosure ? "不予公开" : "限定知悉范围") + "，不应在网站发布。"));
            }
        }
        for (Lexicon.Hit head : t.hits("restricted_doc.circulation_heads")) {
            int end = circulation(t, s, head);
            if (end > 0 && circulationPosition(t, s, head.start(), end) && !t.metaDiscourse(head.start(), end)) {
                out.add(t.finding(pack.rule("RESTRICT-INTERNAL"), head.start(), end,
                        "“" + t.original().substring(head.start(), end) + "”表明该件限定阅读范围，不应在网站发布。"));
            }
        }
        for (Lexicon.Hit mark : t.hits("restricted_doc.positional_marks")) {
            boolean workSecret = mark.term().endsWith("工作秘密");
            boolean disclosure = mark.term().contains("公开");
            if ((inMarkingPosition(t, s, mark) || workSecret && selfReference(t, s, mark)) && !t.metaDiscourse(mark.start(), mark.end())) {
                out.add(t.finding(pack.rule(workSecret ? "RESTRICT-WORKSECRET" : disclosure ? "RESTRICT-ATTR" : "RESTRICT-INTERNAL"),
                        mark.start(), markEnd(t, mark), "“" + t.original().substring(mark.start(), mark.end()) + "”标注表明该件"
                                + (workSecret ? "为工作秘密" : disclosure ? "不予公开" : "为内部材料") + "，不应公开发布。"));
            }
        }
        for (Lexicon.Hit mark : t.hits("restricted_doc.bracket_marks")) {
            boolean filled = mark.start() > 0 && OPENERS.indexOf(s.charAt(mark.start() - 1)) >= 0
                    && mark.end() < s.length() && CLOSERS.indexOf(s.charAt(mark.end())) >= 0;
            if (filled && !t.metaDiscourse(mark.start(), mark.end())) {
                out.add(t.finding(pack.rule("RESTRICT-INTERNAL"), mark.start() - 1, mark.end() + 1,
                        "“" + t.original().substring(mark.start() - 1, mark.end() + 1) + "”标注表明该件为内部材料，不应公开发布。"));
            }
        }
        for (Lexicon.Hit name : t.hits("restricted_doc.attribute_names")) {
            int i = skipSpaces(s, name.end());
            if (i + 2 < s.length() && s.charAt(i) != ':' && s.charAt(i) != '：' && (s.charAt(i + 1) == ':' || s.charAt(i + 1) == '：')) {
                i++; // 公开属性项：, 是否公开栏：
            }
            if (i < s.length() && (s.charAt(i) == ':' || s.charAt(i) == '：')) {
                int v = skipSpaces(s, i + 1);
                for (Lexicon.Hit value : t.within("restricted_doc.attribute_values", v, Math.min(s.length(), v + 6))) {
                    if (value.start() == v && !t.metaDiscourse(name.start(), value.end())) {
                        out.add(t.finding(pack.rule("RESTRICT-ATTR"), name.start(), value.end(),
                                "公开属性为“" + t.original().substring(value.start(), value.end()) + "”的信息不应出现在公开页面。"));
                        break;
                    }
                }
            }
        }
    }

    /**
     * The end of the classification mark that starts with this level, or -1 when the level is prose: a star (秘密★1年),
     * a 密级 label before it (密级：秘密), a term after it (秘密 保密期限：1年, 机密 长期), or the level alone in a bracket
     * or on a short header line.
     */
    private static int classificationMark(TextContext t, RulePack pack, String s, Lexicon.Hit level) {
        int i = skipSpaces(s, level.end());
        if (i < s.length() && pack.restricted.stars().contains(String.valueOf(s.charAt(i)))) {
            return termEnd(s, skipSpaces(s, i + 1));
        }
        if (level.start() > 0 && pack.restricted.stars().contains(String.valueOf(s.charAt(level.start() - 1)))
                && (level.start() == 1 || !Character.isLetterOrDigit(s.charAt(level.start() - 2)))) {
            return termEnd(s, level.end()); // ★秘密
        }
        if (labelled(t, s, level.start())) {
            return termEnd(s, level.end());
        }
        for (Lexicon.Hit f : t.within("restricted_doc.level_followers", level.end(), Math.min(s.length(), level.end() + 4))) {
            if (f.start() == i || f.start() == level.end()) {
                return f.term().equals("年") ? -1 : termEnd(s, f.end());
            }
        }
        boolean bracketed = level.start() > 0 && OPENERS.indexOf(s.charAt(level.start() - 1)) >= 0
                && level.end() < s.length() && CLOSERS.indexOf(s.charAt(level.end())) >= 0;
        if (bracketed && (t.lineStart(level.start() - 1) || headerLine(t, level.start(), level.end()))) {
            return level.end() + 1;
        }
        if (t.lineStart(level.start())) {
            int after = skipSpaces(s, level.end());
            if (after >= s.length() || s.charAt(after) == '\n') {
                return level.end(); // the level alone on a line: the header of a classified document
            }
            if (after > level.end() && !(after < s.length() && "的级文件资料事项载体".indexOf(s.charAt(after)) >= 0)) {
                return level.end(); // 绝密　第2号 …: a level set off by a space at the head of a line (版头)
            }
        }
        return -1;
    }

    /** Whether a 密级 label stands right before the level (密级：秘密, 密级 机密). */
    private static boolean labelled(TextContext t, String s, int levelStart) {
        for (Lexicon.Hit label : t.within("restricted_doc.level_labels", Math.max(0, levelStart - 6), levelStart)) {
            int i = label.end();
            while (i < levelStart && (s.charAt(i) == ' ' || s.charAt(i) == ':' || s.charAt(i) == '：' || s.charAt(i) == '\u3000')) {
                i++;
            }
            if (i == levelStart) {
                return true;
            }
        }
        return false;
    }

    private static int labelStart(TextContext t, String s, int levelStart) {
        for (Lexicon.Hit label : t.within("restricted_doc.level_labels", Math.max(0, levelStart - 6), levelStart)) {
            return label.start();
        }
        return levelStart;
    }

    /** After a mark: its term (1年, 长期, 启用前, 保密期限：5年) if any. */
    private static int termEnd(String s, int i) {
        int end = i;
        int limit = Math.min(s.length(), i + 14);
        while (end < limit && (Character.isDigit(s.charAt(end)) || "年个月长期启用前保密期限：: ".indexOf(s.charAt(end)) >= 0)) {
            end++;
        }
        while (end > i && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == ':' || s.charAt(end - 1) == '：')) {
            end--;
        }
        return end;
    }

    /** 仅限区级领导阅 / 仅供内部参考 / 只限参会人员传达: a scope and a reading verb close after the head; end or -1. */
    private static int circulation(TextContext t, String s, Lexicon.Hit head) {
        int limit = Math.min(s.length(), head.end() + 12);
        List<Lexicon.Hit> scopes = t.within("restricted_doc.circulation_scopes", head.end(), limit);
        if (scopes.isEmpty() || scopes.get(0).start() > head.end() + 4) {
            return -1;
        }
        if (head.term().equals("供") && head.start() > 0 && "提可以应".indexOf(s.charAt(head.start() - 1)) >= 0) {
            return -1; // 提供, 可供
        }
        if (head.term().equals("限") && head.start() > 0 && "期时制额量速".indexOf(s.charAt(Math.min(s.length() - 1, head.end()))) >= 0) {
            return -1;
        }
        for (int i = head.end(); i < limit; i++) {
            if ("，,。；;！？!?\n".indexOf(s.charAt(i)) >= 0) {
                return -1;
            }
            for (Lexicon.Hit v : t.within("restricted_doc.circulation_verbs", i, Math.min(s.length(), i + 2))) {
                if (v.start() == i && i >= scopes.get(0).end()) {
                    // 仅供内部参考的数据: an attribute of a noun in prose, not a marking of the document
                    return v.end() < s.length() && s.charAt(v.end()) == '的' ? -1 : v.end();
                }
            }
        }
        return -1;
    }

    /**
     * A mark in marking position: at the start of the text or of a line, inside brackets, on a short header line,
     * before a colon, or with a follower (内部资料 注意保存). Inside 《》 it is the title of a publication cited in prose.
     */
    private static boolean inMarkingPosition(TextContext t, String s, Lexicon.Hit mark) {
        int before = mark.start() - 1;
        while (before >= 0 && (s.charAt(before) == ' ' || s.charAt(before) == '\u3000')) {
            before--;
        }
        int after = skipSpaces(s, mark.end());
        if (before >= 0 && s.charAt(before) == '《' || after < s.length() && s.charAt(after) == '》') {
            return false;
        }
        if (before < 0 || s.charAt(before) == '\n') {
            return true;
        }
        if (OPENERS.indexOf(s.charAt(before)) >= 0 || after < s.length() && CLOSERS.indexOf(s.charAt(after)) >= 0) {
            return true;
        }
        if (after < s.length() && (s.charAt(after) == ':' || s.charAt(after) == '：' || s.charAt(after) == '\n')
                && headerLine(t, mark.start(), mark.end())) {
            return true;
        }
        if (labelled(t, s, mark.start())) {
            return true; // 标识：工作秘密
        }
        if (after < s.length() && (s.charAt(after) == '，' || s.charAt(after) == ',')) {
            after = skipSpaces(s, after + 1);
        }
        return t.any("restricted_doc.mark_followers", after, Math.min(s.length(), after + 6))
                || t.any("restricted_doc.strong_marks", after, Math.min(s.length(), after + 8));
    }

    /**
     * A limited-circulation phrase marks the document when it stands in marking position — in brackets, at the head or
     * end of a line, on a short line — or when the text speaks of itself (本简报仅供…, 此件限…); 单位内网只限本单位人员使用
     * speaks of something else.
     */
    private static boolean circulationPosition(TextContext t, String s, int start, int end) {
        int before = start - 1;
        while (before >= 0 && (s.charAt(before) == ' ' || s.charAt(before) == '\u3000')) {
            before--;
        }
        if (before < 0 || s.charAt(before) == '\n' || OPENERS.indexOf(s.charAt(before)) >= 0) {
            return true;
        }
        int after = end;
        while (after < s.length() && (s.charAt(after) == ' ' || s.charAt(after) == '\u3000')) {
            after++;
        }
        if (after >= s.length() || s.charAt(after) == '\n' || CLOSERS.indexOf(s.charAt(after)) >= 0 || headerLine(t, start, end)) {
            return true;
        }
        for (int i = start - 1; i >= Math.max(t.sentenceStart(start), start - 6); i--) {
            if (s.charAt(i) == '本' || s.charAt(i) == '此') {
                return true;
            }
        }
        return t.any("restricted_doc.self_references", Math.max(0, start - 8), start);
    }

    /**
     * 请勿扩散未经核实的消息: a prohibition with an object is an appeal in prose; as a marking it ends its clause or line
     * (请勿扩散。 / 请勿外传）).
     */
    private static boolean appeal(String s, Lexicon.Hit mark) {
        String term = mark.term();
        boolean verb = term.startsWith("请勿") || term.startsWith("不得") || term.startsWith("严禁") || term.startsWith("注意");
        return verb && mark.end() < s.length() && PendingCaseDetector.isCjk(s.charAt(mark.end()));
    }

    /** Whether [start, end) lies on a line of at most {@value #HEADER_LINE} characters (a header or footer line). */
    private static boolean headerLine(TextContext t, int start, int end) {
        int ls = t.lineStartWithin(start, HEADER_LINE);
        int le = t.lineEndWithin(end, HEADER_LINE);
        return ls >= 0 && le >= 0 && le - ls <= HEADER_LINE && (ls > 0 || le < t.length());
    }

    /** 此件属工作秘密 / 本材料涉及工作秘密: the text says of itself that it is a work secret. */
    private static boolean selfReference(TextContext t, String s, Lexicon.Hit mark) {
        int from = Math.max(t.sentenceStart(mark.start()), mark.start() - 6);
        for (int i = mark.start() - 1; i >= from; i--) {
            if (s.charAt(i) == '此' || s.charAt(i) == '本' || s.charAt(i) == '该') {
                return true;
            }
        }
        return t.any("restricted_doc.self_references", Math.max(t.sentenceStart(mark.start()), mark.start() - 8), mark.start());
    }

    /** A marking with its follower (内部资料 注意保存; 仅限内部传达，请勿外传) is one finding. */
    private static int markEnd(TextContext t, Lexicon.Hit mark) {
        String s = t.folded();
        int i = skipSpaces(s, mark.end());
        if (i < s.length() && (s.charAt(i) == '，' || s.charAt(i) == ',')) {
            i = skipSpaces(s, i + 1);
        }
        for (Lexicon.Hit f : t.within("restricted_doc.mark_followers", i, Math.min(s.length(), i + 6))) {
            if (f.start() == i) {
                return f.end();
            }
        }
        for (Lexicon.Hit f : t.within("restricted_doc.strong_marks", i, Math.min(s.length(), i + 8))) {
            if (f.start() == i) {
                return f.end();
            }
        }
        return mark.end();
    }

    static int skipSpaces(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\n' || s.charAt(i) == '\u3000')) {
            i++;
        }
        return i;
    }
}
