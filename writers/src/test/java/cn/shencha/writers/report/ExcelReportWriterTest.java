package cn.shencha.writers.report;

import cn.shencha.rules.Category;
import cn.shencha.rules.Importance;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The Excel version carries the same numbers as the PDF, as numeric cells, plus every open item. */
class ExcelReportWriterTest {

    @Test
    void sheetsCarryTheReportsNumbers() throws Exception {
        WeeklyReport report = ReportFixtures.district();
        List<OpenItem> open = IntStream.range(0, 2500).mapToObj(i -> new OpenItem("t" + i, Importance.GENERAL, "区统计局",
                "事项 " + i, "https://www.yunchuan.gov.cn/" + i + ".html", i % 40, "一级审核（信息员）", i % 40 > 5, "http://x/" + i)).toList();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long written = new ExcelReportWriter().write(report, open::forEach, out);
        assertThat(written).isEqualTo(2500);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            assertThat(List.of(wb.getSheetName(0), wb.getSheetName(1), wb.getSheetName(2), wb.getSheetName(3)))
                    .containsExactly("汇总", "单位", "待审事项", "趋势");
            Map<String, double[]> summary = new HashMap<>();
            for (Row r : wb.getSheet("汇总")) {
                if (r.getCell(1) != null && r.getCell(1).getCellType() == org.apache.poi.ss.usermodel.CellType.NUMERIC) {
                    summary.put(r.getCell(0).getStringCellValue(), new double[]{r.getCell(1).getNumericCellValue(),
                            r.getCell(2).getNumericCellValue(), r.getCell(3).getNumericCellValue()});
                }
            }
            assertThat(summary.get("读取网页（个）")).containsExactly(1234, 1201, 33);
            assertThat(summary.get("发现问题（处）")[0]).isEqualTo(report.current().findings());
            for (Category c : Category.values()) {
                assertThat(summary.get(c.chineseName())[0]).as(c.name()).isEqualTo(report.current().findings(c));
            }
            Sheet units = wb.getSheet("单位");
            assertThat(units.getLastRowNum()).isEqualTo(report.ranking().size());
            assertThat(units.getRow(1).getCell(0).getStringCellValue()).isEqualTo("区发展和改革局");
            assertThat(units.getRow(1).getCell(10).getNumericCellValue()).isEqualTo(13);
            assertThat(wb.getSheet("待审事项").getLastRowNum()).isEqualTo(2500);
            Sheet trend = wb.getSheet("趋势");
            assertThat(trend.getLastRowNum()).isEqualTo(WeeklyReport.TREND_WEEKS);
            assertThat(trend.getRow(12).getCell(0).getStringCellValue()).isEqualTo("2026-W47");
            assertThat(trend.getRow(12).getCell(2 + Category.values().length).getNumericCellValue())
                    .isEqualTo(report.current().findings());
        }
    }

    @Test
    void anEmptyWeekSaysSoInTheSummary() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ExcelReportWriter().write(ReportFixtures.empty(), sink -> { }, out);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            boolean said = false;
            for (Row r : wb.getSheet("汇总")) {
                if (r.getCell(1) != null && "本周无数据".equals(r.getCell(1).toString())) {
                    said = true;
                }
            }
            assertThat(said).isTrue();
        }
    }
}
