package cn.shencha.writers.report;

import cn.shencha.writers.ledger.ExternalTools;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The 值班读网表 in PDF (landscape, PDF/A-2b, header on every page) and Excel. */
class ReadingLogWriterTest {

    @TempDir
    Path dir;

    static List<ReadingLogEntry> entries(int days) {
        List<ReadingLogEntry> out = new ArrayList<>();
        LocalDate d0 = LocalDate.of(2026, 11, 16);
        String[] slots = {"早", "中", "晚"};
        int[] hours = {8, 12, 18};
        for (int d = 0; d < days; d++) {
            for (int s = 0; s < 3; s++) {
                LocalDateTime due = d0.plusDays(d).atTime(hours[s], 0);
                boolean missed = d == 1 && s == 2;
                out.add(new ReadingLogEntry(d0.plusDays(d), slots[s], "云川区人民政府门户网站", due, missed ? null : due.plusSeconds(2),
                        missed ? null : due.plusMinutes(7), missed ? "漏读" : "完成", 120 + d, d % 3, s, s == 0 ? "" : "事项 1 件：待审 1",
                        "张三", d == 2 ? "" : "zhangsan", d == 2 ? null : due.plusHours(1), d == 2 ? "" : "已阅，无异常",
                        missed ? "漏读" : d == 2 ? "未确认" : ""));
            }
        }
        return out;
    }

    @Test
    void pdfListsEveryReadingWithItsConfirmationAndFlags() throws Exception {
        Path pdf = dir.resolve("log.pdf");
        int rows;
        try (OutputStream out = Files.newOutputStream(pdf)) {
            rows = new ReadingLogWriter().writePdf("云川区人民政府办公室", LocalDate.of(2026, 11, 16), LocalDate.of(2026, 12, 15),
                    LocalDateTime.of(2026, 12, 16, 9, 0), entries(30).iterator(), out);
        }
        assertThat(rows).isEqualTo(90);
        String text = ExternalTools.run("pdftotext", "-enc", "UTF-8", pdf.toString(), "-").output();
        assertThat(text).contains("值班读网表", "期间：2026年11月16日至2026年12月15日", "2026-11-17", "漏读", "未确认", "已阅，无异常",
                "应于 18:00", "08:00—08:07");
        int pages = Integer.parseInt(ExternalTools.run("pdfinfo", pdf.toString()).output().lines()
                .filter(l -> l.startsWith("Pages:")).findFirst().orElseThrow().replaceAll("\\D", ""));
        assertThat(pages).isGreaterThan(1);
        for (int p = 1; p <= pages; p++) {
            String page = ExternalTools.run("pdftotext", "-enc", "UTF-8", "-f", "" + p, "-l", "" + p, pdf.toString(), "-").output();
            assertThat(page.replaceAll("\\s+", "")).as("page %d", p).contains("处理情况", "第" + p + "页共" + pages + "页");
        }
        PdfReportWriterTest.assertPdfA2b(pdf);
    }

    @Test
    void anEmptyPeriodIsAPageSayingSo() throws Exception {
        Path pdf = dir.resolve("empty.pdf");
        try (OutputStream out = Files.newOutputStream(pdf)) {
            new ReadingLogWriter().writePdf("", LocalDate.of(2026, 11, 16), LocalDate.of(2026, 11, 16),
                    LocalDateTime.of(2026, 11, 16, 9, 0), List.<ReadingLogEntry>of().iterator(), out);
        }
        assertThat(ExternalTools.run("pdftotext", "-enc", "UTF-8", pdf.toString(), "-").output()).contains("本期无读网记录");
    }

    @Test
    void excelHasOneRowPerReading() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rows = new ReadingLogWriter().writeExcel("云川区人民政府办公室", LocalDate.of(2026, 11, 16), LocalDate.of(2026, 11, 18),
                LocalDateTime.of(2026, 11, 19, 9, 0), entries(3).iterator(), out);
        assertThat(rows).isEqualTo(9);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            var sheet = wb.getSheet("值班读网表");
            assertThat(sheet.getLastRowNum()).isEqualTo(9);
            assertThat(sheet.getRow(6).getCell(1).getStringCellValue()).isEqualTo("晚");
            assertThat(sheet.getRow(6).getCell(6).getStringCellValue()).isEqualTo("漏读");
            assertThat(sheet.getRow(6).getCell(7)).isNull();
            assertThat(sheet.getRow(1).getCell(7).getNumericCellValue()).isEqualTo(120);
        }
    }
}
