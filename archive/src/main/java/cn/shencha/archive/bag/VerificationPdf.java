package cn.shencha.archive.bag;

import cn.shencha.writers.pdf.PdfAReport;
import cn.shencha.writers.pdf.PdfAReportSettings;
import com.itextpdf.kernel.font.PdfFont;
import com.itextpdf.layout.Document;
import com.itextpdf.layout.element.Cell;
import com.itextpdf.layout.element.Paragraph;
import com.itextpdf.layout.element.Table;
import com.itextpdf.layout.properties.UnitValue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The 检测报告 (four-property check report) of a package as a PDF/A-2b document, through the writers' PDF layer. */
final class VerificationPdf {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Asia/Shanghai"));

    private VerificationPdf() {
    }

    static void write(PackageVerifier.Report report, Path file) throws IOException {
        Path target = file.toAbsolutePath();
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        Path tmp = Files.createTempFile(target.getParent(), ".report-", ".pdf.tmp");
        try {
            String title = "归档信息包四性检测报告";
            PdfAReportSettings settings = new PdfAReportSettings(PdfAReportSettings.A4_LANDSCAPE, title,
                    report.bag().getFileName().toString(), "审查 Shencha", 36, true);
            try (OutputStream out = Files.newOutputStream(tmp); PdfAReport pdf = PdfAReport.create(out, settings)) {
                PdfFont font = pdf.font();
                Document doc = pdf.document();
                long failed = report.failures().size();
                pdf.addTitleBlock(title, List.of("信息包：" + report.bag().getFileName(),
                        "检测时间：" + TIME.format(report.verifiedAt()) + "　　结论：" + (report.passed() ? "通过" : "不通过（" + failed + " 项不合格）"),
                        "依据：DA/T 70 真实性、完整性、可用性、安全性"));
                doc.add(new Paragraph("记录数量：" + report.counts()).setFont(font).setFontSize(8));
                Table t = new Table(UnitValue.createPercentArray(new float[]{6, 8, 16, 28, 42})).useAllAvailableWidth();
                for (String h : List.of("结果", "性质", "检测项", "文件", "说明")) {
                    t.addHeaderCell(new Cell().add(new Paragraph(h).setFont(font).setFontSize(8).simulateBold()));
                }
                for (PackageVerifier.Check c : report.checks()) {
                    String status = switch (c.status()) {
                        case PASS -> "通过";
                        case FAIL -> "不通过";
                        case SKIP -> "未检";
                        case WARN -> "警告";
                    };
                    for (String v : List.of(status, c.property().chinese(), c.item(), c.file(), c.detail() == null ? "" : c.detail())) {
                        t.addCell(new Cell().add(new Paragraph(v).setFont(font).setFontSize(7)));
                    }
                }
                doc.add(t);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
