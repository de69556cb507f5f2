package cn.shencha.readers.source;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sitemaps through crawler-commons, and telling feeds and sitemaps from pages. */
class SitemapReaderTest {

    private static final String URL = "http://www.yunchuan.gov.cn/sitemap.xml";
    private final SitemapReader reader = new SitemapReader();

    private Sitemap read(String body, String type) throws SourceFormatException {
        return reader.read(body.getBytes(StandardCharsets.UTF_8), type, URL);
    }

    @Test
    void urlsetListsPagesAndResolvesRelativeLocations() throws Exception {
        Sitemap sitemap = read("""
                <?xml version="1.0" encoding="UTF-8"?>
                <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                  <url><loc>http://www.yunchuan.gov.cn/zwdt/1.html</loc><lastmod>2026-11-20</lastmod></url>
                  <url><loc>/zwdt/2.html</loc></url>
                  <url><loc>javascript:alert(1)</loc></url>
                </urlset>""", "application/xml");
        assertThat(sitemap.pages()).containsExactly("http://www.yunchuan.gov.cn/zwdt/1.html", "http://www.yunchuan.gov.cn/zwdt/2.html");
        assertThat(sitemap.sitemaps()).isEmpty();
    }

    @Test
    void sitemapIndexListsSitemaps() throws Exception {
        Sitemap sitemap = read("""
                <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                  <sitemap><loc>http://www.yunchuan.gov.cn/sitemap-zwdt.xml</loc></sitemap>
                  <sitemap><loc>http://www.yunchuan.gov.cn/sitemap-tzgg.xml</loc></sitemap>
                </sitemapindex>""", "text/xml");
        assertThat(sitemap.sitemaps()).containsExactly("http://www.yunchuan.gov.cn/sitemap-zwdt.xml",
                "http://www.yunchuan.gov.cn/sitemap-tzgg.xml");
        assertThat(sitemap.pages()).isEmpty();
    }

    @Test
    void textSitemapsAreRead() throws Exception {
        Sitemap sitemap = read("http://www.yunchuan.gov.cn/a.html\nhttp://www.yunchuan.gov.cn/b.html\n", "text/plain");
        assertThat(sitemap.pages()).containsExactly("http://www.yunchuan.gov.cn/a.html", "http://www.yunchuan.gov.cn/b.html");
    }

    @Test
    void garbageIsAClearError() {
        assertThatThrownBy(() -> read("\u0000\u0001 not a sitemap", "application/octet-stream"))
                .isInstanceOf(SourceFormatException.class).hasMessageContaining("cannot read the sitemap " + URL);
    }

    @Test
    void snifferTellsFeedsAndSitemapsFromPages() {
        assertThat(sniff("<?xml version=\"1.0\"?><!-- c --><rss version=\"2.0\">", "application/xml")).isEqualTo(SourceSniffer.Kind.FEED);
        assertThat(sniff("<feed xmlns=\"http://www.w3.org/2005/Atom\">", "text/xml")).isEqualTo(SourceSniffer.Kind.FEED);
        assertThat(sniff("{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[]}", "application/json"))
                .isEqualTo(SourceSniffer.Kind.FEED);
        assertThat(sniff("anything", "application/rss+xml")).isEqualTo(SourceSniffer.Kind.FEED);
        assertThat(sniff("<?xml version=\"1.0\"?>\n<urlset>", "application/xml")).isEqualTo(SourceSniffer.Kind.SITEMAP);
        assertThat(sniff("<sitemapindex>", null)).isEqualTo(SourceSniffer.Kind.SITEMAP);
        assertThat(sniff("<!DOCTYPE html><html>", "text/html")).isEqualTo(SourceSniffer.Kind.OTHER);
        assertThat(sniff("<rss>", "text/html")).as("a page that mentions <rss> is a page").isEqualTo(SourceSniffer.Kind.OTHER);
        assertThat(sniff("{\"a\":1}", "application/json")).isEqualTo(SourceSniffer.Kind.OTHER);
        assertThat(sniff("%PDF-1.7", "application/pdf")).isEqualTo(SourceSniffer.Kind.OTHER);
    }

    private static SourceSniffer.Kind sniff(String body, String type) {
        return SourceSniffer.sniff(body.getBytes(StandardCharsets.UTF_8), type);
    }
}
