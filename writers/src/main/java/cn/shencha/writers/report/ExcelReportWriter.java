package cn.shencha.writers.report;

import cn.shencha.rules.Category;
import cn.shencha.rules.Importance;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes the weekly report's numbers as an Excel workbook for staff who rework them: 汇总 (the headline numbers, this
 * week, last week, change), 单位 (every unit's ranking figures and open items by grade), 待审事项 (every open item at
 * the reference time, streamed: any number of rows) and 趋势 (findings by category per week). Same facts as the PDF.
 */
public final class ExcelReportWriter {

    public static final String SUMMARY_SHEET = "汇总";
    public static final String UNITS_SHEET = "单位";
    public static final String OPEN_SHEET = "待审事项";
    public static final String TREND_SHEET = "趋势";

    /**
     * Writes the workbook to the stream, which is left open.
     *
     * @param openItems hands every open item at the report's reference time to the sink, one at a time (so a source
     *                  can stream them from a query without holding them)
     * @return the number of open items written
     */
    public long write(WeeklyReport report, Consumer<Consumer<OpenItem>> openItems, OutputStream out) throws IOException {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(200)) {
            Styles styles = new Styles(workbook);
            summary(workbook.createSheet(SUMMARY_SHEET), report, styles);
            units(workbook.createSheet(UNITS_SHEET), report, styles);
            long open = open(workbook.createSheet(OPEN_SHEET), openItems, styles);
            trend(workbook.createSheet(TREND_SHEET), report, styles);
            var properties = workbook.getXSSFWorkbook().getProperties().getCoreProperties();
            properties.setTitle(report.info().title());
            properties.setSubjectProperty(report.info().scopeLabel() + " " + report.info().week().chineseLabel());
            properties.setCreator("审查 Shencha");
            workbook.write(out);
            return open;
        }
    }

    /** The summary sheet's rows: label, this week, last week (the same labels as the PDF's headline table). */
    static List<Object[]> summaryRows(WeeklyReport r) {
        Headline c = r.current();
        Headline p = r.previous();
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[]{"读网次数", c.readings(), p.readings()});
        rows.add(new Object[]{"读取网页（个）", c.pagesRead(), p.pagesRead()});
        rows.add(new Object[]{"读取附件（个）", c.attachmentsRead(), p.attachmentsRead()});
        rows.add(new Object[]{"读取新媒体信息（条）", c.feedItemsRead(), p.feedItemsRead()});
        rows.add(new Object[]{"新增网页及附件", c.newPages(), p.newPages()});
        rows.add(new Object[]{"变更网页及附件", c.changedPages(), p.changedPages()});
        rows.add(new Object[]{"审结事项（件）", c.decided(), p.decided()});
        rows.add(new Object[]{"其中：同意发布", c.approved(), p.approved()});
        rows.add(new Object[]{"其中：退回修改", c.amended(), p.amended()});
        rows.add(new Object[]{"其中：撤下", c.takenDown(), p.takenDown()});
        rows.add(new Object[]{"待审事项（件）", c.pending(), p.pending()});
        rows.add(new Object[]{"其中：超期", c.overdue(), p.overdue()});
        rows.add(new Object[]{"篡改事件（起）", c.tamperIncidents(), p.tamperIncidents()});
        rows.add(new Object[]{"暗链事件（起）", c.hiddenLinkIncidents(), p.hiddenLinkIncidents()});
        rows.add(new Object[]{"发现问题（处）", c.findings(), p.findings()});
        for (Category cat : Category.values()) {
            rows.add(new Object[]{cat.chineseName(), c.findings(cat), p.findings(cat)});
        }
        for (Importance g : Importance.values()) {
            rows.add(new Object[]{g.chineseName() + "事项上的问题", c.findings(g), p.findings(g)});
        }
        return rows;
    }

    private static void summary(Sheet sheet, WeeklyReport r, Styles s) {
        int i = 0;
        info(sheet, i++, "标题", r.info().title(), s);
        info(sheet, i++, "统计期间", r.info().week().chineseLabel() + "（" + r.info().week() + "）", s);
        info(sheet, i++, "范围", r.info().scopeLabel(), s);
        info(sheet, i++, "编制单位", r.info().organization(), s);
        info(sheet, i++, "生成时间", r.info().generatedAt().toString().replace('T', ' '), s);
        info(sheet, i++, "待审统计时点", r.info().asOf().toString().replace('T', ' '), s);
        if (r.emptyWeek()) {
            info(sheet, i++, "说明", PdfReportWriter.NO_DATA, s);
        }
        i++;
        int headerRow = i;
        header(sheet.createRow(i++), s, "指标", "本周", "上周", "增减");
        for (Object[] row : summaryRows(r)) {
            Row x = sheet.createRow(i++);
            x.createCell(0).setCellValue((String) row[0]);
            long cur = (Long) row[1];
            long prev = (Long) row[2];
            x.createCell(1).setCellValue(cur);
            x.createCell(2).setCellValue(prev);
            x.createCell(3).setCellValue(cur - prev);
        }
        sheet.setColumnWidth(0, 26 * 256);
        for (int c = 1; c <= 3; c++) {
            sheet.setColumnWidth(c, 12 * 256);
        }
        if (!r.health().isEmpty()) {
            i++;
            header(sheet.createRow(i++), s, "健康指标", "要求", "状态", "情况");
            for (SiteHealthIndicator h : r.health()) {
                Row x = sheet.createRow(i++);
                x.createCell(0).setCellValue(h.name());
                x.createCell(1).setCellValue(h.requirement());
                x.createCell(2).setCellValue(h.status().chineseName());
                x.createCell(3).setCellValue(h.figure());
            }
        }
        sheet.createFreezePane(0, headerRow + 1);
    }

    private static void units(Sheet sheet, WeeklyReport r, Styles s) {
        header(sheet.createRow(0), s, "单位", "读取网页", "发现问题", "每百页问题数", "超期事项", "审结事项", "平均办理天数",
                "待审·一般", "待审·重要", "待审·特级", "待审合计");
        int i = 1;
        for (UnitRank u : r.ranking()) {
            Row x = sheet.createRow(i++);
            x.createCell(0).setCellValue(u.unit());
            x.createCell(1).setCellValue(u.pagesRead());
            x.createCell(2).setCellValue(u.findings());
            number(x.createCell(3), u.findingsPer100Pages(), s);
            x.createCell(4).setCellValue(u.overdue());
            x.createCell(5).setCellValue(u.decided());
            number(x.createCell(6), u.meanDecisionDays(), s);
            UnitOpenItems open = r.openByUnit().stream().filter(o -> o.unit().equals(u.unit())).findFirst()
                    .orElse(new UnitOpenItems(u.unit(), null));
            int c = 7;
            for (Importance g : Importance.values()) {
                x.createCell(c++).setCellValue(open.open().get(g));
            }
            x.createCell(c).setCellValue(open.total());
        }
        sheet.setColumnWidth(0, 28 * 256);
        for (int c = 1; c <= 10; c++) {
            sheet.setColumnWidth(c, 12 * 256);
        }
        sheet.createFreezePane(1, 1);
        if (i > 1) {
            sheet.setAutoFilter(new CellRangeAddress(0, i - 1, 0, 10));
        }
    }

    private static long open(Sheet sheet, Consumer<Consumer<OpenItem>> items, Styles s) {
        header(sheet.createRow(0), s, "等级", "单位", "事项", "网址", "已等待（天）", "待审环节", "是否超期", "控制台链接", "任务编号");
        long[] count = {0};
        items.accept(o -> {
            Row x = sheet.createRow((int) ++count[0]);
            x.createCell(0).setCellValue(o.grade().chineseName());
            x.createCell(1).setCellValue(o.unit());
            x.createCell(2).setCellValue(o.title());
            x.createCell(3).setCellValue(o.url());
            x.createCell(4).setCellValue(o.ageDays());
            x.createCell(5).setCellValue(o.waitingAt());
            x.createCell(6).setCellValue(o.overdue() ? "是" : "否");
            x.createCell(7).setCellValue(o.link());
            x.createCell(8).setCellValue(o.taskId());
        });
        long n = count[0];
        int[] widths = {7, 24, 44, 40, 12, 20, 9, 40, 20};
        for (int c = 0; c < widths.length; c++) {
            sheet.setColumnWidth(c, widths[c] * 256);
        }
        sheet.createFreezePane(0, 1);
        sheet.setAutoFilter(new CellRangeAddress(0, (int) Math.max(n, 1), 0, widths.length - 1));
        return n;
    }

    private static void trend(Sheet sheet, WeeklyReport r, Styles s) {
        List<String> heads = new ArrayList<>(List.of("周次", "起止日期"));
        for (Category c : Category.values()) {
            heads.add(c.chineseName());
        }
        heads.add("合计");
        header(sheet.createRow(0), s, heads.toArray(String[]::new));
        int i = 1;
        for (WeekTrend w : r.trend()) {
            Row x = sheet.createRow(i++);
            x.createCell(0).setCellValue(w.week().toString());
            x.createCell(1).setCellValue(w.week().monday() + " 至 " + w.week().sunday());
            int c = 2;
            for (Category cat : Category.values()) {
                x.createCell(c++).setCellValue(w.byCategory().get(cat));
            }
            x.createCell(c).setCellValue(w.total());
        }
        sheet.setColumnWidth(0, 11 * 256);
        sheet.setColumnWidth(1, 25 * 256);
        for (int c = 2; c < heads.size(); c++) {
            sheet.setColumnWidth(c, 13 * 256);
        }
        sheet.createFreezePane(2, 1);
    }

    private static void info(Sheet sheet, int row, String label, String value, Styles s) {
        Row x = sheet.createRow(row);
        Cell l = x.createCell(0);
        l.setCellValue(label);
        l.setCellStyle(s.bold);
        x.createCell(1).setCellValue(value);
    }

    private static void header(Row row, Styles s, String... names) {
        for (int c = 0; c < names.length; c++) {
            Cell cell = row.createCell(c);
            cell.setCellValue(names[c]);
            cell.setCellStyle(s.header);
        }
    }

    private static void number(Cell cell, Double value, Styles s) {
        if (value != null) {
            cell.setCellValue(Math.round(value * 10) / 10.0);
            cell.setCellStyle(s.decimal);
        }
    }

    private static final class Styles {
        final CellStyle header;
        final CellStyle bold;
        final CellStyle decimal;

        Styles(SXSSFWorkbook workbook) {
            Font boldFont = workbook.createFont();
            boldFont.setBold(true);
            header = workbook.createCellStyle();
            header.setFont(boldFont);
            header.setWrapText(true);
            header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
            header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            header.setBorderBottom(BorderStyle.THIN);
            bold = workbook.createCellStyle();
            bold.setFont(boldFont);
            decimal = workbook.createCellStyle();
            decimal.setDataFormat(workbook.createDataFormat().getFormat("0.0"));
        }
    }
}
