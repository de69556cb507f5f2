package cn.shencha.jobs.report;

import cn.shencha.jobs.ShenchaApplication;
import cn.shencha.jobs.support.TestSearchNode;
import cn.shencha.writers.report.HealthStatus;
import cn.shencha.writers.report.SiteHealthIndicator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The census veto item for wording: a SERIOUS_WORDING finding on a page read in the week makes it red. */
class WordingSiteHealthIT {

    @Test
    void aSeriousWordingFindingOfTheWeekIsTheVeto(@TempDir Path data) {
        try (ConfigurableApplicationContext context = new SpringApplication(ShenchaApplication.class).run(
                "--shencha.data=" + data, "--shencha.search.url=" + TestSearchNode.url())) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            WordingSiteHealth health = context.getBean(WordingSiteHealth.class);
            Instant now = Instant.now();
            Instant weekStart = now.minus(Duration.ofDays(7));
            assertThat(health.measure(weekStart, now)).as("no page read: not measured").isEmpty();

            Timestamp read = Timestamp.from(now.minus(Duration.ofDays(2)));
            jdbc.update("INSERT INTO page (id, site_id, url, first_seen_at, last_fetched_at) VALUES ('p1', 'portal', 'http://p/a.html', ?, ?)", read, read);
            jdbc.update("INSERT INTO snapshot (id, page_id, first_run_id, fetched_at, http_status, bytes, body_sha256, text_sha256, text)"
                    + " VALUES ('s1', 'p1', 1, ?, 200, 10, 'b', 't', '区长陈立新主持召开会议。')", read);
            Map<SiteHealthCheck, SiteHealthIndicator> clean = health.measure(weekStart, now);
            assertThat(clean.get(SiteHealthCheck.NO_SERIOUS_WORDING).status()).isEqualTo(HealthStatus.GREEN);

            jdbc.update("INSERT INTO finding (id, snapshot_id, page_id, category, rule_id, start_offset, end_offset, evidence, severity,"
                    + " explanation, created_at) VALUES ('f1', 's1', 'p1', 'SERIOUS_WORDING', 'WORDING-TITLE', 0, 5, '区长陈立新', 'HIGH', '职务表述错误', ?)", read);
            SiteHealthIndicator veto = health.measure(weekStart, now).get(SiteHealthCheck.NO_SERIOUS_WORDING);
            assertThat(veto.status()).isEqualTo(HealthStatus.RED);
            assertThat(veto.figure()).contains("1 处（1 个页面）").contains("区长陈立新");
            assertThat(health.measure(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(20)))).isEmpty();
        }
    }
}
