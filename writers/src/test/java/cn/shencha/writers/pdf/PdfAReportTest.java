package cn.shencha.writers.pdf;

import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.canvas.parser.PdfTextExtractor;
import com.itextpdf.layout.element.Paragraph;
import com.itextpdf.layout.element.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The reusable PDF/A part as a weekly report would use it: portrait A4, layout engine, tables, page numbers. */
class PdfAReportTest {

    @TempDir
    Path dir;

    @Test
    void portraitReportWithLayoutContentIsPdfA2bWithPageXOfY() throws Exception {
        Path file = dir.resolve("weekly.pdf");
        try (OutputStream out = Files.newOutputStream(file);
             PdfAReport report = PdfAReport.create(out, PdfAReportSettings.of(PdfAReportSettings.A4_PORTRAIT,
                     "保密审查周报", "2025年第10周", "云川区保密局"))) {
            report.addTitleBlock("保密审查周报", List.of("统计期间：2025年3月3日至2025年3月9日"));
            Table table = PdfTables.table(new float[]{2, 1}, true);
            table.addHeaderCell(PdfTables.headerCell("单位", report.font(), 9));
            table.addHeaderCell(PdfTables.headerCell("问题数", report.font(), 9));
            report.document().add(table);
            for (int i = 0; i < 150; i++) {
                table.addCell(PdfTables.bodyCell("区第" + i + "单位", report.font(), 9));
                table.addCell(PdfTables.centeredCell(Integer.toString(i % 7), report.font(), 9));
                if (i % 50 == 49) {
                    table.flush();
                }
            }
            table.complete();
            report.document().add(new Paragraph("本周未发现涉密信息上网。"));
        }
        try (PdfDocument pdf = new PdfDocument(PdfFiles.reader(file))) {
            int pages = pdf.getNumberOfPages();
            assertThat(pages).isGreaterThan(1);
            assertThat(pdf.getPage(1).getPageSize().getHeight()).isGreaterThan(pdf.getPage(1).getPageSize().getWidth());
            for (int p = 1; p <= pages; p++) {
                String text = PdfTextExtractor.getTextFromPage(pdf.getPage(p));
                assertThat(text).as("page %d", p).contains("第 " + p + " 页").contains("共 " + pages + " 页").contains("单位");
            }
            assertThat(PdfTextExtractor.getTextFromPage(pdf.getPage(1))).contains("保密审查周报", "统计期间：2025年3月3日至2025年3月9日");
            assertThat(PdfTextExtractor.getTextFromPage(pdf.getPage(pages))).contains("本周未发现涉密信息上网。");
        }
        VeraGreenfieldFoundryProvider.initialise();
        try (PDFAParser parser = Foundries.defaultInstance().createParser(file.toFile(), PDFAFlavour.PDFA_2_B);
             PDFAValidator validator = Foundries.defaultInstance().createValidator(PDFAFlavour.PDFA_2_B, false)) {
            assertThat(validator.validate(parser).isCompliant()).isTrue();
        }
    }
}
