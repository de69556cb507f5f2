package cn.shencha.writers.report;

import cn.shencha.rules.Category;
import cn.shencha.rules.Importance;
import cn.shencha.writers.pdf.PdfAReport;
import cn.shencha.writers.pdf.PdfAReportSettings;
import cn.shencha.writers.pdf.PdfTables;
import com.itextpdf.kernel.colors.Color;
import com.itextpdf.kernel.colors.DeviceRgb;
import com.itextpdf.kernel.font.PdfFont;
import com.itextpdf.kernel.geom.Rectangle;
import com.itextpdf.kernel.pdf.action.PdfAction;
import com.itextpdf.kernel.pdf.xobject.PdfFormXObject;
import com.itextpdf.layout.Document;
import com.itextpdf.layout.borders.Border;
import com.itextpdf.layout.borders.SolidBorder;
import com.itextpdf.layout.element.Cell;
import com.itextpdf.layout.element.Div;
import com.itextpdf.layout.element.Image;
import com.itextpdf.layout.element.Link;
import com.itextpdf.layout.element.Paragraph;
import com.itextpdf.layout.element.Table;
import com.itextpdf.layout.element.Text;
import com.itextpdf.layout.layout.LayoutArea;
import com.itextpdf.layout.properties.TextAlignment;
import com.itextpdf.layout.properties.UnitValue;
import com.itextpdf.layout.properties.VerticalAlignment;

import java.io.IOException;
import java.io.OutputStream;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the weekly audit report (网站与政务新媒体保密审查周报) as a PDF/A-2b document, A4 portrait, on the shared PDF
 * layer of the ledgers ({@link PdfAReport}: embedded font, page numbers, metadata). The district report keeps to two
 * pages: headline numbers with the change against the previous week, a trend chart per category over 12 weeks, open
 * items by unit, site health, the ten oldest open items and the unit ranking (at most {@link #RANKING_ROWS} units;
 * the Excel version has all). A unit report keeps to one page. A week without data says 本周无数据. The writer
 * leaves room at the bottom of the last page for the visible signature and says where ({@link ReportLayout}).
 */
public final class PdfReportWriter {

    /** Units listed in the PDF's ranking and bar chart; the rest are in the Excel version. */
    public static final int RANKING_ROWS = 10;
    /** The visible signature's size, in points. */
    public static final float SIGNATURE_WIDTH = 230;
    public static final float SIGNATURE_HEIGHT = 72;

    static final String NO_DATA = "本周无数据";

    private static final Color HEADING = new DeviceRgb(0x8B, 0x1A, 0x1A);
    private static final Color MUTED = new DeviceRgb(0x59, 0x5F, 0x69);
    private static final Color GREEN_BG = new DeviceRgb(0xDD, 0xF0, 0xDD);
    private static final Color GREEN_FG = new DeviceRgb(0x1E, 0x6B, 0x2B);
    private static final Color RED_BG = new DeviceRgb(0xF8, 0xD7, 0xD7);
    private static final Color RED_FG = new DeviceRgb(0xA3, 0x1A, 0x1A);
    private static final Color GREY_BG = new DeviceRgb(0xEC, 0xED, 0xEF);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final float BODY = 7.5f;

    private final boolean compressContent;

    public PdfReportWriter() {
        this(true);
    }

    /** @param compressContent false to leave page content streams uncompressed (for tests that read them) */
    public PdfReportWriter(boolean compressContent) {
        this.compressContent = compressContent;
    }

    /** Writes the report to the stream, and closes it. */
    public ReportLayout write(WeeklyReport report, OutputStream out) throws IOException {
        ReportInfo info = report.info();
        PdfAReportSettings settings = new PdfAReportSettings(PdfAReportSettings.A4_PORTRAIT, info.title(),
                info.scopeLabel() + " " + info.week().chineseLabel(), info.organization(), 36, compressContent);
        ReportLayout layout;
        try (PdfAReport pdf = PdfAReport.create(out, settings)) {
            PdfFont font = pdf.font();
            Document doc = pdf.document();
            List<String> lines = new ArrayList<>();
            lines.add("统计期间：" + info.week().chineseLabel() + "　　范围：" + info.scopeLabel());
            lines.add((info.organization().isEmpty() ? "" : "编制单位：" + info.organization() + "　　")
                    + "生成时间：" + TIME.format(info.generatedAt()));
            pdf.addTitleBlock(info.title(), lines);

            int section = 0;
            heading(doc, font, ++section, "本周概况");
            headline(doc, font, report);

            heading(doc, font, ++section, "问题趋势（近" + WeeklyReport.TREND_WEEKS + "周，按问题类别）");
            trend(pdf, doc, font, report);

            if (!report.unitReport()) {
                heading(doc, font, ++section, "网站与新媒体健康状况（普查单项否决指标）");
                health(doc, font, report);
                heading(doc, font, ++section, "各单位待审事项");
                openByUnit(pdf, doc, font, report);
            }
            heading(doc, font, ++section, "最早未办结事项（前" + WeeklyReport.OLDEST_LIMIT + "件）");
            oldest(doc, font, report);
            if (!report.unitReport()) {
                heading(doc, font, ++section, "单位排名");
                ranking(doc, font, report);
            }
            layout = signatureRoom(pdf, doc, font);
        }
        return layout;
    }

    // ---- sections ----

    private static void heading(Document doc, PdfFont font, int number, String text) {
        doc.add(new Paragraph(chineseNumber(number) + "、" + text).setFont(font).setFontSize(11).setFontColor(HEADING)
                .setMarginTop(3).setMarginBottom(1).setKeepWithNext(true));
    }

    private static void headline(Document doc, PdfFont font, WeeklyReport report) {
        Headline c = report.current();
        Headline p = report.previous();
        String asOf = TIME.format(report.info().asOf());
        if (report.emptyWeek()) {
            Div box = new Div().setBorder(new SolidBorder(PdfTables.BORDER, 0.5f)).setPadding(6).setBackgroundColor(GREY_BG);
            box.add(new Paragraph(NO_DATA).setFont(font).setFontSize(12).setMargin(0));
            box.add(new Paragraph("本周没有读网记录、没有新发现的问题，也没有审结的事项。截至 " + asOf + "，待审事项 "
                    + c.pending() + " 件，其中超期 " + c.overdue() + " 件。").setFont(font).setFontSize(BODY + 1).setMargin(0));
            doc.add(box);
            return;
        }
        List<String[]> left = new ArrayList<>();
        left.add(row("读网次数", c.readings(), p.readings()));
        left.add(row("读取网页（个）", c.pagesRead(), p.pagesRead()));
        left.add(row("读取附件（个）", c.attachmentsRead(), p.attachmentsRead()));
        left.add(row("读取新媒体信息（条）", c.feedItemsRead(), p.feedItemsRead()));
        left.add(row("新增网页及附件", c.newPages(), p.newPages()));
        left.add(row("变更网页及附件", c.changedPages(), p.changedPages()));
        left.add(row("审结事项（件）", c.decided(), p.decided()));
        left.add(row("其中：同意发布", c.approved(), p.approved()));
        left.add(row("其中：退回修改", c.amended(), p.amended()));
        left.add(row("其中：撤下", c.takenDown(), p.takenDown()));
        left.add(row("待审事项（件）", c.pending(), p.pending()));
        left.add(row("其中：超期", c.overdue(), p.overdue()));
        left.add(row("篡改事件（起）", c.tamperIncidents(), p.tamperIncidents()));
        left.add(row("暗链事件（起）", c.hiddenLinkIncidents(), p.hiddenLinkIncidents()));
        List<String[]> right = new ArrayList<>();
        right.add(row("发现问题（处）", c.findings(), p.findings()));
        for (Category cat : Category.values()) {
            right.add(row(cat.chineseName(), c.findings(cat), p.findings(cat)));
        }
        for (Importance g : Importance.values()) {
            right.add(row(g.chineseName() + "事项上的问题", c.findings(g), p.findings(g)));
        }
        Table t = PdfTables.table(new float[]{10, 4, 4, 4, 0.6f, 10, 4, 4, 4}, false);
        for (String h : new String[]{"指标", "本周", "上周", "增减", "", "问题类别及等级", "本周", "上周", "增减"}) {
            if (h.isEmpty()) {
                t.addHeaderCell(gap());
            } else {
                t.addHeaderCell(head(h, font));
            }
        }
        int rows = Math.max(left.size(), right.size());
        for (int i = 0; i < rows; i++) {
            addHalf(t, font, i < left.size() ? left.get(i) : null);
            t.addCell(gap());
            addHalf(t, font, i < right.size() ? right.get(i) : null);
        }
        doc.add(t);
        doc.add(note(font, "注：读取数为本周读到的不同网址数；待审、超期事项截至 " + asOf + "（上周：截至上周末）统计，超期按审核时限"
                + "（第四章第九条）判断；问题等级为其所在事项的等级。"));
    }

    private static String[] row(String label, long current, long previous) {
        long d = current - previous;
        String delta = d == 0 ? "持平" : (d > 0 ? "+" + d : Long.toString(d));
        return new String[]{label, Long.toString(current), Long.toString(previous), delta};
    }

    private static void addHalf(Table t, PdfFont font, String[] r) {
        if (r == null) {
            for (int i = 0; i < 4; i++) {
                t.addCell(body("", font, false));
            }
            return;
        }
        boolean sub = r[0].startsWith("其中") || !r[0].contains("（");
        Cell label = body(r[0], font, false);
        if (sub && !r[0].equals("读网次数") && !r[0].startsWith("发现问题")) {
            label.setPaddingLeft(10);
        }
        t.addCell(label);
        t.addCell(body(r[1], font, true));
        t.addCell(body(r[2], font, true).setFontColor(MUTED));
        t.addCell(body(r[3], font, true).setFontColor(MUTED));
    }

    private static Cell gap() {
        return new Cell().setBorder(Border.NO_BORDER);
    }

    private static void trend(PdfAReport pdf, Document doc, PdfFont font, WeeklyReport report) {
        long total = report.trend().stream().mapToLong(WeekTrend::total).sum();
        if (total == 0) {
            doc.add(new Paragraph("近" + WeeklyReport.TREND_WEEKS + "周未发现问题。").setFont(font).setFontSize(BODY + 1));
            return;
        }
        int columns = Category.values().length > 9 ? 4 : 3; // three rows of small multiples, whatever the number of categories
        float width = pdf.contentWidth() / columns;
        float height = report.unitReport() ? 38 : 74; // 38: room for the two rows SERIOUS_WORDING and TYPO add to the overview
        float[] shares = new float[columns];
        java.util.Arrays.fill(shares, 1);
        Table grid = new Table(UnitValue.createPercentArray(shares)).useAllAvailableWidth();
        for (Category c : Category.values()) {
            String svg = SvgCharts.svg(ReportCharts.trend(c, report.trend()), width - 4, height);
            PdfFormXObject x = SvgCharts.xobject(svg, pdf.pdf(), font);
            grid.addCell(new Cell().add(new Image(x).setWidth(width - 4)).setPadding(1).setBorder(Border.NO_BORDER));
        }
        for (int k = Category.values().length; k % columns != 0; k++) {
            grid.addCell(gap());
        }
        grid.setKeepTogether(true);
        doc.add(grid);
        doc.add(note(font, "横轴为周次（ISO 周，周一至周日），纵轴为当周发现的问题数（处）。"));
    }

    private static void openByUnit(PdfAReport pdf, Document doc, PdfFont font, WeeklyReport report) {
        List<UnitOpenItems> units = report.openByUnit().stream().filter(u -> u.total() > 0).toList();
        if (units.isEmpty()) {
            doc.add(new Paragraph("截至 " + TIME.format(report.info().asOf()) + "，各单位均无待审事项。").setFont(font).setFontSize(BODY + 1));
            return;
        }
        List<UnitOpenItems> shown = new ArrayList<>(units.subList(0, Math.min(RANKING_ROWS, units.size())));
        if (units.size() > RANKING_ROWS) {
            Map<Importance, Long> rest = new EnumMap<>(Importance.class);
            for (UnitOpenItems u : units.subList(RANKING_ROWS, units.size())) {
                u.open().forEach((g, n) -> rest.merge(g, n, Long::sum));
            }
            shown.add(new UnitOpenItems("其他 " + (units.size() - RANKING_ROWS) + " 个单位", rest));
        }
        float height = Math.max(96, 40 + 16 * shown.size());
        String svg = SvgCharts.svg(ReportCharts.openByUnit(shown), pdf.contentWidth(), height);
        doc.add(new Image(SvgCharts.xobject(svg, pdf.pdf(), font)).setWidth(pdf.contentWidth()));
    }

    private static void health(Document doc, PdfFont font, WeeklyReport report) {
        Table t = PdfTables.table(new float[]{7, 12, 3.2f, 14}, false);
        for (String h : List.of("指标", "要求", "状态", "情况")) {
            t.addHeaderCell(head(h, font));
        }
        for (SiteHealthIndicator i : report.health()) {
            t.addCell(body(i.name(), font, false));
            t.addCell(body(i.requirement(), font, false));
            Cell status = body(i.status().chineseName(), font, true);
            switch (i.status()) {
                case GREEN -> status.setBackgroundColor(GREEN_BG).setFontColor(GREEN_FG);
                case RED -> status.setBackgroundColor(RED_BG).setFontColor(RED_FG);
                case NOT_MEASURED -> status.setBackgroundColor(GREY_BG).setFontColor(MUTED);
            }
            t.addCell(status);
            t.addCell(body(i.figure(), font, false));
        }
        doc.add(t);
    }

    private static void oldest(Document doc, PdfFont font, WeeklyReport report) {
        if (report.oldest().isEmpty()) {
            doc.add(new Paragraph("截至 " + TIME.format(report.info().asOf()) + "，没有未办结事项。").setFont(font).setFontSize(BODY + 1));
            return;
        }
        Table t = PdfTables.table(new float[]{1.6f, 2f, 7.4f, 15, 4.2f, 7.4f, 4f}, false);
        for (String h : List.of("序号", "等级", "单位", "事项", "已等待", "待审环节", "控制台")) {
            t.addHeaderCell(head(h, font));
        }
        int n = 0;
        for (OpenItem i : report.oldest()) {
            t.addCell(body(Integer.toString(++n), font, true));
            t.addCell(body(i.grade().chineseName(), font, true));
            t.addCell(body(i.unit(), font, false));
            t.addCell(body(clip(i.title(), 26), font, false));
            Cell age = body(i.ageDays() + " 天" + (i.overdue() ? " 超期" : ""), font, true);
            if (i.overdue()) {
                age.setFontColor(RED_FG);
            }
            t.addCell(age);
            t.addCell(body(i.waitingAt(), font, false));
            Cell link = body("", font, true);
            Paragraph p = new Paragraph().setFont(font).setFontSize(BODY).setMargin(0).setTextAlignment(TextAlignment.CENTER);
            if (i.link() != null && !i.link().isBlank()) {
                Link l = new Link("#" + shortId(i.taskId()), PdfAction.createURI(i.link()));
                l.getLinkAnnotation().setBorder(new com.itextpdf.kernel.pdf.PdfArray(new float[]{0, 0, 0}));
                l.setFontColor(new DeviceRgb(0x1F, 0x4E, 0x99)).setUnderline();
                p.add(l);
            } else {
                p.add(new Text("#" + shortId(i.taskId())));
            }
            link.getChildren().clear();
            t.addCell(link.add(p));
        }
        doc.add(t);
    }

    private static void ranking(Document doc, PdfFont font, WeeklyReport report) {
        if (report.ranking().isEmpty()) {
            doc.add(new Paragraph("没有单位数据。").setFont(font).setFontSize(BODY + 1));
            return;
        }
        Table t = PdfTables.table(new float[]{1.6f, 8, 3.4f, 3.4f, 3.8f, 3.4f, 3.4f, 4.2f}, false);
        for (String h : List.of("名次", "单位", "读取网页", "发现问题", "每百页问题数", "超期事项", "审结事项", "平均办理天数")) {
            t.addHeaderCell(head(h, font));
        }
        int n = 0;
        for (UnitRank r : report.ranking().subList(0, Math.min(RANKING_ROWS, report.ranking().size()))) {
            t.addCell(body(Integer.toString(++n), font, true));
            t.addCell(body(r.unit(), font, false));
            t.addCell(body(Long.toString(r.pagesRead()), font, true));
            t.addCell(body(Long.toString(r.findings()), font, true));
            t.addCell(body(decimal(r.findingsPer100Pages()), font, true));
            t.addCell(body(Long.toString(r.overdue()), font, true));
            t.addCell(body(Long.toString(r.decided()), font, true));
            t.addCell(body(decimal(r.meanDecisionDays()), font, true));
        }
        doc.add(t);
        String more = report.ranking().size() > RANKING_ROWS
                ? "其余 " + (report.ranking().size() - RANKING_ROWS) + " 个单位见本周报的 Excel 版。" : "";
        doc.add(note(font, "按每百页问题数、超期事项从高到低排列；平均办理天数为本周审结事项自报审至办结的平均天数。" + more));
    }

    /** Reserves the signature box at the bottom right of the last page (a new page only if the last one is full). */
    private static ReportLayout signatureRoom(PdfAReport pdf, Document doc, PdfFont font) {
        LayoutArea area = doc.getRenderer().getCurrentArea();
        Rectangle free = area == null ? null : area.getBBox();
        if (free == null || free.getHeight() < SIGNATURE_HEIGHT + 4) {
            doc.add(new com.itextpdf.layout.element.AreaBreak());
            area = doc.getRenderer().getCurrentArea();
            free = area.getBBox();
        }
        int page = area.getPageNumber();
        Rectangle box = new Rectangle(pdf.contentLeft() + pdf.contentWidth() - SIGNATURE_WIDTH, pdf.contentBottom() + 2,
                SIGNATURE_WIDTH, SIGNATURE_HEIGHT);
        doc.add(new Paragraph("本周报由审查系统根据系统记录自动生成，以电子签名确认内容完整；签名后任何改动都会使签名失效。")
                .setFont(font).setFontSize(7).setFontColor(MUTED).setFixedPosition(page, pdf.contentLeft(),
                        pdf.contentBottom() + 2, pdf.contentWidth() - SIGNATURE_WIDTH - 12));
        return new ReportLayout(pdf.pdf().getNumberOfPages(), page, box);
    }

    // ---- helpers ----

    /** A compact header cell. */
    private static Cell head(String text, PdfFont font) {
        Cell c = PdfTables.headerCell(text, font, BODY);
        c.setPadding(1f);
        return c;
    }

    /** A compact body cell: the report's tables must fit two pages. */
    private static Cell body(String text, PdfFont font, boolean centered) {
        Cell c = new Cell().add(new Paragraph(text == null ? "" : text).setFont(font).setFontSize(BODY)
                        .setMultipliedLeading(1.05f).setMargin(0))
                .setPaddingTop(0.8f).setPaddingBottom(0.8f).setPaddingLeft(2).setPaddingRight(2)
                .setVerticalAlignment(VerticalAlignment.MIDDLE);
        c.setBorder(new SolidBorder(PdfTables.BORDER, 0.5f));
        if (centered) {
            c.setTextAlignment(TextAlignment.CENTER);
        }
        return c;
    }

    private static Paragraph note(PdfFont font, String text) {
        return new Paragraph(text).setFont(font).setFontSize(6.5f).setFontColor(MUTED).setMarginTop(2).setMarginBottom(0);
    }

    static String decimal(Double d) {
        return d == null ? "—" : String.format(Locale.ROOT, "%.1f", d);
    }

    private static String clip(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.codePointCount(0, s.length()) <= max ? s : s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }

    private static String shortId(String id) {
        return id == null ? "" : id.substring(0, Math.min(8, id.length()));
    }

    static String chineseNumber(int n) {
        String[] digits = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
        return n <= 10 ? digits[n] : "十" + digits[n - 10];
    }
}
