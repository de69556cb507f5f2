package cn.shencha.readers.extract;

import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocumentTextExtractorTest {

    private static final String PAGE = "<!DOCTYPE html><html><head><meta charset=\"%s\"><title>云川区人民政府</title></head>"
            + "<body><div class=\"nav\"><a href=\"/zwdt/\">政务动态</a></div><p>区政府召开常务会议，研究部署秋冬季安全生产工作。</p>"
            + "<script>document.write('不是正文')</script><a href=\"https://www.gov.cn/\">中国政府网</a>"
            + "<a href=\"mailto:x@example.org\">邮件</a><a href=\"list.html#top\">列表</a></body></html>";

    private final DocumentTextExtractor extractor = new DocumentTextExtractor();

    @Test
    void gbkPageServedWithAWrongUtf8HeaderDecodesAsGbk() throws Exception {
        byte[] body = PAGE.formatted("gbk").getBytes(Charset.forName("GBK"));
        ExtractedDocument doc = extractor.extract(body, "text/html; charset=utf-8", "http://example.org/a/b.html");
        assertThat(doc.title()).isEqualTo("云川区人民政府");
        assertThat(doc.text()).contains("区政府召开常务会议，研究部署秋冬季安全生产工作。");
        assertThat(doc.mainText()).doesNotContain("不是正文");
        // What the script writes is not page text a visitor reads in place: it comes after it, as a hidden range.
        assertThat(doc.hidden()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo("script-written");
            assertThat(doc.text().substring(r.start(), r.end())).isEqualTo("不是正文");
        });
        assertThat(doc.charset()).isEqualTo("GB18030");
    }

    @Test
    void big5PageWithoutAnyDeclarationIsDetected() throws Exception {
        String traditional = "<html><head><title>雲川區人民政府</title></head><body><p>區政府召開常務會議，研究部署秋冬季安全生產工作，"
                + "要求各鄉鎮、各部門切實履行職責，確保人民群眾生命財產安全。</p></body></html>";
        byte[] body = traditional.getBytes(Charset.forName("Big5"));
        ExtractedDocument doc = extractor.extract(body, "text/html", "http://example.org/big5.html");
        assertThat(doc.text()).contains("區政府召開常務會議");
    }

    @Test
    void utf8BomWins() throws Exception {
        byte[] text = PAGE.formatted("gbk").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[text.length + 3];
        body[0] = (byte) 0xEF;
        body[1] = (byte) 0xBB;
        body[2] = (byte) 0xBF;
        System.arraycopy(text, 0, body, 3, text.length);
        assertThat(extractor.extract(body, "text/html; charset=gbk", "http://example.org/").title()).isEqualTo("云川区人民政府");
    }

    @Test
    void linksAreAbsoluteHttpWithoutFragments() throws Exception {
        ExtractedDocument doc = extractor.extract(PAGE.formatted("utf-8").getBytes(StandardCharsets.UTF_8), "text/html",
                "http://example.org/a/b.html");
        assertThat(doc.links()).containsExactly("http://example.org/zwdt/", "https://www.gov.cn/", "http://example.org/a/list.html");
    }

    @Test
    void docxTextIsExtracted() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XWPFDocument doc = new XWPFDocument()) {
            doc.createParagraph().createRun().setText("关于印发云川区政务公开工作要点的通知");
            doc.write(out);
        }
        ExtractedDocument doc = extractor.extract(out.toByteArray(), null, "notice.docx");
        assertThat(doc.text()).contains("关于印发云川区政务公开工作要点的通知");
        assertThat(doc.contentType()).contains("wordprocessingml");
    }

    @Test
    void corruptPdfFailsWithAClearError() {
        byte[] body = "%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> extractor.extract(body, "application/pdf", "broken.pdf"))
                .isInstanceOf(ExtractionException.class)
                .hasMessageStartingWith("cannot extract text");
    }

    @Test
    void oversizedResourceIsRefused() {
        DocumentTextExtractor small = new DocumentTextExtractor(new DocumentTextExtractor.Limits(10, 1000, 1000));
        assertThatThrownBy(() -> small.extract(new byte[11], "application/pdf", "x.pdf"))
                .isInstanceOf(ExtractionException.class).hasMessageContaining("over the limit");
    }

    @Test
    void textOverTheCharacterLimitIsKeptAsFarAsItGoesAndNotedAsPartial() throws Exception {
        DocumentTextExtractor small = new DocumentTextExtractor(new DocumentTextExtractor.Limits(1_000_000, 1000, 10_000));
        String html = "<html><body>" + "<p>区政府召开常务会议。</p>".repeat(500) + "</body></html>";
        ExtractedDocument page = small.extract(html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8",
                "http://www.yunchuan.gov.cn/a.html");
        assertThat(page.text()).hasSize(1000);
        assertThat(page.partialReason()).isEqualTo("text cut at 1000 characters");
        ExtractedDocument plain = small.extract("文字\n".repeat(2000).getBytes(StandardCharsets.UTF_8),
                "text/plain; charset=utf-8", "a.txt");
        assertThat(plain.partialReason()).isEqualTo("text cut at 1000 characters");
        ExtractedDocument whole = small.extract("<html><body><p>短</p></body></html>".getBytes(StandardCharsets.UTF_8),
                "text/html; charset=utf-8", "http://www.yunchuan.gov.cn/b.html");
        assertThat(whole.partial()).isFalse();
    }

    @Test
    void aPageOfAMillionLinksKeepsTheFirstTenThousandAndIsNotedAsPartial() throws Exception {
        StringBuilder html = new StringBuilder("<html><body><p>\u6b63\u6587</p>");
        for (int i = 0; i < 200_000; i++) {
            html.append("<a href=\"/l/").append(i).append(".html\">").append(i).append("</a>");
        }
        ExtractedDocument doc = extractor.extract(html.append("</body></html>").toString().getBytes(StandardCharsets.UTF_8),
                "text/html; charset=utf-8", "http://www.yunchuan.gov.cn/");
        assertThat(doc.links()).hasSize(DocumentTextExtractor.MAX_LINKS).startsWith("http://www.yunchuan.gov.cn/l/0.html");
        assertThat(doc.partialReason()).contains("links cut at " + DocumentTextExtractor.MAX_LINKS);
    }

    @Test
    // A hang guard, not a measurement: unbounded, this page takes many minutes.
    @org.junit.jupiter.api.Timeout(value = 300, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void twentyThousandRulesOnThousandsOfElementsStopAtTheMatchingBudget() throws Exception {
        StringBuilder html = new StringBuilder("<html><head><style>");
        for (int i = 0; i < 20_000; i++) {
            html.append("div{color:#").append(String.format("%06x", i)).append("}");
        }
        html.append("</style></head><body><p>\u6b63\u6587</p>");
        html.append("<div>\u5757</div>".repeat(5_000));
        long started = System.nanoTime();
        ExtractedDocument doc = extractor.extract(html.append("</body></html>").toString().getBytes(StandardCharsets.UTF_8),
                "text/html; charset=utf-8", "http://www.yunchuan.gov.cn/css.html");
        System.out.printf("a page of 20,000 rules and 5,000 elements extracted in %d ms%n",
                (System.nanoTime() - started) / 1_000_000);
        assertThat(doc.text()).startsWith("\u6b63\u6587");
        assertThat(doc.partialReason()).startsWith("page CSS applied to part of the page only");
    }
}
