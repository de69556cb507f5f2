package cn.shencha.writers.ledger;

import cn.shencha.rules.Importance;
import cn.shencha.writers.pdf.PdfAReport;
import cn.shencha.writers.pdf.PdfAReportSettings;
import cn.shencha.writers.pdf.PdfColumn;
import cn.shencha.writers.pdf.PdfTableWriter;
import com.itextpdf.kernel.geom.Rectangle;
import com.itextpdf.kernel.pdf.PdfPage;
import com.itextpdf.kernel.pdf.canvas.PdfCanvas;

import java.io.IOException;
import java.io.OutputStream;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Writes the approval ledger (领导审批台帐) as a PDF/A-2b document: A4 landscape, the title and period on top, one
 * table row per entry with the header repeated on every page, "第 X 页 共 Y 页" at the bottom, and a closing page
 * with the counts by grade and room for the signature ({@link #SIGNATURE_BOX} on the last page). The table is
 * drawn row by row with {@link PdfTableWriter}, which is fast for long ledgers. The entries are read one at a time,
 * but pages stay in memory until the document is closed (PDF/A pages cannot be flushed before the page total is
 * known): a 10,000-entry ledger of about 1,200 pages is written and signed in a 128 MB heap.
 */
public final class PdfLedgerWriter {

    /**
     * Where on the last page the visible signature goes (lower right, clear of the closing page's text and of the
     * footer). x, y from the lower left corner of the A4 landscape page, in points.
     */
    public static final Rectangle SIGNATURE_BOX = new Rectangle(842 - 36 - 300, 60, 300, 90);

    /** The columns, left to right. */
    public static final List<PdfColumn> COLUMNS = List.of(
            PdfColumn.left("编号", 8f),
            PdfColumn.left("报审时间", 6f),
            PdfColumn.left("单位", 7f),
            PdfColumn.left("事项标题及网址", 12f),
            PdfColumn.centered("等级", 3f),
            PdfColumn.left("问题类别", 9.9f),
            PdfColumn.left(ReviewLevel.INFORMATION_OFFICER.chineseName(), 8.6f),
            PdfColumn.left(ReviewLevel.LEADER_IN_CHARGE.chineseName(), 8.6f),
            PdfColumn.left(ReviewLevel.PRINCIPAL.chineseName(), 8.6f),
            PdfColumn.left(ReviewLevel.DISTRICT_LEADER.chineseName(), 8.6f),
            PdfColumn.left("区保密局结论", 7f),
            PdfColumn.left("发布/撤稿时间", 8.3f),
            PdfColumn.left("备注", 4.4f));

    /** The column headers, left to right. */
    public static final List<String> HEADERS = COLUMNS.stream().map(PdfColumn::header).toList();

    private static final float FONT_SIZE = 7f;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    private final boolean compressContent;

    /** A writer of compressed PDFs. */
    public PdfLedgerWriter() {
        this(true);
    }

    /**
     * @param compressContent false to leave page content streams uncompressed (for tests that read them)
     */
    public PdfLedgerWriter(boolean compressContent) {
        this.compressContent = compressContent;
    }

    /**
     * Writes the entries as a PDF/A-2b ledger to the stream, and closes it.
     *
     * @return the counts of what was written
     */
    public LedgerSummary write(LedgerInfo info, Iterator<LedgerEntry> entries, OutputStream out) throws IOException {
        PdfAReportSettings settings = PdfAReportSettings.of(PdfAReportSettings.A4_LANDSCAPE, info.title(),
                "统计期间：" + info.period().chineseLabel(), info.organization()).withCompressContent(compressContent);
        LedgerSummary summary = new LedgerSummary();
        try (PdfAReport report = PdfAReport.create(out, settings)) {
            PdfPage first = report.newPage();
            float top = report.drawTitleBlock(first, info.title(), titleLines(info));
            PdfTableWriter table = new PdfTableWriter(report, COLUMNS, FONT_SIZE);
            table.begin(first, top);
            while (entries.hasNext()) {
                LedgerEntry e = entries.next();
                table.addRow(row(e));
                summary.add(e);
            }
            if (table.rows() == 0) {
                List<String> empty = new ArrayList<>(Collections.nCopies(COLUMNS.size(), ""));
                empty.set(3, "本期无审批记录。");
                table.addRow(empty);
            }
            table.end();
            closingPage(report, info, summary);
        }
        return summary;
    }

    private static List<String> titleLines(LedgerInfo info) {
        String org = info.organization().isEmpty() ? "" : "编制单位：" + info.organization() + "　　";
        return List.of(org + "统计期间：" + info.period().chineseLabel() + "　　生成时间：" + TIME.format(info.generatedAt()));
    }

    /** The cells of an entry's row, as {@link #COLUMNS} order them. */
    static List<String> row(LedgerEntry e) {
        List<String> cells = new ArrayList<>(COLUMNS.size());
        cells.add(e.number());
        cells.add(DAY.format(e.submittedAt()) + "\n" + CLOCK.format(e.submittedAt()));
        cells.add(e.unit());
        cells.add(e.itemUrl().isEmpty() ? e.itemTitle() : e.itemTitle() + "\n" + e.itemUrl());
        cells.add(e.grade().chineseName());
        cells.add(e.categories().stream().map(c -> c.chineseName() + "\n" + c.name()).collect(Collectors.joining("\n")));
        for (ReviewLevel level : ReviewLevel.values()) {
            cells.add(e.review(level).map(r -> r.reviewer() + "\n" + r.opinion() + "\n" + TIME.format(r.time())).orElse(""));
        }
        cells.add(e.bureauConclusion());
        StringBuilder when = new StringBuilder();
        if (e.publishedAt() != null) {
            when.append("发布 ").append(TIME.format(e.publishedAt()));
        }
        if (e.takenDownAt() != null) {
            when.append(when.isEmpty() ? "" : "\n").append("撤稿 ").append(TIME.format(e.takenDownAt()));
        }
        cells.add(when.toString());
        cells.add(e.notes());
        return cells;
    }

    private static void closingPage(PdfAReport report, LedgerInfo info, LedgerSummary summary) {
        PdfPage page = report.newPage();
        float top = report.drawTitleBlock(page, "台帐汇总", List.of("统计期间：" + info.period().chineseLabel()
                + "　　条目总数：" + summary.total() + "　　涉及单位：" + summary.unitCount() + " 个"));
        float width = 420;
        PdfTableWriter grades = new PdfTableWriter(report, List.of(PdfColumn.centered("等级", 1),
                PdfColumn.centered("条目数", 1), PdfColumn.centered("应审批至", 1), PdfColumn.centered("占比", 1)),
                10, report.contentLeft() + (report.contentWidth() - width) / 2, width);
        grades.begin(page, top);
        for (Importance g : Importance.values()) {
            long n = summary.count(g);
            grades.addRow(List.of(g.chineseName(), Long.toString(n),
                    ReviewLevel.ofNumber(g.requiredReviewLevel()).chineseName(),
                    summary.total() == 0 ? "—" : String.format(Locale.ROOT, "%.1f%%", 100.0 * n / summary.total())));
        }
        grades.addRow(List.of("合计", Long.toString(summary.total()), "", summary.total() == 0 ? "—" : "100.0%"));
        grades.end();
        PdfCanvas canvas = new PdfCanvas(grades.page());
        canvas.beginText().setFontAndSize(report.font(), 9)
                .moveText(report.contentLeft() + (report.contentWidth() - width) / 2, grades.bottom() - 24)
                .showText("本台帐由审查系统根据审批记录自动生成，以电子签名确认内容完整；签名后任何改动都会使签名失效。")
                .endText();
        canvas.release();
    }

}
