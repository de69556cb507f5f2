package cn.shencha.rules;

import java.util.List;

/**
 * RESTRICTED_DOC (ch. 4 §7.4): documents that carry a classification mark (绝密★/机密★/秘密★ with their term), a
 * restriction marking (内部资料, 仅供领导参阅, 此件不公开…) or a 不予公开 disclosure attribute. Prose about secrecy work —
 * which names the levels without a star, or counts 不予公开 replies — is not a marking and stays clean.
 */
final class RestrictedDocDetector implements Detector {

    @Override
    public void detect(TextContext t, RulePack pack, List<Finding> out) {
        String s = t.folded();
        for (Lexicon.Hit level : t.hits("restricted_doc.levels")) {
            int i = skipSpaces(s, level.end());
            if (i < s.length() && pack.restricted.stars().contains(String.valueOf(s.charAt(i)))) {
                int end = skipSpaces(s, i + 1);
                while (end < s.length() && (Character.isDigit(s.charAt(end)) || "年个月长期".indexOf(s.charAt(end)) >= 0)) {
                    end++;
                }
                out.add(t.finding(pack.rule("RESTRICT-CLASS"), level.start(), end,
                        "“" + t.original().substring(level.start(), end).strip() + "”是国家秘密密级标志，涉密文件不得上网。"));
            }
        }
        for (Lexicon.Hit mark : t.hits("restricted_doc.strong_marks")) {
            out.add(t.finding(pack.rule("RESTRICT-MARK"), markStart(t, mark), markEnd(t, mark),
                    "“" + t.original().substring(mark.start(), mark.end()) + "”表明该件限制公开，不应在网站发布。"));
        }
        for (Lexicon.Hit mark : t.hits("restricted_doc.positional_marks")) {
            if (inMarkingPosition(t, pack, s, mark)) {
                out.add(t.finding(pack.rule("RESTRICT-MARK"), mark.start(), markEnd(t, mark),
                        "“" + t.original().substring(mark.start(), mark.end()) + "”标注表明该件为内部材料，不应公开发布。"));
            }
        }
        for (Lexicon.Hit name : t.hits("restricted_doc.attribute_names")) {
            int i = skipSpaces(s, name.end());
            if (i < s.length() && (s.charAt(i) == ':' || s.charAt(i) == '：')) {
                int v = skipSpaces(s, i + 1);
                for (Lexicon.Hit value : t.within("restricted_doc.attribute_values", v, Math.min(s.length(), v + 6))) {
                    if (value.start() == v) {
                        out.add(t.finding(pack.rule("RESTRICT-ATTR"), name.start(), value.end(),
                                "公开属性为“" + t.original().substring(value.start(), value.end()) + "”的信息不应出现在公开页面。"));
                        break;
                    }
                }
            }
        }
    }

    /** A positional mark counts at the head of a line, in brackets, before a colon, or with a follower (注意保存…). */
    private static boolean inMarkingPosition(TextContext t, RulePack pack, String s, Lexicon.Hit mark) {
        int before = mark.start() - 1;
        while (before >= 0 && s.charAt(before) == ' ') {
            before--;
        }
        if (before < 0 || "\n(（【[〔<《".indexOf(s.charAt(before)) >= 0) {
            return true;
        }
        int after = skipSpaces(s, mark.end());
        if (after < s.length() && ")）】]〕>》:：".indexOf(s.charAt(after)) >= 0) {
            return true;
        }
        if (after < s.length() && (s.charAt(after) == '，' || s.charAt(after) == ',')) {
            after = skipSpaces(s, after + 1);
        }
        return t.any("restricted_doc.mark_followers", after, Math.min(s.length(), after + 6));
    }

    private static int markStart(TextContext t, Lexicon.Hit mark) {
        return mark.start();
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
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\n')) {
            i++;
        }
        return i;
    }
}
