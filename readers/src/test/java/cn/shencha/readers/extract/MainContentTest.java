package cn.shencha.readers.extract;

import cn.shencha.rules.HiddenRange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Main-content extraction: the article body, not the navigation, with offsets into the full text. */
class MainContentTest {

    private static final String NAV = "<div class=\"nav\"><ul><li><a href=\"/\">首页</a></li><li><a href=\"/zwdt/\">政务动态</a></li>"
            + "<li><a href=\"/tzgg/\">通知公告</a></li><li><a href=\"/zwgk/\">政务公开</a></li></ul></div>";
    private static final String FOOTER = "<div class=\"footer\"><p>主办单位：云川区人民政府办公室</p><p>网站标识码：5301020001</p></div>";
    private static final String BODY = "<p>11月18日，区长主持召开区政府常务会议，研究部署明年重点项目建设工作。</p>"
            + "<p>会议要求，各部门要提前谋划项目储备，加快前期工作，确保明年一季度实现开门红。</p>";

    private final DocumentTextExtractor extractor = new DocumentTextExtractor();

    private ExtractedDocument extract(String body) throws Exception {
        String html = "<html><head><meta charset=\"utf-8\"><title>t</title></head><body>" + body + "</body></html>";
        return extractor.extract(html.getBytes(StandardCharsets.UTF_8), "text/html", "http://www.yunchuan.gov.cn/a.html");
    }

    @Test
    void trsZoomContainerIsTheMainText() throws Exception {
        ExtractedDocument doc = extract(NAV + "<div class=\"main\"><h1>标题</h1><div id=\"zoom\">" + BODY + "</div></div>" + FOOTER);
        assertThat(doc.mainText()).startsWith("11月18日，区长主持召开").endsWith("确保明年一季度实现开门红。")
                .doesNotContain("政务动态").doesNotContain("主办单位");
        assertThat(doc.text()).contains("政务动态", "主办单位", "11月18日");
        assertThat(doc.text().substring(doc.mainStart(), doc.mainEnd())).isEqualTo(doc.mainText());
    }

    @Test
    void aContentWrapperAroundTheWholePageYieldsToTheArticleInside() throws Exception {
        ExtractedDocument doc = extract("<div class=\"content\">" + NAV + "<div class=\"article\"><h1>区政府常务会议</h1>" + BODY
                + "</div>" + FOOTER + "</div>");
        assertThat(doc.mainText()).startsWith("区政府常务会议").contains("开门红").doesNotContain("首页").doesNotContain("主办单位");
    }

    @Test
    void withoutKnownContainersTheDensestBlockWins() throws Exception {
        ExtractedDocument doc = extract(NAV + "<div id=\"x1\"><div id=\"x2\">" + BODY + "</div></div>"
                + "<div id=\"side\"><a href=\"/1\">链接一</a><a href=\"/2\">链接二</a><a href=\"/3\">链接三</a></div>" + FOOTER);
        assertThat(doc.mainText()).startsWith("11月18日").endsWith("开门红。");
    }

    @Test
    void aPageOfLinksOnlyKeepsTheWholeTextAsMain() throws Exception {
        ExtractedDocument doc = extract(NAV);
        assertThat(doc.mainStart()).isZero();
        assertThat(doc.mainEnd()).isEqualTo(doc.text().length());
    }

    @Test
    void hiddenRangesIndexTheFullTextNotTheMainText() throws Exception {
        ExtractedDocument doc = extract(NAV + "<div class=\"TRS_Editor\">" + BODY + "</div>"
                + "<div style=\"display:none\"><a href=\"http://casino.example.com/\">线上娱乐官方网址</a></div>" + FOOTER);
        assertThat(doc.hidden()).singleElement().satisfies(r -> {
            assertThat(doc.text().substring(r.start(), r.end())).isEqualTo("线上娱乐官方网址");
            assertThat(r.start()).isGreaterThanOrEqualTo(doc.mainEnd());
        });
        assertThat(doc.hidden()).extracting(HiddenRange::reason).containsExactly("css-display-none");
    }

    @Test
    void nonHtmlDocumentsAreAllMainText() {
        ExtractedDocument doc = new ExtractedDocument("t", "全文", "application/pdf", null, java.util.List.of());
        assertThat(doc.mainText()).isEqualTo("全文");
        assertThat(doc.hidden()).isEmpty();
    }
}
