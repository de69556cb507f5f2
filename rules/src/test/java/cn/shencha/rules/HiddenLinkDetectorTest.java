package cn.shencha.rules;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** HIDDEN_LINK with hidden ranges and their links: injected spam versus legitimate hidden interface. */
class HiddenLinkDetectorTest {

    private final SecrecyAnalyzer analyzer = SecrecyAnalyzer.withDefaultPack();

    private static final String ARTICLE = "区图书馆自12月1日起延长冬季开放时间，周一至周五开放至21:00。";

    private static HiddenRange range(String text, String part, String reason, List<String> links, List<String> external) {
        int start = text.indexOf(part);
        return new HiddenRange(start, start + part.length(), reason, links, external);
    }

    @Test
    void hiddenBlockWithSpamWordingAndForeignLinksIsSpam() {
        String spam = "线上娱乐官方网址 体育开户";
        String text = ARTICLE + "\n" + spam;
        List<String> links = List.of("http://www.yl2288-vip.com/", "http://www.ty-kaihu88.net/");
        Analysis a = analyzer.analyze(text, List.of(range(text, spam, "css-offscreen", links, links)));
        assertThat(a.findings()).singleElement().satisfies(f -> {
            assertThat(f.category()).isEqualTo(Category.HIDDEN_LINK);
            assertThat(f.rule()).as("the rule names the spam class").isEqualTo("SPAM-GAMBLING");
            assertThat(f.text()).isEqualTo(spam);
            assertThat(f.explanation()).contains("隐藏");
        });
        assertThat(analyzer.analyze(text).findings()).as("the same words set apart at the end of the text are spam by shape and model")
                .singleElement().satisfies(f -> assertThat(f.explanation()).contains("页面首尾"));
        String prose = "区图书馆举办讲座，介绍线上娱乐和体育开户相关知识，引导市民理性消费。";
        assertThat(analyzer.analyze(prose).findings()).as("the words inside a prose sentence are not a run").isEmpty();
    }

    @Test
    void markerClusterWithAForeignLinkIsSpamEvenWithoutSpamWords() {
        String injected = "精彩推荐 点击进入";
        String text = ARTICLE + "\n" + injected;
        List<String> links = List.of("http://promo.example-shop.com/");
        assertThat(analyzer.analyze(text, List.of(range(text, injected, "marker-cluster", links, links))).labels())
                .containsExactly(Category.HIDDEN_LINK);
    }

    @Test
    void contentOnlySpidersGetIsSpamWithOneForeignLink() {
        String cloaked = "精彩推荐 点击进入";
        String text = ARTICLE + "\n" + cloaked;
        List<String> links = List.of("http://promo.example-shop.com/");
        assertThat(analyzer.analyze(text, List.of(range(text, cloaked, "spider-only", links, links))).findings())
                .singleElement().satisfies(f -> {
                    assertThat(f.rule()).startsWith("SPAM-");
                    assertThat(f.text()).isEqualTo(cloaked);
                    assertThat(f.explanation()).contains("搜索引擎爬虫");
                });
        assertThat(analyzer.analyze(text, List.of(range(text, cloaked, "spider-only", List.of("https://www.gov.cn/"),
                List.of("https://www.gov.cn/")))).findings()).as("an official link only spiders get is not spam").isEmpty();
        assertThat(analyzer.analyze(text, List.of(range(text, cloaked, "script-written", links, links))).findings())
                .as("one foreign link written by a script (a counter, a share button) is not spam by itself").isEmpty();
    }

    @Test
    void skipLinkCollapsedMenuAndGovernmentLinksAreNotSpam() {
        String skip = "跳到主要内容";
        String menu = "政府信息公开指南法定主动公开内容依申请公开中国政府网人民网新华网云南省人民政府";
        String text = skip + "\n首页\n政务公开\n" + menu + "\n" + ARTICLE;
        List<String> menuLinks = List.of("http://www.yunchuan.gov.cn/zwgk/", "http://www.yunchuan.gov.cn/ysqgk/",
                "https://www.gov.cn/", "http://www.people.com.cn/", "http://www.xinhuanet.com/", "http://www.yn.gov.cn/");
        List<String> external = List.of("https://www.gov.cn/", "http://www.people.com.cn/", "http://www.xinhuanet.com/",
                "http://www.yn.gov.cn/");
        Analysis a = analyzer.analyze(text, List.of(
                range(text, skip, "css-offscreen", List.of("http://www.yunchuan.gov.cn/#main"), List.of()),
                range(text, menu, "css-display-none", menuLinks, external)));
        assertThat(a.findings()).isEmpty();
    }

    @Test
    void linkFarmNeedsEnoughForeignLinks() {
        String farm = "商品一商品二商品三商品四商品五";
        String text = ARTICLE + "\n" + farm;
        List<String> five = List.of("http://a.shop-x.com/", "http://b.shop-y.com/", "http://c.shop-z.com/",
                "http://d.shop-w.com/", "http://e.shop-v.com/");
        assertThat(analyzer.analyze(text, List.of(range(text, farm, "css-display-none", five, five))).labels())
                .containsExactly(Category.HIDDEN_LINK);
        List<String> four = five.subList(0, 4);
        assertThat(analyzer.analyze(text, List.of(range(text, farm, "css-display-none", four, four))).findings()).isEmpty();
    }

    @Test
    void strongTermsInAHiddenBlockQuoteTheWholeBlock() {
        String block = "澳门新葡京娱乐城 百家乐在线开户 首存即送彩金 皇冠体育 足球滚球投注";
        String text = ARTICLE + "\n" + block + "\n" + ARTICLE;
        Analysis a = analyzer.analyze(text, List.of(range(text, block, "css-display-none", List.of(), List.of())));
        assertThat(a.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("SPAM-GAMBLING");
            assertThat(f.text()).isEqualTo(block);
            assertThat(f.explanation()).contains("display:none");
        });
    }

    @Test
    void rangesKeepTheirLinksWhenClampedToTheText() {
        HiddenRange r = new HiddenRange(5, 50, "css-display-none", List.of("http://x.example.com/"), List.of("http://x.example.com/"));
        assertThat(r.clampedTo(20)).satisfies(c -> {
            assertThat(c.end()).isEqualTo(20);
            assertThat(c.externalLinks()).containsExactly("http://x.example.com/");
        });
        assertThat(r.clampedTo(5)).isNull();
        assertThat(r.shifted(3).start()).isEqualTo(8);
    }
}
