package cn.shencha.writers.ledger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Renders and reads back a ledger PDF with poppler: text, fonts, page numbers, and a page image. */
class PdfLedgerWriterTest {

    @TempDir
    static Path dir;
    static Path pdf;
    static List<LedgerEntry> entries;

    @BeforeAll
    static void writeLedger() throws Exception {
        entries = LedgerFixtures.entries(120);
        pdf = dir.resolve("ledger.pdf");
        try (OutputStream out = Files.newOutputStream(pdf)) {
            LedgerSummary summary = new PdfLedgerWriter().write(LedgerFixtures.INFO, entries.iterator(), out);
            assertThat(summary.total()).isEqualTo(entries.size());
        }
    }

    @Test
    void textHasTitlePeriodHeadersAndEntries() throws Exception {
        ExternalTools.Result text = ExternalTools.run("pdftotext", "-enc", "UTF-8", pdf.toString(), "-");
        assertThat(text.exitCode()).as(text.output()).isZero();
        String t = text.output();
        assertThat(t).contains("领导审批台帐", "统计期间：2025年1月1日至2025年3月31日", "编制单位：云川区人民政府办公室");
        for (String header : PdfLedgerWriter.HEADERS) {
            assertThat(t).as("header %s", header).contains(header);
        }
        // The known entries, cell by cell. In content-stream order (-raw) the wrapped lines of a cell follow each
        // other, so joining the lines gives back each cell's text.
        ExternalTools.Result raw = ExternalTools.run("pdftotext", "-raw", "-enc", "UTF-8", pdf.toString(), "-");
        String joined = raw.output().replace("\n", "");
        assertThat(joined).contains("SP-2025-900001", "区统计局", "特级", "未发布经济数据", "ECON_UNRELEASED", "个人信息",
                "PERSONAL_INFO", "欧阳晓燕", "司马国栋", "隐去未公开数据", "诸葛明远", "上官婉清", "同意发布",
                "2025-02-04 16:20", "脱密处理后可公开", "发布 2025-02-05", "撤稿 2025-02-20", "巡查撤稿",
                "SP-2025-900002", "区信访局", "钟离秋实", "不予发布", "退回起草单位", "未办结案件",
                "关于公布一季度经济运行数据的通知", "https://www.yunchuan.gov.cn/zwgk/202502/t90000001.html");
        // Every entry's number is there, in order.
        int from = 0;
        for (LedgerEntry e : entries) {
            int at = t.indexOf(e.number(), from);
            assertThat(at).as("entry %s", e.number()).isGreaterThanOrEqualTo(0);
            from = at;
        }
        // No replacement characters: every glyph had a Unicode mapping.
        assertThat(t).doesNotContain("\uFFFD");
        // The closing page.
        assertThat(t).contains("台帐汇总", "条目总数：" + entries.size());
    }

    @Test
    void everyPageHasHeaderRowAndPageXOfY() throws Exception {
        ExternalTools.Result info = ExternalTools.run("pdfinfo", pdf.toString());
        Matcher m = Pattern.compile("Pages:\\s+(\\d+)").matcher(info.output());
        assertThat(m.find()).as(info.output()).isTrue();
        int pages = Integer.parseInt(m.group(1));
        assertThat(pages).isGreaterThan(3);
        assertThat(info.output()).containsPattern("Page size:\\s+842 x 595 pts \\(A4\\)")
                .containsPattern("Title:\\s+领导审批台帐").containsPattern("Subject:\\s+统计期间：2025年1月1日至2025年3月31日");
        for (int p = 1; p <= pages; p++) {
            String page = ExternalTools.run("pdftotext", "-enc", "UTF-8", "-f", "" + p, "-l", "" + p, pdf.toString(), "-").output();
            assertThat(page).as("page %d", p).contains("第 " + p + " 页").contains("共 " + pages + " 页");
            if (p < pages) {
                assertThat(page).as("repeated header on page %d", p).contains("事项标题及网址", "区政府领导", "区保密局结论");
            }
        }
    }

    @Test
    void fontIsEmbeddedSubsetWithUnicodeMap() throws Exception {
        ExternalTools.Result fonts = ExternalTools.run("pdffonts", pdf.toString());
        assertThat(fonts.exitCode()).isZero();
        List<String> rows = fonts.output().lines().skip(2).toList();
        assertThat(rows).isNotEmpty().allSatisfy(row -> {
            assertThat(row).contains("LXGWWenKai-Regular");
            // columns: emb sub uni
            assertThat(row).matches(".*\\byes\\s+yes\\s+yes\\s+\\d+\\s+\\d+\\s*$");
        });
    }

    @Test
    void firstPageRendersWithTitleAndTable() throws Exception {
        Path prefix = dir.resolve("page");
        ExternalTools.Result r = ExternalTools.run("pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "1", "-singlefile",
                pdf.toString(), prefix.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        Path png = dir.resolve("page.png");
        BufferedImage image = ImageIO.read(png.toFile());
        // A4 landscape at 100 dpi.
        assertThat(image.getWidth()).isBetween(1165, 1172);
        assertThat(image.getHeight()).isBetween(824, 830);
        // Ink in the title band (top 12 %), and the grey of the header row below it.
        assertThat(darkPixels(image, 0, image.getHeight() * 12 / 100)).isGreaterThan(500);
        assertThat(darkPixels(image, image.getHeight() * 15 / 100, image.getHeight() * 90 / 100)).isGreaterThan(8_000);
        boolean grey = false;
        for (int y = image.getHeight() / 10; y < image.getHeight() / 4 && !grey; y++) {
            int rgb = image.getRGB(image.getWidth() / 2, y) & 0xFFFFFF;
            grey = rgb == 0xE4E7EC;
        }
        assertThat(grey).as("grey header row").isTrue();
        Path keep = Path.of(System.getProperty("java.io.tmpdir"), "shencha-ledger-page1.png");
        Files.copy(png, keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static int darkPixels(BufferedImage image, int fromY, int toY) {
        int n = 0;
        for (int y = fromY; y < toY; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int lum = ((rgb >> 16) & 0xFF) + ((rgb >> 8) & 0xFF) + (rgb & 0xFF);
                if (lum < 3 * 100) {
                    n++;
                }
            }
        }
        return n;
    }
}
