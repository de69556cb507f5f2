package cn.shencha.rules;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * HIDDEN_LINK (ch. 6): injected spam (暗链). Gambling and pornography phrases form a finding when they come as a run
 * (two or more spam terms close together, the shape of injected keyword stuffing), when one stands at the very start or
 * end of the text (where injections sit, as in the regulation's own page), or when it lies in text the crawler marked
 * as hidden. Warnings against gambling that name the terms (提醒…百家乐…是骗局) are not spam.
 *
 * <p>A hidden range is also weighed as a whole, with the links the reader found in it. It is injected spam when it
 * links out of the site to hosts that are neither government nor central official media AND it carries spam wording
 * (the pack's weak terms, loan-shark wording), comes from an injected marker cluster, or holds a link farm of
 * {@value #LINK_FARM} or more such links. Content served only to search-engine spiders ({@code spider-only}) and a
 * redirect only visitors arriving from a search engine get ({@code referrer-redirect}) are cloaking: one such foreign
 * link is enough. Legitimate hidden interface — a skip link (跳到主要内容), a collapsed menu or
 * navigation linking inside the site, an icon, a form's hidden inputs — links nowhere foreign and carries no spam
 * wording, so it never becomes a finding.
 */
final class HiddenLinkDetector implements Detector {

    /** A hidden block up to this long is quoted whole as the evidence of a finding inside it. */
    static final int MAX_BLOCK_EVIDENCE = 1000;

    /** Foreign links in one hidden block that make it a link farm on their own. */
    static final int LINK_FARM = 5;

    /** Wording of illegal-lending spam, weighed only inside hidden blocks that link out of the site. */
    private static final List<String> LOAN_TERMS = List.of("网贷", "贷款秒批", "秒批", "秒下款", "下款快", "快速放款", "无抵押贷款",
            "无抵押", "黑户贷款", "黑户", "借钱平台", "小额贷款", "信用卡套现", "套现", "贷款口子", "网络借贷", "裸贷", "高炮");

    /** Text of a legitimate skip link or accessibility helper, hidden until focused. */
    private static final Pattern SKIP_LINK = Pattern.compile(
            "^(?:跳(?:到|转到|过|至)(?:主要内容|正文|主内容|导航|内容)|跳过导航|无障碍(?:浏览|阅读)?|skip\\s*(?:to\\s*)?(?:main\\s*)?(?:content|navigation|nav))[\\p{P}\\s]*$");

    /** Registrable domains of central official media, linked from collapsed "related links" menus. */
    private static final List<String> OFFICIAL_MEDIA = List.of("people.com.cn", "xinhuanet.com", "news.cn", "cctv.com",
            "cctv.cn", "gmw.cn", "chinadaily.com.cn", "china.com.cn", "cnr.cn", "cri.cn", "ce.cn", "youth.cn", "12377.cn");

    private record Term(int start, int end, boolean strong) {
    }

    @Override
    public void detect(TextContext t, RulePack pack, List<Finding> out) {
        List<int[]> hiddenFound = new ArrayList<>();
        detectTerms(t, pack, out, hiddenFound);
        weighHiddenRanges(t, pack, hiddenFound, out);
    }

    private void detectTerms(TextContext t, RulePack pack, List<Finding> out, List<int[]> hiddenFound) {
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
                // The finding covers the whole hidden block the terms sit in (the injection), when the block is small.
                String how = null;
                for (HiddenRange r : t.hidden()) {
                    if (start < r.end() && end > r.start()) {
                        how = how == null ? hiddenContent(r.reason()) : how;
                        if (r.end() - r.start() <= MAX_BLOCK_EVIDENCE) {
                            start = Math.min(start, r.start());
                            end = Math.max(end, Math.min(r.end(), t.length()));
                        }
                    }
                }
                out.add(t.finding(pack.rule("SPAM-HIDDEN"), start, end, (how == null ? "对访问者隐藏" : how)
                        + "的内容中出现赌博、色情等垃圾信息，属于被植入的暗链。"));
                hiddenFound.add(new int[]{start, end});
            } else if (warning) {
                continue;
            } else if (strongCount >= 2 || run.size() >= 2) {
                out.add(t.finding(pack.rule("SPAM-RUN"), start, end, "出现成串的赌博、色情等垃圾信息词，疑为网站被植入的暗链或非法内容。"));
            } else if (atEdge(s, start, end, pack.spam.edgeChars(), pack.spam.markerTags())) {
                out.add(t.finding(pack.rule("SPAM-EDGE"), start, end, "页面首尾出现赌博、色情等垃圾信息，符合被植入暗链的特征。"));
            }
        }
    }

    /** Weighs each hidden range as a whole; {@code found} are the SPAM-HIDDEN findings already made from spam terms. */
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
                out.add(t.finding(pack.rule("SPAM-HIDDEN"), start, end, why + "的内容含" + foreign.size()
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
