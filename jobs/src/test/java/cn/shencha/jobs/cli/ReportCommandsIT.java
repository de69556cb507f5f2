package cn.shencha.jobs.cli;

import cn.shencha.jobs.support.ChildCli;
import cn.shencha.writers.report.ReportWeek;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static cn.shencha.jobs.support.ExternalTool.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8's command-line acceptance, each command in its own JVM as a user runs it: after {@code demo --exit} on a
 * fresh data directory, {@code report} for the current week (PDF and Excel) and {@code reading-log} for today work;
 * the report's signature is valid for pdfsig and {@code verify}; bad input is one line and exit 2.
 */
class ReportCommandsIT {

    @TempDir
    Path data;

    @Test
    void afterTheDemoTheReportAndTheReadingLogOfTodayWork() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ChildCli.Result demo = ChildCli.start(data, List.of("demo", "--exit", "--port", Integer.toString(port)))
                .await(Duration.ofMinutes(5));
        assertThat(demo.exitCode()).as(demo.output()).isZero();

        String week = ReportWeek.current(ZoneId.of("Asia/Shanghai")).toString();
        Path pdf = data.resolve("week.pdf");
        ChildCli.Result report = ChildCli.start(data, List.of("report", "--week", week, "--format", "pdf", "--out", pdf.toString()))
                .await(Duration.ofMinutes(3));
        assertThat(report.exitCode()).as(report.output()).isZero();
        assertThat(report.output()).contains("Weekly report " + week).contains("demonstration key").contains(pdf.toString());
        String text = run("pdftotext", "-enc", "UTF-8", "-layout", pdf.toString(), "-");
        assertThat(text).contains("网站与政务新媒体保密审查周报", "读网次数", "暗链及非法植入内容", "最早未办结事项").doesNotContain("本周无数据");
        assertThat(run("pdfsig", pdf.toString())).contains("Signature is Valid.");
        ChildCli.Result verify = ChildCli.start(data, List.of("verify", pdf.toString())).await(Duration.ofMinutes(2));
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(verify.output()).contains("result: every check holds").contains("PDF/A-2b");

        Path xlsx = data.resolve("week.xlsx");
        ChildCli.Result excel = ChildCli.start(data, List.of("report", "--week", week, "--format", "xlsx", "--out", xlsx.toString()))
                .await(Duration.ofMinutes(3));
        assertThat(excel.exitCode()).as(excel.output()).isZero();
        assertThat(xlsx).isNotEmptyFile();

        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        Path log = data.resolve("log.pdf");
        ChildCli.Result readingLog = ChildCli.start(data, List.of("reading-log", "--from", today, "--to", today, "--format", "pdf",
                "--out", log.toString())).await(Duration.ofMinutes(3));
        assertThat(readingLog.exitCode()).as(readingLog.output()).isZero();
        assertThat(readingLog.output()).contains("1 reading(s)");
        String logText = run("pdftotext", "-enc", "UTF-8", "-layout", log.toString(), "-");
        assertThat(logText).contains("值班读网表", today, "云川区人民政府门户网站", "完成（手动）");
        Path logXlsx = data.resolve("log.xlsx");
        assertThat(ChildCli.start(data, List.of("reading-log", "--format", "xlsx", "--out", logXlsx.toString()))
                .await(Duration.ofMinutes(3)).exitCode()).isZero();
        assertThat(logXlsx).isNotEmptyFile();

        ChildCli.Result bad = ChildCli.start(data, List.of("report", "--week", "2026-W60")).await(Duration.ofMinutes(1));
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.output().strip()).startsWith("error: report: ").doesNotContain("Exception");
    }
}
