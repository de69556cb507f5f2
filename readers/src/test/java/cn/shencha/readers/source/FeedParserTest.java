package cn.shencha.readers.source;

import cn.shencha.readers.extract.ExtractedDocument;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RSS, Atom and JSON Feed parsing, and hostile or broken feeds. */
class FeedParserTest {

    private static final String FEED_URL = "http://www.yunchuan.gov.cn/xmt/feed.xml";
    private final FeedParser parser = new FeedParser();

    private Feed parse(String body, String type) throws SourceFormatException {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8), type, FEED_URL);
    }

    @Test
    void rss2ItemsCarryContentTitleLinkAndDate() throws Exception {
        Feed feed = parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
                  <channel><title>云川发布</title><link>https://mp.weixin.qq.com/profile</link>
                    <item><title>寻人启事</title><link>https://mp.weixin.qq.com/s/abc</link>
                      <guid isPermaLink="false">item-1</guid><pubDate>Tue, 24 Nov 2026 21:05:00 +0800</pubDate>
                      <description>摘要</description>
                      <content:encoded><![CDATA[<p>李德华，男，74岁。</p><p>请联系13908715246。</p>]]></content:encoded></item>
                    <item><title>第二条 &amp; 更多</title><link>/zwdt/2026/1.html</link><description><![CDATA[<b>简讯</b>]]></description></item>
                  </channel></rss>""", "application/rss+xml");
        assertThat(feed.format()).isEqualTo("rss");
        assertThat(feed.title()).isEqualTo("云川发布");
        assertThat(feed.items()).hasSize(2);
        FeedItem first = feed.items().get(0);
        assertThat(first.id()).isEqualTo("item-1");
        assertThat(first.title()).isEqualTo("寻人启事");
        assertThat(first.link()).isEqualTo("https://mp.weixin.qq.com/s/abc");
        assertThat(first.published()).isEqualTo("2026-11-24T13:05:00Z");
        assertThat(first.text()).isEqualTo("李德华，男，74岁。\n请联系13908715246。");
        FeedItem second = feed.items().get(1);
        assertThat(second.title()).isEqualTo("第二条 & 更多");
        assertThat(second.link()).as("relative links resolve against the feed").isEqualTo("http://www.yunchuan.gov.cn/zwdt/2026/1.html");
        assertThat(second.text()).isEqualTo("简讯");
        assertThat(second.published()).isNull();
    }

    @Test
    void itemAsDocumentPutsTheTitleFirstAndTheContentAsMainText() throws Exception {
        Feed feed = parse("<rss version=\"2.0\"><channel><item><title>标题</title><description><![CDATA["
                + "<p>正文</p><div style=\"display:none\"><a href=\"http://casino.example.com/\">线上娱乐官方网址</a></div>]]>"
                + "</description></item></channel></rss>", null);
        ExtractedDocument doc = feed.items().get(0).toDocument("application/rss+xml");
        assertThat(doc.text()).isEqualTo("标题\n正文\n线上娱乐官方网址");
        assertThat(doc.mainText()).isEqualTo("正文\n线上娱乐官方网址");
        assertThat(doc.hidden()).singleElement().satisfies(r -> {
            assertThat(doc.text().substring(r.start(), r.end())).isEqualTo("线上娱乐官方网址");
            assertThat(r.externalLinks()).containsExactly("http://casino.example.com/");
        });
    }

    @Test
    void atomEntriesWithHtmlTextAndXhtmlContent() throws Exception {
        Feed feed = parse("""
                <feed xmlns="http://www.w3.org/2005/Atom"><title>云川区政府</title>
                  <link rel="self" href="http://www.yunchuan.gov.cn/atom.xml"/><link href="http://www.yunchuan.gov.cn/"/>
                  <entry><id>tag:yunchuan,2026:1</id><title type="html">&lt;b&gt;通知&lt;/b&gt;</title>
                    <link rel="alternate" href="http://www.yunchuan.gov.cn/tzgg/1.html"/>
                    <published>2026-11-20T08:00:00+08:00</published>
                    <content type="html">&lt;p&gt;第一段&lt;/p&gt;&lt;p&gt;第二段&lt;/p&gt;</content></entry>
                  <entry><id>tag:yunchuan,2026:2</id><title>纯文本 &lt;不是标签&gt;</title><updated>2026-11-21T00:00:00Z</updated>
                    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>XHTML 内容</p></div></content></entry>
                  <entry><id>3</id><title>摘要</title><summary>只有摘要</summary></entry>
                </feed>""", "application/atom+xml");
        assertThat(feed.format()).isEqualTo("atom");
        assertThat(feed.link()).isEqualTo("http://www.yunchuan.gov.cn/");
        assertThat(feed.items()).extracting(FeedItem::title).containsExactly("通知", "纯文本 <不是标签>", "摘要");
        assertThat(feed.items()).extracting(FeedItem::text).containsExactly("第一段\n第二段", "XHTML 内容", "只有摘要");
        assertThat(feed.items().get(0).link()).isEqualTo("http://www.yunchuan.gov.cn/tzgg/1.html");
        assertThat(feed.items().get(0).published()).isEqualTo("2026-11-20T00:00:00Z");
        assertThat(feed.items().get(1).published()).isEqualTo("2026-11-21T00:00:00Z");
        assertThat(feed.items().get(2).link()).isNull();
    }

    @Test
    void jsonFeed11ItemsFromANewMediaExport() throws Exception {
        Feed feed = parse("""
                {"version": "https://jsonfeed.org/version/1.1", "title": "云川发布（微博）",
                 "home_page_url": "https://weibo.com/yunchuan",
                 "items": [
                   {"id": "w1", "url": "https://weibo.com/yunchuan/1", "title": "送温暖", "content_html": "<p>走访12个社区</p>",
                    "date_published": "2026-11-22T18:30:00+08:00"},
                   {"id": "w2", "content_text": "第一行\\n第二行", "date_modified": "2026-11-23T08:00:00Z"},
                   {"id": "w3", "external_url": "https://example.org/x", "summary": "摘要"},
                   "not an object", {"id": {"nested": true}, "title": null}
                 ]}""", "application/feed+json");
        assertThat(feed.format()).isEqualTo("json");
        assertThat(feed.title()).isEqualTo("云川发布（微博）");
        assertThat(feed.items()).hasSize(4);
        assertThat(feed.items().get(0).text()).isEqualTo("走访12个社区");
        assertThat(feed.items().get(0).published()).isEqualTo("2026-11-22T10:30:00Z");
        assertThat(feed.items().get(1).text()).isEqualTo("第一行\n第二行");
        assertThat(feed.items().get(1).link()).isNull();
        assertThat(feed.items().get(2).link()).isEqualTo("https://example.org/x");
        assertThat(feed.items().get(2).text()).isEqualTo("摘要");
        assertThat(feed.items().get(3).id()).isNull();
    }

    @Test
    void malformedXmlFailsWithWhereAndWhy() {
        assertThatThrownBy(() -> parse("<rss version=\"2.0\"><channel><item><title>断开</channel></rss>", null))
                .isInstanceOf(SourceFormatException.class).hasMessageContaining("malformed feed").hasMessageContaining("line 1");
    }

    @Test
    void doctypesAndEntityExpansionAreRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<rss><channel><item><title>&x;</title></item></channel></rss>";
        assertThatThrownBy(() -> parse(xxe, null)).isInstanceOf(SourceFormatException.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void otherDocumentsAreNotFeeds() {
        assertThatThrownBy(() -> parse("<html><body>hi</body></html>", "text/html")).isInstanceOf(SourceFormatException.class)
                .hasMessageContaining("<html> root element");
        assertThatThrownBy(() -> parse("{\"items\": []}", null)).isInstanceOf(SourceFormatException.class)
                .hasMessageContaining("version");
        assertThatThrownBy(() -> parse("{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": ", null))
                .isInstanceOf(SourceFormatException.class).hasMessageContaining("malformed JSON feed");
        assertThatThrownBy(() -> parse("   ", null)).isInstanceOf(SourceFormatException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> parse("Sitemap: x", "text/plain")).isInstanceOf(SourceFormatException.class)
                .hasMessageContaining("neither XML nor JSON");
    }

    @Test
    void rss10ItemsAreRead() throws Exception {
        Feed feed = parse("""
                <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                         xmlns:dc="http://purl.org/dc/elements/1.1/">
                  <channel><title>旧版</title></channel>
                  <item><title>条目</title><link>http://www.yunchuan.gov.cn/1.html</link><description>内容</description>
                    <dc:date>2026-11-01T00:00:00Z</dc:date></item>
                </rdf:RDF>""", null);
        assertThat(feed.items()).singleElement().satisfies(i -> {
            assertThat(i.title()).isEqualTo("条目");
            assertThat(i.text()).isEqualTo("内容");
            assertThat(i.published()).isEqualTo("2026-11-01T00:00:00Z");
        });
    }
}
