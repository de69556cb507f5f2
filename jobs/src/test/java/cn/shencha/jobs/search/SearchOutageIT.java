package cn.shencha.jobs.search;

import cn.shencha.jobs.ShenchaApplication;
import cn.shencha.jobs.audit.AuditRunner;
import cn.shencha.jobs.audit.AuditTarget;
import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.jobs.demo.DemoPortalServer;
import cn.shencha.jobs.support.SearchProxy;
import cn.shencha.jobs.support.TestSearchNode;
import cn.shencha.writers.search.LocalSearchNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5's acceptance: the Elasticsearch node is stopped in the middle of the index step (at its fifth bulk request);
 * the job fails cleanly with a clear message; the node comes back and the restarted run completes; the index then
 * holds exactly one document per snapshot and per finding, as a clean run does.
 */
class SearchOutageIT {

    @Test
    void theIndexStepFailsCleanlyWhenTheNodeStopsAndARestartLosesNothing(@TempDir Path data) throws Exception {
        Path nodeDir = Path.of("target", "outage-search-node").toAbsolutePath();
        AtomicReference<LocalSearchNode.Lease> node = new AtomicReference<>(LocalSearchNode.acquire(TestSearchNode.settings(nodeDir)));
        try (DemoPortalServer portal = DemoPortalServer.start(0);
             SearchProxy proxy = SearchProxy.to(node.get().url());
             ConfigurableApplicationContext context = new SpringApplication(ShenchaApplication.class).run(
                     "--shencha.data=" + data, "--shencha.search.url=" + proxy.url(), "--shencha.search.bulk-size=2",
                     "--shencha.search.index-prefix=it-outage-" + Long.toHexString(System.nanoTime()))) {
            proxy.onBulk(n -> {
                if (n == 5) {
                    node.get().close(); // the node stops while the index step is half done
                }
            });
            AuditRunner runner = context.getBean(AuditRunner.class);
            ShenchaProperties properties = context.getBean(ShenchaProperties.class);
            ShenchaProperties.Site site = new ShenchaProperties.Site("演示", portal.baseUri().toString(), null,
                    "0 0 8,12,18 * * *", "Asia/Shanghai", List.of(), List.of(), true, null, null, Duration.ZERO);
            AuditTarget target = AuditTarget.of(site, properties.crawl());
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);

            AuditRunner.Outcome failed = runner.run(target);
            assertThat(failed.completed()).isFalse();
            assertThat(failed.failure()).contains("Elasticsearch at " + proxy.url()).contains("unavailable");
            int indexedBeforeOutage = jdbc.queryForObject(
                    "SELECT write_count FROM batch_step_execution WHERE step_name = 'index'", Integer.class);
            assertThat(indexedBeforeOutage).as("the outage came in the middle of the step").isBetween(2, 40);

            // The node comes back (same data directory, maybe another port) and the run is restarted.
            node.set(LocalSearchNode.acquire(TestSearchNode.settings(nodeDir)));
            proxy.upstream(node.get().url());
            proxy.onBulk(n -> { });
            AuditRunner.Outcome resumed = runner.run(target);
            assertThat(resumed.completed()).as(resumed.failure()).isTrue();
            assertThat(resumed.runId()).as("the failed run was restarted, not replaced").isEqualTo(failed.runId());

            SearchCluster search = context.getBean(SearchCluster.class);
            search.refresh();
            int snapshots = jdbc.queryForObject("SELECT COUNT(*) FROM snapshot", Integer.class);
            int findings = jdbc.queryForObject("SELECT COUNT(*) FROM finding", Integer.class);
            assertThat(snapshots).isGreaterThan(40);
            assertThat(search.count(SearchCluster.PAGES)).isEqualTo(snapshots);
            assertThat(search.count(SearchCluster.FINDINGS)).isEqualTo(findings);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM index_dead_letter", Integer.class)).isZero();
        } finally {
            node.get().close();
        }
    }
}
