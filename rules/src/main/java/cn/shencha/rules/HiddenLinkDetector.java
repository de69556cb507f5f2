package cn.shencha.rules;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * HIDDEN_LINK (ch. 6; the categories of the 12377 illegal-information reporting centre): injected spam and dark
 * links. The rule id names the spam class (SPAM-GAMBLING, SPAM-PORN, SPAM-FRAUD, SPAM-CERT, SPAM-LOAN,
 * SPAM-SURROGACY, SPAM-OTHER); how it was hidden or injected is told in the explanation.
 *
 * <p>Injected spam has a shape: short pieces set apart by spaces from the sentences around them (keyword stuffing),
 * at the very start or end of the text, inside a range the crawler marks hidden (or inline markup that hides it), with
 * a domain or a contact (加V, QQ群, t.me) beside it. Each short piece of such a run is scored by a character-bigram
 * model of spam wording against government prose ({@link SpamModel}), so brands and services no list names are still
 * caught (御龙国际, 凯旋城娱乐 score on 娱乐, 国际真人…), and by the pack's term classes. A run is spam when two of its
 * pieces are, or one is and the run carries a domain or contact, stands at an edge of the text, or is hidden. Prose
 * that fights such content (扫黄打非, 打击电信网络诈骗, 禁毒宣传) is made of long sentences and carries the pack's
 * warning cues; it is never a run of short pieces, and a warning cue inside a run clears it.
 *
 * <p>A hidden range is also weighed as a whole, with the links the reader found in it. It is injected spam when it
 * links out of the site to hosts that are neither government nor central official media AND it carries spam wording
 * (the pack's weak terms, loan-shark wording), comes from an injected marker cluster, or holds a link farm of
 * {@value #LINK_FARM} or more such links. Content served only to search-engine spiders ({@code spider-only}) and a
 * redirect only visitors arriving from a search engine get ({@code referrer-redirect}) are cloaking: one such foreign
 * link is enough. Legitimate hidden interface — a skip link (跳到主要内容), a collapsed menu or
 * navigation linking inside the site, an icon, a form's hidden inputs — links nowhere foreign and carries no spam
 * wording, so it never becomes a finding.
 *
 * <p>Cost: one pass splits the text into pieces; only pieces of whitespace-separated runs, of the edges and of hidden
 * ranges are scored, one table probe per character.
 */
final class HiddenLinkDetector implements Detector {

    /** A hidden block up to this long is quoted whole as the evidence of a finding inside it. */
    static final int MAX_BLOCK_EVIDENCE = 1000;

    /** Foreign links in one hidden block that make it a link farm on their own. */
    static final int LINK_FARM = 5;

    /** The longest piece that counts as a short injected piece. */
    static final int MAX_PIECE = 24;

    /** The term-class lists of the pack, in {@link SpamModel#CLASSES} order. */
    static final String[] CLASS_LISTS = {"hidden_link.gambling_terms", "hidden_link.porn_terms", "hidden_link.fraud_terms",
            "hidden_link.cert_terms", "hidden_link.loan_terms", "hidden_link.surrogacy_terms", "hidden_link.other_terms"};

    /** Wording of illegal-lending spam, weighed only inside hidden blocks that link out of the site. */
    private static final List<String> LOAN_TERMS = List.of("网贷", "贷款秒批", "秒批", "秒下款", "下款快", "快速放款", "无抵押贷款",
            "无抵押", "黑户贷款", "黑户", "借钱平台", "小额贷款", "信用卡套现", "套现", "贷款口子", "网络借贷", "裸贷", "高炮");

    /** Text of a legitimate skip link or accessibility helper, hidden until focused. */
    private static final Pattern SKIP_LINK = Pattern.compile(
            "^(?:跳(?:到|转到|过|至)(?:主要内容|正文|主内容|导航|内容)|跳过导航|无障碍(?:浏览|阅读)?|skip\\s{0,3}(?:to\\s{0,3})?(?:main\\s{0,3})?(?:content|navigation|nav))[\\p{P}\\s]{0,10}$");

    /** Registrable domains of central official media, linked from collapsed "related links" menus. */
    private static final List<String> OFFICIAL_MEDIA = List.of("people.com.cn", "xinhuanet.com", "news.cn", "cctv.com",
            "cctv.cn", "gmw.cn", "chinadaily.com.cn", "china.com.cn", "cnr.cn", "cri.cn", "ce.cn", "youth.cn", "12377.cn");

    /** Inline markup that hides what follows it until its closing tag (text kept with its HTML). */
    private static final List<String> INLINE_HIDING = List.of("display:none", "display: none", "visibility:hidden",
            "visibility: hidden", "font-size:0", "font-size: 0", " hidden>", " hidden ");

    @Override
    public void detect(TextContext t, RulePack pack, List<Finding> out) {
        List<int[]> hiddenFound = new ArrayList<>();
        List<int[]> inline = inlineHidden(t.folded());
        try {
            runs(t, pack, inline, out, hiddenFound);
        } finally {
            EDGES.remove();
        }
        weighHiddenRanges(t, pack, hiddenFound, out);
    }

    // ------------------------------------------------------------------ runs of short pieces

    /** A piece: [start, end) of the folded text between separators. */
    private record Piece(int start, int end) {
    }

    private static boolean hard(String s, int i) {
        char c = s.charAt(i);
        switch (c) {
            case '。', '、', ',', ';', '!', '?', '…', '【', '】', '「', '」', '“', '”', '"', '(', ')', '<', '>', '《', '》', '—', '|', '[', ']', '{', '}', '\'' :
                return true;
            case ':':
                // part of a URL (http://) or a contact (加v:xx) between ASCII characters; otherwise a label's colon
                return !(i + 1 < s.length() && (s.charAt(i + 1) == '/' || s.charAt(i + 1) < 128 && s.charAt(i + 1) > ' ')
                        && i > 0 && s.charAt(i - 1) < 128 && s.charAt(i - 1) > ' ' || i + 1 < s.length() && s.charAt(i + 1) < 128
                        && Character.isLetterOrDigit(s.charAt(i + 1)) && i > 0 && (s.charAt(i - 1) == 'v' || s.charAt(i - 1) == '信'));
            default:
                return false;
        }
    }

    private static void runs(TextContext t, RulePack pack, List<int[]> inline, List<Finding> out, List<int[]> hiddenFound) {
        String s = t.folded();
        int n = s.length();
        List<Piece> run = new ArrayList<>();
        int i = 0;
        boolean apartBefore = true; // the current run is set apart from what precedes it (whitespace, markup, a sentence end)
        while (i < n) {
            // skip separators, noting whether only whitespace (or markup) lay between two pieces
            boolean sawHard = false;
            boolean sawSpace = false;
            boolean sentenceEnd = false;
            while (i < n) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    sawSpace = true;
                    i++;
                } else if (c == '<' && tagEnd(s, i) > 0) {
                    sawSpace = true; // a tag kept in the text separates like whitespace
                    i = tagEnd(s, i);
                } else if (hard(s, i)) {
                    sawHard = true;
                    sentenceEnd |= c == '。' || c == '!' || c == '?';
                    i++;
                } else {
                    break;
                }
            }
            boolean apart = !sawHard || sentenceEnd; // for the run that follows: spam is often glued after a 。
            if (!run.isEmpty() && (sawHard || !sawSpace)) {
                judge(t, pack, run, apartBefore, !sawHard, inline, out, hiddenFound); // a run ending in 。 belongs to its sentence
                run.clear();
                apartBefore = apart;
            } else if (run.isEmpty()) {
                apartBefore = apart;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(s.charAt(i)) && !hard(s, i) && !(s.charAt(i) == '<' && tagEnd(s, i) > 0)) {
                i++;
            }
            run.add(new Piece(start, i));
            if (run.size() > 64) { // a long run of spaced words: judge it in parts, keeping the cost bounded
                judge(t, pack, run, apartBefore, true, inline, out, hiddenFound);
                run.clear();
                apartBefore = true;
            }
        }
        if (!run.isEmpty()) {
            judge(t, pack, run, apartBefore, true, inline, out, hiddenFound);
        }
    }

    /** The end (exclusive) of an HTML tag starting at {@code lt}, or -1: a letter or / after '<', '>' within 300 chars. */
    private static int tagEnd(String s, int lt) {
        if (lt + 1 >= s.length()) {
            return -1;
        }
        char c = s.charAt(lt + 1);
        if (!(c >= 'a' && c <= 'z' || c == '/' || c == '!')) {
            return -1;
        }
        int gt = tagClose(s, lt);
        return gt > 0 ? gt + 1 : -1;
    }

    /** The '>' closing the tag opened at {@code lt}: within 300 characters and before any other '<'; or -1. */
    static int tagClose(String s, int lt) {
        int stop = Math.min(s.length(), lt + 300);
        for (int k = lt + 1; k < stop; k++) {
            char c = s.charAt(k);
            if (c == '>') {
                return k;
            }
            if (c == '<') {
                return -1;
            }
        }
        return -1;
    }

    /** The first {@code c} in [from, from + reach), or -1: an indexOf that never scans the rest of a long text. */
    static int boundedIndexOf(String s, char c, int from, int reach) {
        int stop = Math.min(s.length(), from + reach);
        for (int k = from; k < stop; k++) {
            if (s.charAt(k) == c) {
                return k;
            }
        }
        return -1;
    }

    /** Decides one run of pieces separated only by whitespace. */
    private static void judge(TextContext t, RulePack pack, List<Piece> run, boolean apartBefore, boolean apartAfter,
                              List<int[]> inline, List<Finding> out, List<int[]> hiddenFound) {
        String s = t.folded();
        int runStart = run.get(0).start();
        int runEnd = run.get(run.size() - 1).end();
        boolean hidden = t.isHidden(runStart, runEnd) || inside(inline, runStart, runEnd);
        boolean edge = (nearStart(s, runStart, pack) || nearEnd(s, runEnd, pack)) && (apartBefore || apartAfter);
        if (run.size() == 1 && !hidden && !edge) {
            // a single piece inside prose: spam only when it names two spam terms of the lists (old keyword stuffing)
            Piece p = run.get(0);
            if (p.end() - p.start() > 4 * MAX_PIECE || distinctTerms(t, p.start(), p.end()) < 2 || warned(t, p.start(), p.end())) {
                return;
            }
        }
        t.checkBudget();
        SpamModel model = SpamModel.get();
        int threshold = (int) Math.round(pack.spam.modelThreshold() * 10);
        // Score every piece once: spam (a term of the lists, or the model above the threshold), shape (a domain, a
        // contact), prose (long, or clearly government wording), or neither.
        int size = run.size();
        byte[] kind = new byte[size];
        int[][] classes = new int[size][];
        int[] sum = new int[1];
        for (int k = 0; k < size; k++) {
            Piece p = run.get(k);
            int len = p.end() - p.start();
            int[] cw = new int[SpamModel.CLASSES.length];
            int terms = 0;
            for (int c = 0; c < CLASS_LISTS.length; c++) {
                for (Lexicon.Hit h : t.within(CLASS_LISTS[c], p.start(), p.end())) {
                    cw[c] += 100;
                    terms++;
                }
            }
            if (terms > 0) {
                kind[k] = STRONG;
            } else if (len > MAX_PIECE) {
                kind[k] = PROSE;
            } else {
                int bigrams = cjk(s, p.start(), p.end()) >= 2 ? model.score(s, p.start(), p.end(), sum, cw) : 0;
                // one bigram alone (手机, 男孩) is too little evidence unless it is strongly spam
                if (bigrams >= 1 && sum[0] >= threshold * bigrams && sum[0] >= (bigrams == 1 ? 55 : 40)) {
                    kind[k] = sum[0] >= 2 * threshold * bigrams ? STRONG : SPAM;
                } else if (bigrams >= 2 && sum[0] <= -10 * bigrams) {
                    kind[k] = PROSE;
                } else if (shape(t, s, p.start(), p.end())) {
                    kind[k] = SHAPE;
                }
            }
            classes[k] = cw;
        }
        // Segments: maximal stretches of pieces that are not prose.
        int segStart = 0;
        while (segStart < size) {
            if (kind[segStart] == PROSE) {
                segStart++;
                continue;
            }
            int segEnd = segStart;
            while (segEnd + 1 < size && kind[segEnd + 1] != PROSE) {
                segEnd++;
            }
            segment(t, pack, run, kind, classes, segStart, segEnd, apartBefore, apartAfter, hidden, inline, edge, out, hiddenFound);
            segStart = segEnd + 1;
        }
    }

    private static final byte SPAM = 1;
    private static final byte SHAPE = 2;
    private static final byte PROSE = 3;
    /** Spam by a term of the lists or by twice the model's threshold: enough on its own at an edge of the text. */
    private static final byte STRONG = 4;

    /** Reports the spam among the pieces [from, to] of a run, none of them prose. */
    private static void segment(TextContext t, RulePack pack, List<Piece> run, byte[] kind, int[][] classes, int from, int to,
                                boolean apartBefore, boolean apartAfter, boolean runHidden, List<int[]> inline, boolean edge,
                                List<Finding> out, List<int[]> hiddenFound) {
        String s = t.folded();
        int[] classWeights = new int[SpamModel.CLASSES.length];
        int spamPieces = 0;
        int shapePieces = 0;
        int first = -1;
        int last = -1;
        boolean hidden = false;
        boolean strong = false;
        for (int k = from; k <= to; k++) {
            if (kind[k] != SPAM && kind[k] != SHAPE && kind[k] != STRONG) {
                continue;
            }
            Piece p = run.get(k);
            if (kind[k] == SPAM || kind[k] == STRONG) {
                strong |= kind[k] == STRONG;
                spamPieces++;
                hidden |= runHidden || t.isHidden(p.start(), p.end()) || inside(inline, p.start(), p.end());
                for (int c = 0; c < classWeights.length; c++) {
                    classWeights[c] += classes[k][c];
                }
            } else {
                shapePieces++;
            }
            if (first < 0) {
                first = p.start();
            }
            last = p.end();
        }
        if (first < 0) {
            return;
        }
        boolean startsRun = from == 0;
        boolean endsRun = to == run.size() - 1;
        int segFrom = run.get(from).start();
        int segTo = run.get(to).end();
        boolean edgeSegment = edge && (strong || spamPieces >= 2) && (startsRun && apartBefore && (!endsRun || apartAfter) && nearStart(s, segFrom, pack)
                || endsRun && apartAfter && (!startsRun || apartBefore) && nearEnd(s, segTo, pack));
        // hidden: one weak piece (点击进入 in a spider-only block linking to gov.cn) is not enough on its own
        decide(t, pack, first, last, spamPieces, shapePieces, hidden && (strong || spamPieces >= 2 || shapePieces > 0), edgeSegment,
                classWeights, out, hiddenFound);
    }

    private static void decide(TextContext t, RulePack pack, int start, int end, int spamPieces, int shapePieces, boolean hidden,
                               boolean edge, int[] classWeights, List<Finding> out, List<int[]> hiddenFound) {
        if (spamPieces == 0) {
            return;
        }
        boolean atEdge = edge;
        if (!(spamPieces >= 2 || shapePieces >= 1 || hidden || atEdge)) {
            return;
        }
        if (warned(t, start, end)) {
            return;
        }
        int best = SpamModel.CLASSES.length - 1;
        for (int c = 0; c < classWeights.length; c++) {
            if (classWeights[c] > classWeights[best]) {
                best = c;
            }
        }
        String rule = "SPAM-" + SpamModel.CLASSES[best];
        String what = switch (SpamModel.CLASSES[best]) {
            case "GAMBLING" -> "赌博";
            case "PORN" -> "色情";
            case "FRAUD" -> "诈骗、虚假服务";
            case "CERT" -> "办假证、代开发票";
            case "LOAN" -> "非法贷款、套现";
            case "SURROGACY" -> "代孕、非法胎儿性别鉴定";
            default -> "毒品、枪支、翻墙等非法";
        };
        String how;
        if (hidden) {
            String reason = null;
            for (HiddenRange r : t.hidden()) {
                if (start < r.end() && end > r.start()) {
                    reason = reason == null ? hiddenContent(r.reason()) : reason;
                    if (r.end() - r.start() <= MAX_BLOCK_EVIDENCE) {
                        start = Math.min(start, r.start());
                        end = Math.max(end, Math.min(r.end(), t.length()));
                    }
                }
            }
            how = (reason == null ? "以内联样式对访问者隐藏" : reason) + "的内容中出现" + what + "类垃圾信息，属于被植入的暗链。";
            hiddenFound.add(new int[]{start, end});
        } else if (atEdge) {
            how = "页面首尾出现与正文无关的" + what + "类垃圾信息，符合被植入暗链的特征。";
        } else {
            how = "正文中插入了与上下文无关的" + what + "类垃圾信息" + (shapePieces > 0 ? "（附网址或联系方式）" : "") + "，疑为网站被植入的非法内容。";
        }
        out.add(t.finding(pack.rule(rule), start, end, how));
    }

    private static boolean nearStart(String s, int pos, RulePack pack) {
        return pos <= edgeLimits(s, pack)[0];
    }

    private static boolean nearEnd(String s, int pos, RulePack pack) {
        return pos >= edgeLimits(s, pack)[1];
    }

    private static final ThreadLocal<Object[]> EDGES = new ThreadLocal<>();

    /**
     * [the last position within edge_chars visible characters of the start, the first position within edge_chars
     * visible characters of the end]: computed once per text (and thread), not once per run.
     */
    private static int[] edgeLimits(String s, RulePack pack) {
        Object[] cached = EDGES.get();
        if (cached != null && cached[0] == s) {
            return (int[]) cached[1];
        }
        int edge = pack.spam.edgeChars();
        int start = s.length();
        int n = 0;
        boolean inTag = false;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '<') {
                inTag = true;
            } else if (c == '>') {
                inTag = false;
            } else if (!inTag && !Character.isWhitespace(c) && ++n > edge) {
                start = k;
                break;
            }
        }
        int end = 0;
        n = 0;
        inTag = false;
        for (int k = s.length() - 1; k >= 0; k--) {
            char c = s.charAt(k);
            if (c == '>') {
                inTag = true;
            } else if (c == '<') {
                inTag = false;
            } else if (!inTag && !Character.isWhitespace(c) && ++n > edge) {
                end = k + 1;
                break;
            }
        }
        int[] limits = {start, end};
        EDGES.set(new Object[]{s, limits});
        return limits;
    }

    /** A domain (xx.com, t.me/…, www.…), a URL, or a contact handle (加v, qq群, 微信:…, @name) in [from, to). */
    private static boolean shape(TextContext t, String s, int from, int to) {
        for (Lexicon.Hit h : t.within("hidden_link.weak_terms", from, to)) {
            if (h.start() == from && h.end() == to) {
                return true; // a piece that is only 官网, 官方入口, APP下载…
            }
        }
        int ascii = 0;
        for (int k = from; k < to && k < from + 64; k++) {
            char c = s.charAt(k);
            if (c < 128 && Character.isLetterOrDigit(c)) {
                ascii++;
            }
        }
        if (ascii >= 4 && (s.startsWith("qq", from) || s.startsWith("加v", from) || s.startsWith("微信", from) || s.startsWith("vx", from)
                || s.startsWith("加qq", from) || s.startsWith("飞机号", from) || s.startsWith("群", from))) {
            return true; // a contact handle: 加V:gaifen99, QQ 2951736604 (the number may be the next piece)
        }
        int dot = -1;
        for (int k = from + 1; k < to - 1 && k < from + 64; k++) {
            if (s.charAt(k) == '.') {
                dot = k;
                break;
            }
        }
        if (dot > from) {
            int tld = dot + 1;
            while (tld < to && s.charAt(tld) >= 'a' && s.charAt(tld) <= 'z') {
                tld++;
            }
            char before = s.charAt(dot - 1);
            if (tld - dot - 1 >= 2 && tld - dot - 1 <= 6 && (before < 128 && Character.isLetterOrDigit(before))
                    && !s.startsWith("gov", dot + 1) && !s.regionMatches(Math.max(from, dot - 4), "gov", 0, 3)) {
                return true;
            }
        }
        if (s.startsWith("@", from) && to - from >= 4) {
            return true;
        }
        return ascii >= 5 && ascii == to - from && (from > 0 && contactBefore(s, from)); // the number after "QQ群 "
    }

    /** Whether the piece before {@code from} (across whitespace) is a contact label: QQ, QQ群, 微信, 加V. */
    private static boolean contactBefore(String s, int from) {
        int k = from;
        while (k > 0 && Character.isWhitespace(s.charAt(k - 1)) && from - k < 4) {
            k--;
        }
        String before = s.substring(Math.max(0, k - 4), k);
        return before.endsWith("qq") || before.endsWith("qq群") || before.endsWith("微信") || before.endsWith("加v")
                || before.endsWith("群") || before.endsWith("v:") || before.endsWith("信:");
    }

    private static int cjk(String s, int from, int to) {
        int n = 0;
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (c >= '\u4e00' && c <= '\u9fff') {
                n++;
            }
        }
        return n;
    }

    private static long distinctTerms(TextContext t, int from, int to) {
        java.util.Set<String> terms = new java.util.HashSet<>();
        for (String list : CLASS_LISTS) {
            for (Lexicon.Hit h : t.within(list, from, to)) {
                terms.add(h.term());
            }
        }
        return terms.size();
    }

    /** A warning against such content (打击, 扫黄打非, 提醒…) among the spam pieces: prose fighting spam. */
    private static boolean warned(TextContext t, int start, int end) {
        return t.any("hidden_link.warning_cues", start, end);
    }

    /** Whether [start, end) lies inside one of the ranges (sorted by start, not overlapping). */
    private static boolean inside(List<int[]> ranges, int start, int end) {
        int lo = 0;
        int hi = ranges.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int[] r = ranges.get(mid);
            if (r[1] <= start) {
                lo = mid + 1;
            } else if (r[0] > start) {
                hi = mid - 1;
            } else {
                return end <= r[1];
            }
        }
        return false;
    }

    /**
     * Ranges hidden by inline markup kept in the text (&lt;span style="display:none"&gt;…&lt;/span&gt;, &lt;div
     * hidden&gt;…): from the end of the opening tag to the next closing tag, at most {@value #MAX_BLOCK_EVIDENCE}
     * characters. Looked for only after a '<', with bounded tag and content lengths.
     */
    static List<int[]> inlineHidden(String s) {
        List<int[]> out = new ArrayList<>();
        int from = 0;
        for (int lt = s.indexOf('<'); lt >= 0; lt = s.indexOf('<', Math.max(lt + 1, from))) {
            int gt = tagClose(s, lt);
            if (gt < 0) {
                continue;
            }
            String tag = s.substring(lt, gt + 1);
            boolean hides = false;
            for (String h : INLINE_HIDING) {
                hides |= tag.contains(h.trim().equals("hidden>") ? " hidden>" : h);
            }
            if (!hides) {
                continue;
            }
            int limit = Math.min(s.length() - 1, gt + 1 + MAX_BLOCK_EVIDENCE);
            int close = -1;
            for (int k = gt + 1; k < limit; k++) { // the closing tag, looked for no further than the block can reach
                if (s.charAt(k) == '<' && s.charAt(k + 1) == '/') {
                    close = k;
                    break;
                }
            }
            int end = close < 0 ? Math.min(s.length(), gt + 1 + MAX_BLOCK_EVIDENCE) : close;
            out.add(new int[]{gt + 1, end});
            from = end;
        }
        return out;
    }

    /** Weighs each hidden range as a whole; {@code found} are the hidden findings already made from spam pieces. */
    private static void weighHiddenRanges(TextContext t, RulePack pack, List<int[]> found, List<Finding> out) {
        String original = t.original();
        String folded = t.folded();
        for (HiddenRange r : t.hidden()) {
            int start = r.start();
            int end = Math.min(r.end(), original.length());
            while (start < end && Character.isWhitespace(original.charAt(start))) {
                start++;
            }
            while (end > start && Character.isWhitespace(original.charAt(end - 1))) {
                end--;
            }
            if (start >= end || overlapsAny(found, start, end)) {
                continue;
            }
            String inside = folded.substring(start, end);
            if (SKIP_LINK.matcher(inside.strip().toLowerCase(Locale.ROOT)).matches()) {
                continue;
            }
            List<String> foreign = r.externalLinks().stream().filter(l -> !trustedHost(l)).distinct().toList();
            if (foreign.isEmpty()) {
                continue;
            }
            boolean wording = t.any("hidden_link.weak_terms", start, end) || LOAN_TERMS.stream().anyMatch(inside::contains);
            boolean marker = "marker-cluster".equals(r.reason());
            boolean cloaked = "spider-only".equals(r.reason()) || "referrer-redirect".equals(r.reason());
            if (wording || marker || cloaked || foreign.size() >= LINK_FARM) {
                String why = marker ? "被植入的标记簇" : hiddenContent(r.reason());
                int[] classWeights = new int[SpamModel.CLASSES.length];
                SpamModel.get().score(folded, start, Math.min(end, start + MAX_BLOCK_EVIDENCE), new int[1], classWeights);
                for (int c = 0; c < CLASS_LISTS.length; c++) {
                    classWeights[c] += 100 * t.within(CLASS_LISTS[c], start, end).size();
                }
                if (LOAN_TERMS.stream().anyMatch(inside::contains)) {
                    classWeights[4] += 100;
                }
                int best = SpamModel.CLASSES.length - 1;
                for (int c = 0; c < classWeights.length; c++) {
                    if (classWeights[c] > classWeights[best] && classWeights[c] >= 30) {
                        best = c;
                    }
                }
                out.add(t.finding(pack.rule("SPAM-" + SpamModel.CLASSES[best]), start, end, why + "的内容含" + foreign.size()
                        + "个指向站外的链接" + (wording ? "及垃圾信息用语" : "") + "，属于被植入的暗链（如 " + foreign.get(0) + "）。"));
                found.add(new int[]{start, end});
            }
        }
    }

    /** What kind of content a hidden range is, as the words before 的内容 in a finding's explanation. */
    static String hiddenContent(String reason) {
        return switch (reason) {
            case "spider-only", "referrer-redirect", "script-rendered" -> howHidden(reason);
            default -> "以" + howHidden(reason) + "对访问者隐藏";
        };
    }

    /** How a range was hidden, in words for the finding's explanation. */
    static String howHidden(String reason) {
        return switch (reason) {
            case "css-display-none" -> "display:none";
            case "css-visibility-hidden" -> "visibility:hidden";
            case "css-offscreen" -> "定位到屏幕之外的方式";
            case "css-text-indent" -> "文字缩进到屏幕之外的方式";
            case "css-font-size-zero" -> "零字号";
            case "css-zero-size" -> "零高度或零宽度并隐藏溢出的方式";
            case "css-same-color" -> "文字颜色与背景相同的方式";
            case "css-transparent" -> "完全透明的方式";
            case "html-hidden" -> "hidden 属性";
            case "spider-only" -> "只对搜索引擎爬虫（按 User-Agent 或 Referer）显示";
            case "referrer-redirect" -> "仅对从搜索引擎来访者（document.referrer）执行的跳转";
            case "script-written" -> "由脚本（document.write、unescape、eval 等）写出的方式";
            case "script-rendered" -> "只在浏览器执行页面脚本后才出现";
            default -> "“" + reason + "”方式";
        };
    }

    private static boolean overlapsAny(List<int[]> ranges, int start, int end) {
        for (int[] f : ranges) {
            if (start < f[1] && end > f[0]) {
                return true;
            }
        }
        return false;
    }

    /** Government hosts (…gov.cn, …gov, …mil.cn) and central official media: their links are not spam. */
    static boolean trustedHost(String link) {
        String host;
        try {
            host = URI.create(link).getHost();
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".gov.cn") || h.equals("gov.cn") || h.endsWith(".gov") || h.endsWith(".mil.cn")) {
            return true;
        }
        return OFFICIAL_MEDIA.stream().anyMatch(d -> h.equals(d) || h.endsWith("." + d));
    }
}
