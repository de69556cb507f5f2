package cn.shencha.writers.report;

import cn.shencha.writers.pdf.PdfAReport;
import cn.shencha.writers.pdf.PdfAReportSettings;
import cn.shencha.writers.pdf.PdfColumn;
import cn.shencha.writers.pdf.PdfTableWriter;
import com.itextpdf.kernel.pdf.PdfPage;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Writes the duty reading log (《值班读网表》, ch. 6 §3.6) for a period: one row per reading, A4 landscape PDF/A-2b on
 * the ledgers' PDF layer (rows drawn with {@link PdfTableWriter}, header repeated on every page), or an Excel sheet.
 */
public final class ReadingLogWriter {

    public static final String TITLE = "值班读网表";
    public static final String SHEET = "值班读网表";

    static final List<PdfColumn> COLUMNS = List.of(
            PdfColumn.centered("日期", 6.2f),
            PdfColumn.centered("时段", 2.6f),
            PdfColumn.left("站点", 8.6f),
            PdfColumn.centered("读网时间", 7.4f),
            PdfColumn.centered("结果", 4.8f),
            PdfColumn.centered("读取\n网页", 3.4f),
            PdfColumn.centered("新增\n变更", 3.4f),
            PdfColumn.centered("发现\n问题", 3.4f),
            PdfColumn.left("处理情况", 12f),
            PdfColumn.left("值班人", 5.6f),
            PdfColumn.left("确认", 8f),
            PdfColumn.left("备注", 9f),
            PdfColumn.centered("标记", 4f));

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final boolean compressContent;

    public ReadingLogWriter() {
        this(true);
    }

    public ReadingLogWriter(boolean compressContent) {
        this.compressContent = compressContent;
    }

    /** The period as printed: 2026年11月23日至2026年11月23日. */
    static String period(LocalDate from, LocalDate to) {
        return from.getYear() + "年" + from.getMonthValue() + "月" + from.getDayOfMonth() + "日至" + to.getYear() + "年"
                + to.getMonthValue() + "月" + to.getDayOfMonth() + "日";
    }

    /** Writes the log as a PDF/A-2b document to the stream and closes it; returns the number of rows. */
    public int writePdf(String organization, LocalDate from, LocalDate to, LocalDateTime generatedAt,
                        Iterator<ReadingLogEntry> entries, OutputStream out) throws IOException {
        PdfAReportSettings settings = new PdfAReportSettings(PdfAReportSettings.A4_LANDSCAPE, TITLE, period(from, to),
                organization, 36, compressContent);
        int rows = 0;
        try (PdfAReport report = PdfAReport.create(out, settings)) {
            PdfPage first = report.newPage();
            float top = report.drawTitleBlock(first, TITLE, List.of((organization == null || organization.isEmpty() ? ""
                    : "编制单位：" + organization + "　　") + "期间：" + period(from, to) + "　　生成时间：" + TIME.format(generatedAt)));
            PdfTableWriter table = new PdfTableWriter(report, COLUMNS, 7f);
            table.begin(first, top);
            while (entries.hasNext()) {
                table.addRow(cells(entries.next()));
                rows++;
            }
            if (rows == 0) {
                List<String> empty = new ArrayList<>(Collections.nCopies(COLUMNS.size(), ""));
                empty.set(2, "本期无读网记录。");
                table.addRow(empty);
            }
            table.end();
        }
        return rows;
    }

    static List<String> cells(ReadingLogEntry e) {
        String when = e.startedAt() == null ? (e.dueAt() == null ? "" : "应于 " + CLOCK.format(e.dueAt()))
                : CLOCK.format(e.startedAt()) + "—" + (e.endedAt() == null ? "" : CLOCK.format(e.endedAt()));
        boolean happened = e.startedAt() != null;
        String confirmed = e.confirmedBy().isEmpty() ? "" : e.confirmedBy()
                + (e.confirmedAt() == null ? "" : "\n" + TIME.format(e.confirmedAt()));
        return List.of(e.date().toString(), e.slot(), e.site(), when, e.outcome(),
                happened ? Long.toString(e.pagesRead()) : "", happened ? Long.toString(e.changes()) : "",
                happened ? Long.toString(e.problems()) : "", e.handling(), e.reader(), confirmed, e.remark(), e.flag());
    }

    /** Writes the log as an Excel workbook to the stream, which is left open; returns the number of rows. */
    public int writeExcel(String organization, LocalDate from, LocalDate to, LocalDateTime generatedAt,
                          Iterator<ReadingLogEntry> entries, OutputStream out) throws IOException {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(200)) {
            SXSSFSheet sheet = workbook.createSheet(SHEET);
            Font bold = workbook.createFont();
            bold.setBold(true);
            CellStyle header = workbook.createCellStyle();
            header.setFont(bold);
            header.setWrapText(true);
            header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
            header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            CellStyle date = workbook.createCellStyle();
            date.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd hh:mm"));
            String[] heads = {"日期", "时段", "站点", "应读时间", "开始时间", "结束时间", "结果", "读取网页", "新增变更", "发现问题",
                    "处理情况", "值班人", "确认人", "确认时间", "备注", "标记"};
            int[] widths = {11, 6, 30, 17, 17, 17, 8, 10, 10, 10, 36, 10, 12, 17, 30, 8};
            Row h = sheet.createRow(0);
            for (int c = 0; c < heads.length; c++) {
                Cell cell = h.createCell(c);
                cell.setCellValue(heads[c]);
                cell.setCellStyle(header);
                sheet.setColumnWidth(c, widths[c] * 256);
            }
            int r = 0;
            while (entries.hasNext()) {
                ReadingLogEntry e = entries.next();
                Row x = sheet.createRow(++r);
                x.createCell(0).setCellValue(e.date().toString());
                x.createCell(1).setCellValue(e.slot());
                x.createCell(2).setCellValue(e.site());
                time(x, 3, e.dueAt(), date);
                time(x, 4, e.startedAt(), date);
                time(x, 5, e.endedAt(), date);
                x.createCell(6).setCellValue(e.outcome());
                if (e.startedAt() != null) {
                    x.createCell(7).setCellValue(e.pagesRead());
                    x.createCell(8).setCellValue(e.changes());
                    x.createCell(9).setCellValue(e.problems());
                }
                x.createCell(10).setCellValue(e.handling());
                x.createCell(11).setCellValue(e.reader());
                x.createCell(12).setCellValue(e.confirmedBy());
                time(x, 13, e.confirmedAt(), date);
                x.createCell(14).setCellValue(e.remark());
                x.createCell(15).setCellValue(e.flag());
            }
            sheet.createFreezePane(0, 1);
            sheet.setAutoFilter(new CellRangeAddress(0, Math.max(r, 1), 0, heads.length - 1));
            sheet.getHeader().setCenter(TITLE);
            sheet.getHeader().setRight(period(from, to));
            sheet.getPrintSetup().setLandscape(true);
            var properties = workbook.getXSSFWorkbook().getProperties().getCoreProperties();
            properties.setTitle(TITLE);
            properties.setSubjectProperty((organization == null ? "" : organization + " ") + period(from, to));
            properties.setCreator("审查 Shencha");
            workbook.write(out);
            return r;
        }
    }

    private static void time(Row row, int c, LocalDateTime t, CellStyle style) {
        if (t != null) {
            Cell cell = row.createCell(c);
            cell.setCellValue(t);
            cell.setCellStyle(style);
        }
    }
}
