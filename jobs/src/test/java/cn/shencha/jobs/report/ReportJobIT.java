package cn.shencha.jobs.report;

import cn.shencha.jobs.ShenchaApplication;
import cn.shencha.writers.report.ReportWeek;
import cn.shencha.writers.signing.PdfSignatureVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * reportJob archives the district report (signed PDF and Excel) and one signed PDF per unit, records them for the
 * console, restarts a failed run where it stopped (reports already archived are not made again), and does not
 * report a week twice unless asked.
 */
class ReportJobIT {

    @TempDir
    Path dir;

    @Test
    void archivesRestartsWhereItStoppedAndListsTheReports() throws Exception {
        List<String> args = new ArrayList<>(List.of("--shencha.data=" + dir, "--shencha.search.url=http://127.0.0.1:9"));
        args.addAll(List.of(KnownHistory.UNIT_PROPERTIES));
        try (ConfigurableApplicationContext context = new SpringApplication(ShenchaApplication.class).run(args.toArray(String[]::new))) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            ReportWeek week = ReportWeek.current(KnownHistory.ZONE).previous();
            new KnownHistory(jdbc, week).write();
            ReportRunner runner = context.getBean(ReportRunner.class);
            ReportArchive archive = context.getBean(ReportArchive.class);

            // The second unit's report cannot be written: a non-empty directory stands where its file goes.
            Path blocker = archive.file(week, "tjj", ReportService.Format.PDF);
            Files.createDirectories(blocker);
            Files.writeString(blocker.resolve("in-the-way"), "x");
            ReportRunner.Outcome failed = runner.run(week, false);
            assertThat(failed.status()).isEqualTo(BatchStatus.FAILED);
            List<Map<String, Object>> first = jdbc.queryForList("SELECT unit_id, format, generated_at FROM weekly_report ORDER BY unit_id, format");
            assertThat(first).extracting(r -> r.get("unit_id") + "/" + r.get("format")).containsExactly("/PDF", "/XLSX", "fgw/PDF");

            Files.delete(blocker.resolve("in-the-way"));
            Files.delete(blocker);
            ReportRunner.Outcome resumed = runner.run(week, false);
            assertThat(resumed.status()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(resumed.restarted()).isTrue();
            List<Map<String, Object>> after = jdbc.queryForList("SELECT unit_id, format, generated_at FROM weekly_report ORDER BY unit_id, format");
            assertThat(after).extracting(r -> r.get("unit_id") + "/" + r.get("format"))
                    .containsExactly("/PDF", "/XLSX", "fgw/PDF", "tjj/PDF");
            for (int i = 0; i < first.size(); i++) {
                assertThat(after.get(i).get("generated_at")).as("not made again: %s", first.get(i)).isEqualTo(first.get(i).get("generated_at"));
            }

            // What the console lists, with the headline preview and files that verify.
            List<ArchivedReport> listed = archive.list(week);
            assertThat(listed).hasSize(4);
            ArchivedReport district = archive.find(week, null, ReportService.Format.PDF).orElseThrow();
            assertThat(district.unitName()).isEqualTo("全区");
            assertThat(district.file()).exists().startsWith(dir.resolve("reports").resolve(week.toString()));
            assertThat(district.signed()).isTrue();
            assertThat(district.demoKey()).isTrue();
            assertThat(district.findings()).isEqualTo(jdbc.queryForObject("SELECT COUNT(*) FROM finding WHERE created_at >= ? AND created_at < ?",
                    Long.class, KnownHistory.ts(week.start(KnownHistory.ZONE).toInstant()), KnownHistory.ts(week.end(KnownHistory.ZONE).toInstant())));
            assertThat(district.sha256()).isEqualTo(ReportArchive.sha256(district.file()));
            assertThat(archive.find(district.id())).contains(district);
            assertThat(archive.list(10)).hasSize(4);
            for (ArchivedReport r : listed) {
                if (r.format().equals("PDF")) {
                    assertThat(new PdfSignatureVerifier().verify(r.file()).failures()).as(r.unitName()).isEmpty();
                }
            }
            assertThat(listed).extracting(ArchivedReport::unitName).contains("区发展和改革局", "区统计局");

            // Reported already: skipped, unless asked again.
            assertThat(runner.run(week, false).skipped()).isTrue();
            ReportRunner.Outcome again = runner.run(week, true);
            assertThat(again.completed()).isTrue();
            assertThat(again.skipped()).isFalse();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM weekly_report", Integer.class)).isEqualTo(4);
        }
    }
}
