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

/** The crawl's site-health rows become the weekly report's indicators: each site's last run before the week's end. */
class CrawlSiteHealthIT {

    @Test
    void theLastRunBeforeTheMomentDecidesEveryIndicator(@TempDir Path data) {
        try (ConfigurableApplicationContext context = new SpringApplication(ShenchaApplication.class).run(
                "--shencha.data=" + data, "--shencha.search.url=" + TestSearchNode.url())) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            Instant now = Instant.now();
            Timestamp older = Timestamp.from(now.minus(Duration.ofDays(3)));
            Timestamp newer = Timestamp.from(now.minus(Duration.ofDays(1)));
            String insert = "INSERT INTO site_health (run_id, site_id, kind, status, url, target, http_status, name, newest,"
                    + " max_age_days, items, originals, detail, computed_at) VALUES (?, 'portal', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)";
            // Run 1: everything wrong. Run 2 (later): one stale news column, one broken link, a feed with an original post.
            jdbc.update(insert, 1, "COLUMN", "EMPTY", "http://p/zwdt/", null, null, "政务动态", null, 14, 0, null, older);
            jdbc.update(insert, 1, "FEED", "INACTIVE", "http://p/feed.xml", null, null, "云川发布", null, null, 0, 0, older);
            jdbc.update(insert, 2, "COLUMN", "STALE", "http://p/zwdt/", null, null, "政务动态", "2026-10-01", 14, 5, null, newer);
            jdbc.update(insert, 2, "COLUMN", "FRESH", "http://p/tzgg/", null, null, "通知公告", "2026-11-20", 183, 9, null, newer);
            jdbc.update(insert, 2, "BROKEN_LINK", "BROKEN", "http://p/a.html", "http://p/missing.html", 404, null, null, null, null, null, newer);
            jdbc.update(insert, 2, "FEED", "ACTIVE", "http://p/feed.xml", null, null, "云川发布", "2026-11-24", null, 3, 2, newer);

            Map<SiteHealthCheck, SiteHealthIndicator> now2 = context.getBean(CrawlSiteHealth.class).measure(now.minus(Duration.ofDays(7)), now);
            assertThat(now2.get(SiteHealthCheck.NEWS_COLUMNS_UPDATED).status()).isEqualTo(HealthStatus.RED);
            assertThat(now2.get(SiteHealthCheck.NEWS_COLUMNS_UPDATED).figure()).contains("政务动态").contains("2026-10-01");
            assertThat(now2.get(SiteHealthCheck.NOTICE_COLUMNS_UPDATED).status()).isEqualTo(HealthStatus.GREEN);
            assertThat(now2.get(SiteHealthCheck.NO_EMPTY_COLUMNS).status()).isEqualTo(HealthStatus.GREEN);
            assertThat(now2.get(SiteHealthCheck.LINKS_AVAILABLE).status()).isEqualTo(HealthStatus.RED);
            assertThat(now2.get(SiteHealthCheck.LINKS_AVAILABLE).figure()).contains("missing.html");
            assertThat(now2.get(SiteHealthCheck.NEW_MEDIA_ORIGINAL).status()).isEqualTo(HealthStatus.GREEN);

            // Two days ago only run 1 existed.
            Map<SiteHealthCheck, SiteHealthIndicator> then = context.getBean(CrawlSiteHealth.class)
                    .measure(now.minus(Duration.ofDays(9)), now.minus(Duration.ofDays(2)));
            assertThat(then.get(SiteHealthCheck.NO_EMPTY_COLUMNS).status()).isEqualTo(HealthStatus.RED);
            assertThat(then.get(SiteHealthCheck.NEW_MEDIA_ORIGINAL).status()).isEqualTo(HealthStatus.RED);
            assertThat(then).doesNotContainKey(SiteHealthCheck.NEWS_COLUMNS_UPDATED);
            // Before any run: nothing measured, so the report shows 未检测.
            assertThat(context.getBean(CrawlSiteHealth.class).measure(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(20))))
                    .isEmpty();
        }
    }
}
