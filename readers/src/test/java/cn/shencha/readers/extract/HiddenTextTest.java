package cn.shencha.readers.extract;

import cn.shencha.rules.Analysis;
import cn.shencha.rules.Category;
import cn.shencha.rules.HiddenRange;
import cn.shencha.rules.SecrecyAnalyzer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Hidden-text ranges of HTML pages, and how the HIDDEN_LINK rules weigh them. */
class HiddenTextTest {

    private static final String URL = "http://www.yunchuan.gov.cn/zwdt/2026/1113-01.html";
    private static final String ARTICLE = "<p>区文化馆冬季公益培训班于11月13日开班，设置书法、国画、舞蹈、合唱等12个门类，免费向市民开放。</p>"
            + "<p>培训班将持续到明年1月，每周安排两次课程。</p>";

    private final DocumentTextExtractor extractor = new DocumentTextExtractor();
    private final SecrecyAnalyzer analyzer = SecrecyAnalyzer.withDefaultPack();

    private ExtractedDocument extract(String head, String body) throws Exception {
        String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>区文化馆</title>" + head + "</head><body>"
                + body + "</body></html>";
        return extractor.extract(html.getBytes(StandardCharsets.UTF_8), "text/html", URL);
    }

    private Analysis analyze(ExtractedDocument doc) {
        return analyzer.analyze(doc.text(), doc.hidden());
    }

    private static String covered(ExtractedDocument doc, HiddenRange r) {
        return doc.text().substring(r.start(), r.end());
    }

    @Test
    void displayNoneBlockWithExternalCasinoLinksIsHiddenSpamWithExactOffsets() throws Exception {
        ExtractedDocument doc = extract("", "<div class=\"content\"><div style=\"display:none\">"
                + "<a href=\"http://www.pj7788-yl.vip/\">线上娱乐官方网址</a><a href=\"http://www.hg-tiyu88.cc/\">体育开户</a></div>"
                + ARTICLE + "</div>");
        assertThat(doc.hidden()).hasSize(1);
        HiddenRange r = doc.hidden().get(0);
        assertThat(r.reason()).isEqualTo("css-display-none");
        assertThat(covered(doc, r)).isEqualTo("线上娱乐官方网址体育开户");
        assertThat(r.links()).containsExactly("http://www.pj7788-yl.vip/", "http://www.hg-tiyu88.cc/");
        assertThat(r.externalLinks()).containsExactlyElementsOf(r.links());

        Analysis a = analyze(doc);
        assertThat(a.labels()).containsExactly(Category.HIDDEN_LINK);
        assertThat(a.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("SPAM-GAMBLING");
            assertThat(f.start()).isEqualTo(r.start());
            assertThat(f.end()).isEqualTo(r.end());
        });
        assertThat(a.findings().get(0).explanation()).contains("display:none");
        // Without the visibility information the same words, set apart at the top of the page, are still spam by shape
        // and the spam model, but the finding no longer says they were hidden.
        assertThat(analyzer.analyze(doc.text()).findings()).allSatisfy(f -> assertThat(f.explanation()).doesNotContain("display:none"));
    }

    @Test
    void styleBlockRulesByClassIdAndTagHideText() throws Exception {
        String css = "<style>/* a comment */ .hd{display:none} #z{visibility:hidden} blink{display:none}"
                + " p.x{position:absolute;left:-9999px} @media (max-width:600px){.nav{display:none}}</style>";
        ExtractedDocument doc = extract(css, "<div class=\"nav\"><a href=\"/\">首页</a></div>"
                + "<div class=\"hd\">甲段隐藏</div><div id=\"z\">乙段隐藏</div><blink>丙段隐藏</blink><p class=\"x\">丁段隐藏</p>"
                + "<p>正常可见</p>");
        assertThat(doc.hidden()).extracting(HiddenRange::reason)
                .containsExactly("css-display-none", "css-visibility-hidden", "css-display-none", "css-offscreen");
        assertThat(doc.hidden()).extracting(r -> covered(doc, r)).containsExactly("甲段隐藏", "乙段隐藏", "丙段隐藏", "丁段隐藏");
        assertThat(doc.text()).contains("首页").contains("正常可见");
    }

    @Test
    void everyKindOfCssHidingIsRecognised() throws Exception {
        ExtractedDocument doc = extract("<style>.w{color:#fff}</style>",
                "<div style=\"text-indent:-9999px\">一</div>"
                        + "<div style=\"font-size:0\">二</div>"
                        + "<div style=\"height:0;overflow:hidden\">三</div>"
                        + "<div style=\"position:fixed;top:-2000px\">四</div>"
                        + "<div style=\"color:#ffffff;background-color:#FFF\">五</div>"
                        + "<div class=\"w\">六</div>"
                        + "<div hidden>七</div>"
                        + "<div style=\"opacity:0\">八</div>"
                        + "<div style=\"color:#fff;background:#b71c1c\">白字红底可见</div>"
                        + "<div style=\"position:absolute;left:-20px\">略微偏移可见</div>"
                        + "<div style=\"text-indent:2em\">首行缩进可见</div>");
        assertThat(doc.hidden()).extracting(HiddenRange::reason).containsExactly("css-text-indent", "css-font-size-zero",
                "css-zero-size", "css-offscreen", "css-same-color", "css-same-color", "html-hidden", "css-transparent");
        assertThat(doc.hidden()).extracting(r -> covered(doc, r)).containsExactly("一", "二", "三", "四", "五", "六", "七", "八");
    }

    @Test
    void importantAndInlineStylesFollowTheCascade() throws Exception {
        ExtractedDocument doc = extract("<style>.a{display:none!important} .b{display:none} #c{display:block}</style>",
                "<div class=\"a\" style=\"display:block\">重要规则胜出</div>"
                        + "<div class=\"b\" style=\"display:block\">行内样式胜出</div>"
                        + "<div id=\"c\" class=\"b\">更具体的选择器胜出</div>");
        assertThat(doc.hidden()).extracting(r -> covered(doc, r)).containsExactly("重要规则胜出");
    }

    @Test
    void injectedMarkerClusterWithTrailingSpamIsARange() throws Exception {
        ExtractedDocument doc = extract("", "<div class=\"content\">" + ARTICLE + "</div><div class=\"footer\">主办单位：云川区人民政府办公室</div>"
                + "<strike id=\"q7x2k\"></strike>\n<address id=\"q7x2k\"><dl id=\"q7x2k\"><del id=\"q7x2k\"></del></dl></address>"
                + "<video id=\"q7x2k\"></video><track id=\"q7x2k\"></track>\n国产精品一二三区四区 久久免费视频 "
                + "<a href=\"http://www.jj99av.top/\">日韩无码在线观看</a>");
        assertThat(doc.hidden()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo("marker-cluster");
            assertThat(covered(doc, r)).isEqualTo("国产精品一二三区四区 久久免费视频日韩无码在线观看");
            assertThat(r.externalLinks()).containsExactly("http://www.jj99av.top/");
        });
        assertThat(analyze(doc).findings()).singleElement().satisfies(f -> assertThat(f.rule()).isEqualTo("SPAM-PORN"));
    }

    @Test
    void singleLegitimateAddressOrDelIsNotACluster() throws Exception {
        ExtractedDocument doc = extract("", ARTICLE + "<p>原定<del>11月10日</del>改为11月13日。</p>"
                + "<address>云州市云川区政通路88号</address>");
        assertThat(doc.hidden()).isEmpty();
    }

    @Test
    void skipLinkAndCollapsedMenuAreHiddenButNotSpam() throws Exception {
        String css = "<style>.skip{position:absolute;left:-10000px;top:auto}.sub{display:none}</style>";
        ExtractedDocument doc = extract(css, "<a class=\"skip\" href=\"#main\">跳到主要内容</a>"
                + "<ul class=\"nav\"><li><a href=\"/zwgk/\">政务公开</a><ul class=\"sub\"><li><a href=\"/zwgk/zfxxgk/\">政府信息公开</a></li>"
                + "<li><a href=\"/zwgk/czzj/\">财政资金</a></li><li><a href=\"http://zwfw.yunchuan.gov.cn/\">网上办事大厅</a></li>"
                + "<li><a href=\"https://www.gov.cn/\">中国政府网</a></li><li><a href=\"http://www.yn.gov.cn/\">云南省人民政府</a></li>"
                + "<li><a href=\"http://www.people.com.cn/\">人民网</a></li><li><a href=\"http://www.xinhuanet.com/\">新华网</a></li>"
                + "</ul></li></ul>"
                + "<span aria-hidden=\"true\" class=\"icon\"></span><form><input type=\"hidden\" name=\"token\" value=\"abc\"></form>"
                + "<div id=\"main\">" + ARTICLE + "</div>");
        assertThat(doc.hidden()).extracting(HiddenRange::reason).containsExactly("css-offscreen", "css-display-none");
        HiddenRange menu = doc.hidden().get(1);
        assertThat(menu.links()).hasSize(7);
        // The district's own sub-domain is not external; other government sites and central media are external but trusted.
        assertThat(menu.externalLinks()).containsExactly("https://www.gov.cn/", "http://www.yn.gov.cn/",
                "http://www.people.com.cn/", "http://www.xinhuanet.com/");
        assertThat(analyze(doc).findings()).isEmpty();
    }

    @Test
    void hiddenLinkFarmWithoutSpamWordsIsStillSpam() throws Exception {
        StringBuilder farm = new StringBuilder("<div style=\"display:none\">");
        for (int i = 1; i <= 6; i++) {
            farm.append("<a href=\"http://site").append(i).append(".example-shop.com/\">商品").append(i).append("</a>");
        }
        farm.append("</div>");
        ExtractedDocument doc = extract("", farm + ARTICLE);
        assertThat(doc.hidden().get(0).externalLinks()).hasSize(6);
        assertThat(analyze(doc).labels()).containsExactly(Category.HIDDEN_LINK);

        ExtractedDocument two = extract("", "<div style=\"display:none\"><a href=\"http://a.example-shop.com/\">商品一</a>"
                + "<a href=\"http://b.example-shop.com/\">商品二</a></div>" + ARTICLE);
        assertThat(analyze(two).findings()).as("two plain external links, no spam wording").isEmpty();
    }

    @Test
    void hiddenLoanSpamWithExternalLinkIsFlagged() throws Exception {
        ExtractedDocument doc = extract("", "<div style=\"visibility:hidden\"><a href=\"http://kd-daikuan.xyz/\">黑户贷款 秒下款</a></div>"
                + ARTICLE);
        assertThat(analyze(doc).findings()).singleElement().satisfies(f -> {
            assertThat(f.category()).isEqualTo(Category.HIDDEN_LINK);
            assertThat(f.text()).isEqualTo("黑户贷款 秒下款");
        });
    }

    @Test
    void hostileCssDoesNotBreakExtraction() throws Exception {
        StringBuilder css = new StringBuilder("<style>");
        css.append("div:hover{display:none} .a .b{display:none} ul>li{display:none} [hidden]{display:none}");
        css.append("@media{{{{ .x{display:none} ");
        css.append(".unterminated{display:none");
        css.append("</style>");
        ExtractedDocument doc = extract(css.toString(), "<div class=\"a\"><div class=\"b\">可见</div></div><ul><li>项目</li></ul>"
                + "<div style=\"color:rgb(300,300,300);background:url(data:image/png;base64,AAA;)\">可见二</div>");
        assertThat(doc.text()).contains("可见", "项目", "可见二");
        assertThat(doc.hidden()).isEmpty();
    }
}
