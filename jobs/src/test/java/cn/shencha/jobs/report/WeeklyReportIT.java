package cn.shencha.jobs.report;

import cn.shencha.jobs.ShenchaApplication;
import cn.shencha.jobs.support.PostgresTestDatabase;
import cn.shencha.rules.Category;
import cn.shencha.writers.report.ReportWeek;
import cn.shencha.writers.report.WeeklyReport;
import cn.shencha.writers.signing.PdfSignatureVerifier;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static cn.shencha.jobs.support.ExternalTool.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8's acceptance on a known history, on H2 and on PostgreSQL: the report's PDF text carries every headline
 * number of the week and the week before, each equal to the test's own SQL count of the same facts, for the district
 * and for a unit; the Excel version has the same numbers and the 12-week trend; the same week and data give the same
 * numbers; the PDF is signed (pdfsig and the verifier accept it) and renders (pdftoppm); a week without data says
 * 本周无数据.
 */
class WeeklyReportIT {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void everyHeadlineNumberIsTheSqlCountOfItsFacts(String database) throws Exception {
        List<String> args = new ArrayList<>(List.of("--shencha.data=" + dir, "--shencha.search.url=http://127.0.0.1:9"));
        args.addAll(List.of(KnownHistory.UNIT_PROPERTIES));
        PostgresTestDatabase pg = database.equals("postgresql") ? PostgresTestDatabase.create() : null;
        if (pg != null) {
            args.addAll(List.of("--spring.datasource.url=" + pg.url(), "--spring.datasource.username=" + pg.user(),
                    "--spring.datasource.password=" + pg.password()));
        }
        try (ConfigurableApplicationContext context = new SpringApplication(ShenchaApplication.class).run(args.toArray(String[]::new))) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            ReportWeek week = ReportWeek.current(KnownHistory.ZONE).previous();
            KnownHistory history = new KnownHistory(jdbc, week).write();
            ReportService service = context.getBean(ReportService.class);
            Instant start = history.start(0);
            Instant end = week.end(KnownHistory.ZONE).toInstant();
            Instant previousStart = history.start(1);

            // District: the PDF's text against SQL, this week and last.
            Path pdf = dir.resolve("district.pdf");
            ReportService.Written written = service.write(week, null, ReportService.Format.PDF, pdf);
            assertThat(written.pages()).isEqualTo(2);
            Map<String, long[]> printed = headline(pdftotext(pdf));
            Map<String, Long> now = HeadlineSql.count(jdbc, start, end, null, null);
            Map<String, Long> before = HeadlineSql.count(jdbc, previousStart, start, null, null);
            assertThat(printed.keySet()).containsExactlyInAnyOrderElementsOf(now.keySet());
            for (String label : now.keySet()) {
                assertThat(printed.get(label)[0]).as("%s this week", label).isEqualTo(now.get(label));
                assertThat(printed.get(label)[1]).as("%s the week before", label).isEqualTo(before.get(label));
            }
            // The history is varied enough that a wrong count shows.
            for (String label : List.of("读网次数", "读取网页（个）", "读取附件（个）", "读取新媒体信息（条）", "新增网页及附件",
                    "变更网页及附件", "审结事项（件）", "待审事项（件）", "其中：超期", "发现问题（处）", "篡改事件（起）", "暗链事件（起）")) {
                assertThat(now.get(label)).as(label).isPositive();
                assertThat(before.get(label)).as(label + " the week before").isPositive();
            }
            assertThat(now.get("其中：同意发布") + now.get("其中：退回修改") + now.get("其中：撤下")).isEqualTo(now.get("审结事项（件）"));

            // A unit: its pages by URL, its tasks by unit.
            Path unitPdf = dir.resolve("fgw.pdf");
            assertThat(service.write(week, "fgw", ReportService.Format.PDF, unitPdf).pages()).isEqualTo(1);
            Map<String, long[]> unitPrinted = headline(pdftotext(unitPdf));
            Map<String, Long> unitNow = HeadlineSql.count(jdbc, start, end, "fgw", KnownHistory.FGW);
            unitNow.put("读网次数", now.get("读网次数"));
            for (String label : unitNow.keySet()) {
                assertThat(unitPrinted.get(label)[0]).as("fgw: %s", label).isEqualTo(unitNow.get(label));
            }
            assertThat(unitNow.get("发现问题（处）")).isPositive().isLessThan(now.get("发现问题（处）"));

            // Signed: pdfsig and the verifier accept it; it renders.
            assertThat(run("pdfsig", pdf.toString())).contains("Signature is Valid.").contains("Total document signed");
            assertThat(new PdfSignatureVerifier().verify(pdf).failures()).isEmpty();
            Path png = Path.of("target", "report-it", database);
            Files.createDirectories(png);
            run("pdftoppm", "-r", "110", "-png", pdf.toString(), png.resolve("district").toString());
            assertThat(png.resolve("district-1.png")).exists();
            assertThat(png.resolve("district-2.png")).exists();

            // Excel: the same numbers, the trend week by week against SQL, every unit's figures.
            Path xlsx = dir.resolve("district.xlsx");
            service.write(week, null, ReportService.Format.XLSX, xlsx);
            try (InputStream in = Files.newInputStream(xlsx); XSSFWorkbook wb = new XSSFWorkbook(in)) {
                Map<String, Double> summary = new HashMap<>();
                for (Row r : wb.getSheet("汇总")) {
                    if (r.getCell(1) != null && r.getCell(1).getCellType() == org.apache.poi.ss.usermodel.CellType.NUMERIC) {
                        summary.put(r.getCell(0).getStringCellValue(), r.getCell(1).getNumericCellValue());
                    }
                }
                for (String label : now.keySet()) {
                    assertThat(summary.get(label)).as("xlsx %s", label).isEqualTo(now.get(label).doubleValue());
                }
                var trend = wb.getSheet("趋势");
                assertThat(trend.getLastRowNum()).isEqualTo(WeeklyReport.TREND_WEEKS);
                for (int i = 1; i <= WeeklyReport.TREND_WEEKS; i++) {
                    ReportWeek w = ReportWeek.parse(trend.getRow(i).getCell(0).getStringCellValue());
                    assertThat(w).isEqualTo(week.minusWeeks(WeeklyReport.TREND_WEEKS - i));
                    Map<String, Long> counts = HeadlineSql.count(jdbc, w.start(KnownHistory.ZONE).toInstant(),
                            w.end(KnownHistory.ZONE).toInstant(), null, null);
                    int c = 2;
                    for (Category cat : Category.values()) {
                        assertThat((long) trend.getRow(i).getCell(c++).getNumericCellValue()).as("%s %s", w, cat)
                                .isEqualTo(counts.get(cat.chineseName()));
                    }
                }
                var units = wb.getSheet("单位");
                Map<String, Row> byName = new HashMap<>();
                for (Row r : units) {
                    byName.put(r.getCell(0).getStringCellValue(), r);
                }
                Map<String, Long> tjj = HeadlineSql.count(jdbc, start, end, "tjj", KnownHistory.TJJ);
                Row tjjRow = byName.get("区统计局");
                assertThat((long) tjjRow.getCell(1).getNumericCellValue()).isEqualTo(tjj.get("读取网页（个）") + tjj.get("读取附件（个）"));
                assertThat((long) tjjRow.getCell(2).getNumericCellValue()).isEqualTo(tjj.get("发现问题（处）"));
                assertThat((long) tjjRow.getCell(4).getNumericCellValue()).isEqualTo(tjj.get("其中：超期"));
                assertThat((long) tjjRow.getCell(10).getNumericCellValue()).isEqualTo(tjj.get("待审事项（件）"));
                assertThat(wb.getSheet("待审事项").getLastRowNum()).isEqualTo(now.get("待审事项（件）").intValue());
            }

            // Stable: the same week and data give the same numbers.
            ReportFacts facts = context.getBean(ReportFacts.class);
            WeeklyReport a = facts.report(week, null);
            WeeklyReport b = facts.report(week, null);
            assertThat(b.current()).isEqualTo(a.current());
            assertThat(b.previous()).isEqualTo(a.previous());
            assertThat(b.trend()).isEqualTo(a.trend());
            assertThat(b.ranking()).isEqualTo(a.ranking());
            assertThat(b.oldest()).isEqualTo(a.oldest());
            assertThat(a.oldest()).hasSize(WeeklyReport.OLDEST_LIMIT)
                    .allSatisfy(i -> assertThat(i.link()).isEqualTo("http://console.example:8080/review/" + i.taskId()));
            // ...and they are the ten items open at the report's moment, by grade then age, as SQL lists them
            java.sql.Timestamp asOf = java.sql.Timestamp.from(a.info().asOf().atZone(facts.zone()).toInstant());
            List<String> expected = jdbc.queryForList("SELECT id FROM review_task WHERE created_at < ?"
                    + " AND (state = 'OPEN' OR decided_at >= ?) ORDER BY CASE importance WHEN 'SPECIAL' THEN 0"
                    + " WHEN 'IMPORTANT' THEN 1 ELSE 2 END, created_at, id FETCH FIRST 10 ROWS ONLY", String.class, asOf, asOf);
            assertThat(a.oldest()).extracting(cn.shencha.writers.report.OpenItem::taskId).containsExactlyElementsOf(expected);

            // A week without data.
            Path empty = dir.resolve("empty.pdf");
            service.write(week.minusWeeks(30), null, ReportService.Format.PDF, empty);
            assertThat(pdftotext(empty)).contains("本周无数据");
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    private static final Pattern ROW = Pattern.compile("(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(持平|[+-]\\d+)");

    /** The headline table's rows as pdftotext -layout prints them: label → {this week, last week}. */
    static Map<String, long[]> headline(String text) {
        Map<String, long[]> out = new HashMap<>();
        Matcher m = ROW.matcher(text);
        while (m.find()) {
            long a = Long.parseLong(m.group(2));
            long b = Long.parseLong(m.group(3));
            String delta = m.group(4);
            assertThat(delta).as(m.group(1)).isEqualTo(a == b ? "持平" : (a > b ? "+" : "") + (a - b));
            out.put(m.group(1), new long[]{a, b});
        }
        return out;
    }

    static String pdftotext(Path pdf) throws Exception {
        return run("pdftotext", "-enc", "UTF-8", "-layout", pdf.toString(), "-");
    }
}
