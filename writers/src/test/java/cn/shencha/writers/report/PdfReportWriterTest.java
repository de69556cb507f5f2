package cn.shencha.writers.report;

import cn.shencha.rules.Category;
import cn.shencha.writers.ledger.ExternalTools;
import cn.shencha.writers.signing.PdfSignatureVerifier;
import cn.shencha.writers.signing.PdfSigning;
import cn.shencha.writers.signing.SignatureSettings;
import cn.shencha.writers.signing.SigningKeys;
import cn.shencha.writers.signing.VerificationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The weekly report PDF from known facts: page budget (district two pages, unit one), every headline number and
 * chart label as text, vector charts in the embedded font only, PDF/A-2b before and after signing, 本周无数据.
 */
class PdfReportWriterTest {

    @TempDir
    static Path dir;
    static Path district;
    static ReportLayout districtLayout;

    @BeforeAll
    static void writeDistrictReport() throws Exception {
        VeraGreenfieldFoundryProvider.initialise();
        district = dir.resolve("district.pdf");
        try (OutputStream out = Files.newOutputStream(district)) {
            districtLayout = new PdfReportWriter().write(ReportFixtures.district(), out);
        }
    }

    static String text(Path pdf) throws Exception {
        ExternalTools.Result r = ExternalTools.run("pdftotext", "-enc", "UTF-8", "-layout", pdf.toString(), "-");
        assertThat(r.exitCode()).isZero();
        return r.output();
    }

    @Test
    void districtReportFitsTwoPortraitPagesWithTheSignatureRoomOnTheLast() throws Exception {
        assertThat(districtLayout.pages()).isEqualTo(2);
        assertThat(districtLayout.signaturePage()).isEqualTo(2);
        ExternalTools.Result info = ExternalTools.run("pdfinfo", district.toString());
        assertThat(info.output()).contains("Pages:           2").contains("595 x 842 pts (A4)")
                .contains("Title:           网站与政务新媒体保密审查周报");
    }

    @Test
    void headlineNumbersAndChartLabelsAreText() throws Exception {
        String text = text(district).replaceAll("[ \\t]+", " ");
        WeeklyReport r = ReportFixtures.district();
        assertThat(text).contains("网站与政务新媒体保密审查周报", "统计期间：2026年第47周（2026年11月16日至11月22日）",
                "编制单位：云川区人民政府办公室", "范围：全区");
        assertThat(text).contains("读取网页（个） 1234 1201 +33", "变更网页及附件 61 70 -9", "待审事项（件） 29 30 -1",
                "其中：超期 6 4 +2", "发现问题（处） " + r.current().findings() + " 15 +" + (r.current().findings() - 15),
                "读网次数 21 21 持平");
        for (Category c : Category.values()) {
            // The table row and the chart title, whose label JFreeChart drew into the SVG.
            assertThat(text).contains(c.chineseName() + "（本周 " + r.current().findings(c) + "）");
        }
        assertThat(text).contains("区发展和改革局（13）", "待审事项（件）", "一般", "重要", "特级");
        assertThat(text).contains("首页更新", "不达标", "未检测", "达标");
        assertThat(text).contains("其余 4 个单位见本周报的 Excel 版");
    }

    @Test
    void chartsAreVectorGraphicsInTheEmbeddedFontOnly() throws Exception {
        ExternalTools.Result images = ExternalTools.run("pdfimages", "-list", district.toString());
        // Header lines only: no raster image anywhere, the charts are drawn as paths and text.
        assertThat(images.output().lines().count()).isEqualTo(2);
        ExternalTools.Result fonts = ExternalTools.run("pdffonts", district.toString());
        List<String> rows = fonts.output().lines().skip(2).toList();
        assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat(row).contains("LXGWWenKai").contains(" yes yes "));
    }

    @Test
    void unitReportFitsOnePage() throws Exception {
        Path unit = dir.resolve("unit.pdf");
        ReportLayout layout;
        try (OutputStream out = Files.newOutputStream(unit)) {
            layout = new PdfReportWriter().write(ReportFixtures.unit(), out);
        }
        assertThat(layout.pages()).isEqualTo(1);
        String text = text(unit);
        assertThat(text).contains("范围：区发展和改革局").doesNotContain("单位排名").doesNotContain("普查");
    }

    @Test
    void aWeekWithoutDataSaysSo() throws Exception {
        Path empty = dir.resolve("empty.pdf");
        try (OutputStream out = Files.newOutputStream(empty)) {
            new PdfReportWriter().write(ReportFixtures.empty(), out);
        }
        String text = text(empty);
        assertThat(text).contains("本周无数据", "近12周未发现问题", "没有未办结事项");
        assertPdfA2b(empty);
    }

    @Test
    void signedReportIsPdfA2bAndVerifies() throws Exception {
        Path signed = dir.resolve("signed.pdf");
        PdfSigning.sign(district, signed, SigningKeys.demo(dir.resolve("demo.p12")),
                new SignatureSettings("确认周报内容完整", "云川区", null, districtLayout.signaturePage(), districtLayout.signatureBox()),
                ZonedDateTime.now());
        assertPdfA2b(district);
        assertPdfA2b(signed);
        VerificationResult result = new PdfSignatureVerifier().verify(signed);
        assertThat(result.failures()).isEmpty();
        assertThat(ExternalTools.run("pdfsig", signed.toString()).output()).contains("Signature is Valid.");
        assertThat(text(signed)).contains("签名人：" + SigningKeys.DEMO_COMMON_NAME);
    }

    static void assertPdfA2b(Path pdf) throws Exception {
        VeraGreenfieldFoundryProvider.initialise();
        try (PDFAParser parser = Foundries.defaultInstance().createParser(pdf.toFile(), PDFAFlavour.PDFA_2_B);
             PDFAValidator validator = Foundries.defaultInstance().createValidator(PDFAFlavour.PDFA_2_B, false)) {
            ValidationResult result = validator.validate(parser);
            List<String> failed = result.getTestAssertions().stream()
                    .filter(a -> a.getStatus() == TestAssertion.Status.FAILED)
                    .map(a -> a.getRuleId().getClause() + "-" + a.getRuleId().getTestNumber() + ": " + a.getMessage())
                    .distinct().toList();
            assertThat(failed).as(pdf.getFileName().toString()).isEmpty();
            assertThat(result.isCompliant()).isTrue();
        }
    }
}
