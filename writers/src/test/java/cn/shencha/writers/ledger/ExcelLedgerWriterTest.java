package cn.shencha.writers.ledger;

import cn.shencha.rules.Importance;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.PaneInformation;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ExcelLedgerWriterTest {

    @TempDir
    Path dir;

    @Test
    void singleSheetLedgerHasHeadersFrozenRowFilterDatesAndSummary() throws Exception {
        List<LedgerEntry> entries = LedgerFixtures.entries(300);
        Path file = dir.resolve("ledger.xlsx");
        ExcelLedgerWriter writer = new ExcelLedgerWriter(ExcelLedgerWriter.Layout.SINGLE_SHEET);
        LedgerSummary summary = writer.write(LedgerFixtures.INFO, entries.stream(), file);
        assertThat(summary.total()).isEqualTo(entries.size());

        try (InputStream in = Files.newInputStream(file); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            assertThat(wb.getNumberOfSheets()).isEqualTo(2);
            assertThat(wb.getSheetName(0)).isEqualTo("汇总");
            assertThat(wb.getSheetName(1)).isEqualTo("台帐");
            XSSFSheet sheet = wb.getSheet("台帐");

            List<String> headers = strings(sheet.getRow(0));
            assertThat(headers).startsWith("编号", "报审时间", "单位", "事项标题", "网址", "等级", "问题类别代码", "问题类别",
                    "信息员审核人", "信息员意见", "信息员审核时间", "分管领导审核人");
            assertThat(headers).contains("主要负责人意见", "区政府领导审核时间", "区保密局结论", "发布时间", "撤稿时间", "备注");
            assertThat(headers).isEqualTo(writer.headers());

            PaneInformation pane = sheet.getPaneInformation();
            assertThat(pane).isNotNull();
            assertThat(pane.isFreezePane()).isTrue();
            assertThat(pane.getHorizontalSplitPosition()).isEqualTo((short) 1);
            assertThat(pane.getVerticalSplitPosition()).isEqualTo((short) 0);

            String lastColumn = org.apache.poi.ss.util.CellReference.convertNumToColString(headers.size() - 1);
            assertThat(sheet.getCTWorksheet().getAutoFilter().getRef()).isEqualTo("A1:" + lastColumn + (entries.size() + 1));
            assertThat(sheet.getColumnWidth(headers.indexOf("事项标题"))).isGreaterThan(sheet.getColumnWidth(headers.indexOf("等级")) * 4);
            assertThat(sheet.getLastRowNum()).isEqualTo(entries.size());

            // The first entry, cell by cell.
            Row first = sheet.getRow(1);
            assertThat(text(first, headers, "编号")).isEqualTo("SP-2025-900001");
            assertThat(text(first, headers, "单位")).isEqualTo("区统计局");
            assertThat(text(first, headers, "等级")).isEqualTo("特级");
            assertThat(text(first, headers, "问题类别代码")).isEqualTo("ECON_UNRELEASED,PERSONAL_INFO");
            assertThat(text(first, headers, "问题类别")).isEqualTo("未发布经济数据、个人信息");
            assertThat(text(first, headers, "区政府领导审核人")).isEqualTo("上官婉清");
            assertThat(text(first, headers, "分管领导意见")).isEqualTo("隐去未公开数据");
            assertThat(text(first, headers, "区保密局结论")).isEqualTo("脱密处理后可公开");
            Cell submitted = first.getCell(headers.indexOf("报审时间"));
            assertThat(submitted.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(DateUtil.isCellDateFormatted(submitted)).isTrue();
            assertThat(submitted.getLocalDateTimeCellValue()).isEqualTo(LedgerFixtures.SPECIAL.submittedAt());
            assertThat(submitted.getCellStyle().getDataFormatString()).isEqualTo(ExcelLedgerWriter.DATE_TIME_FORMAT);
            Cell takenDown = first.getCell(headers.indexOf("撤稿时间"));
            assertThat(DateUtil.isCellDateFormatted(takenDown)).isTrue();
            assertThat(takenDown.getLocalDateTimeCellValue()).isEqualTo(LedgerFixtures.SPECIAL.takenDownAt());

            // The rejected entry has no publication, and no opinions above level 1.
            Row second = sheet.getRow(2);
            assertThat(second.getCell(headers.indexOf("发布时间"))).isNull();
            assertThat(second.getCell(headers.indexOf("分管领导审核人"))).isNull();
            assertThat(text(second, headers, "信息员意见")).isEqualTo("不予发布");

            // Every review time of every entry is a real date cell.
            int dateCells = 0;
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                for (String h : headers) {
                    if (h.endsWith("时间")) {
                        Cell c = sheet.getRow(r).getCell(headers.indexOf(h));
                        if (c != null) {
                            assertThat(c.getCellType()).as("row %d %s", r, h).isEqualTo(CellType.NUMERIC);
                            assertThat(DateUtil.isCellDateFormatted(c)).isTrue();
                            dateCells++;
                        }
                    }
                }
            }
            assertThat(dateCells).isGreaterThan(entries.size() * 3);

            // The summary counts by unit and grade agree with the entries.
            XSSFSheet sum = wb.getSheet("汇总");
            assertThat(strings(sum.getRow(0))).containsExactly("单位", "一般", "重要", "特级", "合计");
            Map<String, Map<Importance, Long>> expected = entries.stream().collect(Collectors.groupingBy(LedgerEntry::unit,
                    Collectors.groupingBy(LedgerEntry::grade, Collectors.counting())));
            int units = 0;
            int r = 1;
            for (; !sum.getRow(r).getCell(0).getStringCellValue().equals("合计"); r++) {
                Row row = sum.getRow(r);
                String unit = row.getCell(0).getStringCellValue();
                Map<Importance, Long> counts = expected.get(unit);
                assertThat(counts).as(unit).isNotNull();
                assertThat((long) row.getCell(1).getNumericCellValue()).isEqualTo(counts.getOrDefault(Importance.GENERAL, 0L));
                assertThat((long) row.getCell(2).getNumericCellValue()).isEqualTo(counts.getOrDefault(Importance.IMPORTANT, 0L));
                assertThat((long) row.getCell(3).getNumericCellValue()).isEqualTo(counts.getOrDefault(Importance.SPECIAL, 0L));
                assertThat((long) row.getCell(4).getNumericCellValue()).isEqualTo(counts.values().stream().mapToLong(Long::longValue).sum());
                units++;
            }
            assertThat(units).isEqualTo(expected.size());
            Row total = sum.getRow(r);
            assertThat((long) total.getCell(3).getNumericCellValue())
                    .isEqualTo(entries.stream().filter(e -> e.grade() == Importance.SPECIAL).count());
            assertThat((long) total.getCell(4).getNumericCellValue()).isEqualTo(entries.size());
        }
    }

    @Test
    void sheetPerUnitLayoutHasOneSheetPerUnitWithoutUnitColumn() throws Exception {
        List<LedgerEntry> entries = LedgerFixtures.entries(200);
        Path file = dir.resolve("per-unit.xlsx");
        ExcelLedgerWriter writer = new ExcelLedgerWriter(ExcelLedgerWriter.Layout.SHEET_PER_UNIT);
        writer.write(LedgerFixtures.INFO, entries.stream(), file);
        Map<String, Long> perUnit = entries.stream().collect(Collectors.groupingBy(LedgerEntry::unit, Collectors.counting()));
        try (InputStream in = Files.newInputStream(file); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            assertThat(wb.getSheetName(0)).isEqualTo("汇总");
            assertThat(wb.getNumberOfSheets()).isEqualTo(perUnit.size() + 1);
            XSSFSheet stats = wb.getSheet("区统计局");
            assertThat(stats).isNotNull();
            List<String> headers = strings(stats.getRow(0));
            assertThat(headers).doesNotContain("单位").contains("编号", "区保密局结论");
            assertThat(stats.getLastRowNum()).isEqualTo(perUnit.get("区统计局").intValue());
            assertThat(stats.getPaneInformation().isFreezePane()).isTrue();
            assertThat(stats.getCTWorksheet().getAutoFilter()).isNotNull();
            List<String> numbers = new ArrayList<>();
            for (int r = 1; r <= stats.getLastRowNum(); r++) {
                numbers.add(stats.getRow(r).getCell(0).getStringCellValue());
            }
            assertThat(numbers).contains("SP-2025-900001");
        }
    }

    @Test
    void textOutsideTheBasicPlaneAndXmlSpecialCharactersSurvive() throws Exception {
        String notes = "姓名含扩展字𠀀（U+20000）与表情😀，<b>&\"引号\"</b>";
        LedgerEntry e = new LedgerEntry("SP-2025-900003", "A&B <测试>", "", "区统计局", Importance.GENERAL, List.of(),
                java.time.LocalDateTime.of(2025, 1, 2, 3, 4), List.of(), "", null, null, notes);
        Path file = dir.resolve("special.xlsx");
        new ExcelLedgerWriter(ExcelLedgerWriter.Layout.SINGLE_SHEET).write(LedgerFixtures.INFO, java.util.stream.Stream.of(e), file);
        try (InputStream in = Files.newInputStream(file); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            XSSFSheet sheet = wb.getSheet("台帐");
            List<String> headers = strings(sheet.getRow(0));
            assertThat(text(sheet.getRow(1), headers, "备注")).isEqualTo(notes);
            assertThat(text(sheet.getRow(1), headers, "事项标题")).isEqualTo("A&B <测试>");
        }
    }

    @Test
    void filterSelectsByPeriodUnitGradeAndLevel() {
        List<LedgerEntry> entries = LedgerFixtures.entries(500);
        LedgerFilter february = LedgerFilter.of(new LedgerPeriod(java.time.LocalDate.of(2025, 2, 1), java.time.LocalDate.of(2025, 2, 28)));
        assertThat(february.apply(entries)).isNotEmpty()
                .allSatisfy(e -> assertThat(e.submittedAt().getMonthValue()).isEqualTo(2));
        assertThat(LedgerFilter.ALL.withLevel(ReviewLevel.DISTRICT_LEADER).apply(entries))
                .contains(LedgerFixtures.SPECIAL).doesNotContain(LedgerFixtures.REJECTED)
                .allSatisfy(e -> assertThat(e.review(ReviewLevel.DISTRICT_LEADER)).isPresent());
        assertThat(LedgerFilter.ALL.withUnit("区信访局").withGrade(Importance.GENERAL).apply(entries))
                .contains(LedgerFixtures.REJECTED)
                .allSatisfy(e -> assertThat(e.unit()).isEqualTo("区信访局"));
        long specials = entries.stream().filter(e -> e.grade() == Importance.SPECIAL).count();
        assertThat(LedgerFilter.ALL.withGrade(Importance.SPECIAL).apply(entries.stream()).count()).isEqualTo(specials);
    }

    @Test
    void sheetNamesAreSafeAndUnique() {
        java.util.Set<String> used = new java.util.HashSet<>();
        String a = ExcelLedgerWriter.uniqueSheetName("区人力资源和社会保障局/区医疗保障局[合署]办公室及其下属事业单位", used);
        String b = ExcelLedgerWriter.uniqueSheetName("区人力资源和社会保障局/区医疗保障局[合署]办公室及其下属事业单位", used);
        assertThat(a).hasSizeLessThanOrEqualTo(31).doesNotContain("/", "[", "]");
        assertThat(b).hasSizeLessThanOrEqualTo(31).isNotEqualTo(a).endsWith("(2)");
    }

    private static List<String> strings(Row row) {
        List<String> out = new ArrayList<>();
        for (Cell c : row) {
            out.add(c.getStringCellValue());
        }
        return out;
    }

    private static String text(Row row, List<String> headers, String header) {
        Cell c = row.getCell(headers.indexOf(header));
        return c == null ? null : c.getStringCellValue();
    }
}
