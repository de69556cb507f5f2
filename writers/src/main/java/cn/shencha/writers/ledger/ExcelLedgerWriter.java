package cn.shencha.writers.ledger;

import cn.shencha.rules.Importance;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SheetDataWriter;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.Deflater;

/**
 * Writes the approval ledger (领导审批台帐) as an Excel workbook with Apache POI's streaming SXSSF, so a ledger of
 * any length needs only a window of rows in memory. Every ledger sheet has Chinese headers in a frozen first row,
 * an auto-filter over all its rows, fixed column widths and real date cells; a summary sheet (汇总), placed first,
 * counts the entries by unit and grade.
 */
public final class ExcelLedgerWriter {

    /** How the entries are spread over sheets. */
    public enum Layout {
        /** One sheet, 台帐, with a unit (单位) column. */
        SINGLE_SHEET,
        /** One sheet per unit, named after the unit; no unit column. */
        SHEET_PER_UNIT
    }

    /** The name of the summary sheet. */
    public static final String SUMMARY_SHEET = "汇总";
    /** The name of the ledger sheet in the {@link Layout#SINGLE_SHEET} layout. */
    public static final String LEDGER_SHEET = "台帐";
    /** The date-time format of the date cells. */
    public static final String DATE_TIME_FORMAT = "yyyy-mm-dd hh:mm";

    private static final int ROW_WINDOW = 100;

    private final Layout layout;

    public ExcelLedgerWriter(Layout layout) {
        this.layout = layout;
    }

    /** The column headers of a ledger sheet in this writer's layout, left to right. */
    public List<String> headers() {
        return columns().stream().map(Column::header).toList();
    }

    /**
     * Writes the entries to a file, via a temporary file in the same directory so that a failed write leaves no
     * truncated workbook behind.
     *
     * @return the counts of what was written
     */
    public LedgerSummary write(LedgerInfo info, Stream<LedgerEntry> entries, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".ledger-", ".xlsx.tmp");
        try {
            LedgerSummary summary;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                summary = write(info, entries.iterator(), out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return summary;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Writes the entries to the stream, which is left open.
     *
     * @return the counts of what was written
     */
    public LedgerSummary write(LedgerInfo info, Iterator<LedgerEntry> entries, OutputStream out) throws IOException {
        SXSSFWorkbook workbook = new FastZipWorkbook(ROW_WINDOW);
        try {
            Styles styles = new Styles(workbook);
            List<Column> columns = columns();
            Map<String, SheetState> sheets = new HashMap<>();
            Set<String> sheetNames = new HashSet<>();
            sheetNames.add(SUMMARY_SHEET);
            LedgerSummary summary = new LedgerSummary();
            while (entries.hasNext()) {
                LedgerEntry entry = entries.next();
                String key = layout == Layout.SINGLE_SHEET ? LEDGER_SHEET : entry.unit();
                SheetState sheet = sheets.get(key);
                if (sheet == null) {
                    String name = layout == Layout.SINGLE_SHEET ? LEDGER_SHEET : uniqueSheetName(entry.unit(), sheetNames);
                    sheet = new SheetState(startLedgerSheet(workbook, name, key, info, columns, styles));
                    sheets.put(key, sheet);
                }
                Row row = sheet.sheet.createRow(++sheet.lastRow);
                for (int c = 0; c < columns.size(); c++) {
                    columns.get(c).write(row, c, entry, styles);
                }
                summary.add(entry);
            }
            if (sheets.isEmpty()) {
                SXSSFSheet empty = startLedgerSheet(workbook, LEDGER_SHEET, LEDGER_SHEET, info, columns, styles);
                sheets.put(LEDGER_SHEET, new SheetState(empty));
            }
            for (SheetState s : sheets.values()) {
                s.sheet.setAutoFilter(new CellRangeAddress(0, s.lastRow, 0, columns.size() - 1));
            }
            writeSummarySheet(workbook, info, summary, styles);
            var properties = workbook.getXSSFWorkbook().getProperties().getCoreProperties();
            properties.setTitle(info.title());
            properties.setSubjectProperty(info.organization() + " " + info.period().chineseLabel());
            properties.setCreator("审查 Shencha");
            workbook.write(out);
            return summary;
        } finally {
            workbook.close();
        }
    }

    private SXSSFSheet startLedgerSheet(SXSSFWorkbook workbook, String name, String unit, LedgerInfo info,
                                        List<Column> columns, Styles styles) {
        SXSSFSheet sheet = workbook.createSheet(name);
        Row header = sheet.createRow(0);
        header.setHeightInPoints(30);
        for (int c = 0; c < columns.size(); c++) {
            Cell cell = header.createCell(c);
            cell.setCellValue(columns.get(c).header());
            cell.setCellStyle(styles.header);
            sheet.setColumnWidth(c, columns.get(c).width() * 256);
        }
        sheet.createFreezePane(0, 1);
        sheet.getHeader().setCenter(info.title() + (layout == Layout.SHEET_PER_UNIT ? "（" + unit + "）" : ""));
        sheet.getHeader().setRight(info.period().chineseLabel());
        sheet.getFooter().setCenter("第 &P 页 共 &N 页");
        sheet.getPrintSetup().setLandscape(true);
        sheet.setRepeatingRows(new CellRangeAddress(0, 0, 0, columns.size() - 1));
        return sheet;
    }

    private static void writeSummarySheet(SXSSFWorkbook workbook, LedgerInfo info, LedgerSummary summary, Styles styles) {
        SXSSFSheet sheet = workbook.createSheet(SUMMARY_SHEET);
        workbook.setSheetOrder(SUMMARY_SHEET, 0);
        workbook.setActiveSheet(0);
        workbook.setSelectedTab(0);
        Importance[] grades = Importance.values();
        Row header = sheet.createRow(0);
        int c = 0;
        headerCell(header, c++, "单位", styles);
        for (Importance g : grades) {
            headerCell(header, c++, g.chineseName(), styles);
        }
        headerCell(header, c, "合计", styles);
        sheet.setColumnWidth(0, 34 * 256);
        for (int i = 1; i <= grades.length + 1; i++) {
            sheet.setColumnWidth(i, 10 * 256);
        }
        int r = 0;
        for (String unit : summary.units()) {
            Row row = sheet.createRow(++r);
            row.createCell(0).setCellValue(unit);
            for (int g = 0; g < grades.length; g++) {
                row.createCell(g + 1).setCellValue(summary.count(unit, grades[g]));
            }
            row.createCell(grades.length + 1).setCellValue(summary.count(unit));
        }
        Row total = sheet.createRow(++r);
        total.createCell(0).setCellValue("合计");
        for (int g = 0; g < grades.length; g++) {
            total.createCell(g + 1).setCellValue(summary.count(grades[g]));
        }
        total.createCell(grades.length + 1).setCellValue(summary.total());
        for (Cell cell : total) {
            cell.setCellStyle(styles.total);
        }
        sheet.createFreezePane(0, 1);
        r++;
        info(sheet, ++r, "台帐", info.title());
        info(sheet, ++r, "单位", info.organization());
        info(sheet, ++r, "统计期间", info.period().chineseLabel());
        Row generated = sheet.createRow(++r);
        generated.createCell(0).setCellValue("生成时间");
        Cell when = generated.createCell(1);
        when.setCellValue(info.generatedAt());
        when.setCellStyle(styles.date);
        sheet.addMergedRegion(new CellRangeAddress(r, r, 1, 3));
    }

    private static void info(SXSSFSheet sheet, int r, String label, String value) {
        Row row = sheet.createRow(r);
        row.createCell(0).setCellValue(label);
        row.createCell(1).setCellValue(value);
        sheet.addMergedRegion(new CellRangeAddress(r, r, 1, 4));
    }

    private static void headerCell(Row row, int c, String text, Styles styles) {
        Cell cell = row.createCell(c);
        cell.setCellValue(text);
        cell.setCellStyle(styles.header);
    }

    /** A sheet name Excel accepts (at most 31 characters, no []:*?/\), not used before. */
    static String uniqueSheetName(String unit, Set<String> used) {
        String base = WorkbookUtil.createSafeSheetName(unit.isBlank() ? "未注明单位" : unit);
        String name = base;
        for (int i = 2; used.contains(name); i++) {
            String suffix = "(" + i + ")";
            name = base.substring(0, Math.min(base.length(), 31 - suffix.length())) + suffix;
        }
        used.add(name);
        return name;
    }

    private List<Column> columns() {
        List<Column> columns = new ArrayList<>();
        columns.add(Column.text("编号", 18, LedgerEntry::number));
        columns.add(Column.date("报审时间", 17, LedgerEntry::submittedAt));
        if (layout == Layout.SINGLE_SHEET) {
            columns.add(Column.text("单位", 24, LedgerEntry::unit));
        }
        columns.add(Column.text("事项标题", 44, LedgerEntry::itemTitle));
        columns.add(Column.text("网址", 40, LedgerEntry::itemUrl));
        columns.add(Column.text("等级", 7, e -> e.grade().chineseName()));
        columns.add(Column.text("问题类别代码", 26, LedgerEntry::categoryCodes));
        columns.add(Column.text("问题类别", 26, LedgerEntry::categoryNames));
        for (ReviewLevel level : ReviewLevel.values()) {
            String role = level.chineseName();
            columns.add(Column.text(role + "审核人", 11, e -> e.review(level).map(ReviewOpinion::reviewer).orElse(null)));
            columns.add(Column.text(role + "意见", 20, e -> e.review(level).map(ReviewOpinion::opinion).orElse(null)));
            columns.add(Column.date(role + "审核时间", 17, e -> e.review(level).map(ReviewOpinion::time).orElse(null)));
        }
        columns.add(Column.text("区保密局结论", 26, LedgerEntry::bureauConclusion));
        columns.add(Column.date("发布时间", 17, LedgerEntry::publishedAt));
        columns.add(Column.date("撤稿时间", 17, LedgerEntry::takenDownAt));
        columns.add(Column.text("备注", 26, LedgerEntry::notes));
        return columns;
    }

    /**
     * A streaming workbook tuned for large ledgers: the temporary sheet XML goes through {@link Utf8FileWriter}, and
     * the workbook is zipped at the fastest deflate level (the file is about a third larger than at the default level).
     */
    private static final class FastZipWorkbook extends SXSSFWorkbook {
        FastZipWorkbook(int rowWindow) {
            super(null, rowWindow, false, false);
        }

        @Override
        protected SheetDataWriter createSheetDataWriter() throws IOException {
            return new SheetDataWriter() {
                // Deprecated in POI 5 without a replacement that lets the writer itself be chosen; revisit with POI 6.
                @Override
                @SuppressWarnings("deprecation")
                public Writer createWriter(File file) throws IOException {
                    return new Utf8FileWriter(new FileOutputStream(file));
                }
            };
        }

        @Override
        protected ZipArchiveOutputStream createArchiveOutputStream(OutputStream stream) {
            ZipArchiveOutputStream zip = super.createArchiveOutputStream(stream);
            zip.setLevel(Deflater.BEST_SPEED);
            return zip;
        }
    }

    private static final class SheetState {
        final SXSSFSheet sheet;
        int lastRow;

        SheetState(SXSSFSheet sheet) {
            this.sheet = sheet;
        }
    }

    private static final class Styles {
        final CellStyle header;
        final CellStyle date;
        final CellStyle total;
        final CellStyle plain;

        Styles(SXSSFWorkbook workbook) {
            plain = workbook.getCellStyleAt(0);
            Font bold = workbook.createFont();
            bold.setBold(true);
            header = workbook.createCellStyle();
            header.setFont(bold);
            header.setWrapText(true);
            header.setVerticalAlignment(VerticalAlignment.CENTER);
            header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
            header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            header.setBorderBottom(BorderStyle.THIN);
            date = workbook.createCellStyle();
            date.setDataFormat(workbook.createDataFormat().getFormat(DATE_TIME_FORMAT));
            total = workbook.createCellStyle();
            total.setFont(bold);
            total.setBorderTop(BorderStyle.THIN);
        }
    }

    /** One column: its header, width in characters, and how a cell is filled from an entry. */
    private record Column(String header, int width, java.util.function.Function<LedgerEntry, String> text,
                          java.util.function.Function<LedgerEntry, LocalDateTime> date) {

        static Column text(String header, int width, java.util.function.Function<LedgerEntry, String> f) {
            return new Column(header, width, f, null);
        }

        static Column date(String header, int width, java.util.function.Function<LedgerEntry, LocalDateTime> f) {
            return new Column(header, width, null, f);
        }

        /** Writes the cell, or leaves it out when the entry has no value for it. */
        void write(Row row, int c, LedgerEntry entry, Styles styles) {
            // Every cell gets an explicit style: without one, SXSSF looks up the column's default style in the
            // sheet XML for each cell, which takes most of the time of a large ledger.
            if (date != null) {
                LocalDateTime t = date.apply(entry);
                if (t != null) {
                    Cell cell = row.createCell(c);
                    cell.setCellValue(t);
                    cell.setCellStyle(styles.date);
                }
            } else {
                String s = text.apply(entry);
                if (s != null && !s.isEmpty()) {
                    Cell cell = row.createCell(c);
                    cell.setCellValue(s);
                    cell.setCellStyle(styles.plain);
                }
            }
        }
    }
}
