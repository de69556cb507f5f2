package cn.shencha.jobs.archive;

import cn.shencha.jobs.ShenchaApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * archiveJob as the schedule runs it: the month just ended is packaged into shencha.archive.directory, verified and
 * recorded; a month packaged already is skipped; a failed run (the directory cannot be made) is restarted and then
 * completes, leaving one package.
 */
class ArchiveJobIT {

    @TempDir
    Path dir;

    @Test
    void packagesTheLastMonthSkipsItThenRestartsAFailedRun() throws Exception {
        Path archives = dir.resolve("archives");
        String[] args = {"--shencha.data=" + dir, "--shencha.search.url=http://127.0.0.1:9",
                "--shencha.archive.directory=" + archives};
        try (ConfigurableApplicationContext context = new SpringApplication(ShenchaApplication.class).run(args)) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            jdbc.update("INSERT INTO shencha_site (id, name, base_url, created_at) VALUES (?, ?, ?, ?)", "s1", "测试站点",
                    "http://s1.example.gov.cn/", Timestamp.from(Instant.now()));
            ArchiveRunner runner = context.getBean(ArchiveRunner.class);
            YearMonth month = ArchiveRunner.lastCompleteMonth(ZoneId.of("Asia/Shanghai"));

            // The package directory cannot be made: a file stands where it goes. The run fails.
            Files.writeString(archives, "in the way");
            ArchiveRunner.Outcome failed = runner.run(month.atDay(1), month.atEndOfMonth(), false);
            assertThat(failed.status()).isEqualTo(BatchStatus.FAILED);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM archive_package", Integer.class)).isZero();

            Files.delete(archives);
            ArchiveRunner.Outcome restarted = runner.run(month.atDay(1), month.atEndOfMonth(), false);
            assertThat(restarted.status()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(restarted.restarted()).isTrue();
            List<Map<String, Object>> rows = jdbc.queryForList("SELECT site_id, period_from, period_to, path, verify_state FROM archive_package");
            assertThat(rows).hasSize(1);
            assertThat(rows.getFirst().get("verify_state")).isEqualTo("PASSED");
            Path bag = Path.of((String) rows.getFirst().get("path"));
            assertThat(bag).isDirectory().startsWith(archives);
            assertThat(bag.getFileName().toString()).isEqualTo("shencha-s1-" + month.atDay(1) + "_" + month.atEndOfMonth());
            assertThat(bag.resolve("data/ledgers/领导审批台帐_" + month + ".pdf")).isRegularFile();
            try (var s = Files.list(archives)) {
                assertThat(s.toList()).containsExactly(bag);
            }

            ArchiveRunner.Outcome again = runner.run(month.atDay(1), month.atEndOfMonth(), false);
            assertThat(again.skipped()).isTrue();
        }
    }
}
