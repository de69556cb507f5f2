package cn.shencha.jobs.console;

import cn.shencha.jobs.audit.AnalyzedSnapshot;
import cn.shencha.jobs.audit.AuditJobConfiguration;
import cn.shencha.jobs.audit.AuditTarget;
import cn.shencha.jobs.audit.FindingItemWriter;
import cn.shencha.jobs.audit.ReviewCandidate;
import cn.shencha.jobs.audit.ReviewTaskItemWriter;
import cn.shencha.jobs.audit.RunSummary;
import cn.shencha.jobs.audit.internal.AuditStore;
import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.jobs.review.Role;
import cn.shencha.jobs.review.Units;
import cn.shencha.readers.jdbc.KeysetPagingItemReader;
import cn.shencha.rules.Analysis;
import cn.shencha.rules.SecrecyAnalyzer;
import cn.shencha.rules.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15 item 5, the jobs side: an analysis that did not finish ({@link Analysis#complete()} false, as the rules'
 * per-document budget returns it) is stored as not fully analyzed, listed in run-summary.json, routed for review
 * though it found nothing, and shown 未完整分析 with its reason on the item page; a complete analysis of the same kind
 * of page is neither.
 */
class NotFullyAnalyzedIT {

    private static final String REASON = "analysis stopped at character 40000 of 160000: time budget of 2000 ms spent";

    @Test
    void anIncompleteAnalysisIsStoredRoutedSummarizedAndShown(@TempDir Path data) throws Exception {
        try (ConsoleFixture console = ConsoleFixture.start(data, Map.of())) {
            JdbcTemplate jdbc = console.jdbc();
            long runId = jdbc.queryForObject("SELECT MAX(run_id) FROM crawl_frontier", Long.class);
            Map<String, Object> home = jdbc.queryForMap("SELECT s.id, s.page_id, s.text FROM snapshot s JOIN page p"
                    + " ON p.id = s.page_id WHERE p.url = ?", console.siteBase);
            String snapshotId = (String) home.get("id");
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM review_task WHERE snapshot_id = ?", Integer.class, snapshotId))
                    .as("the home page has no finding: no task after a complete analysis").isZero();
            assertThat(candidates(jdbc, runId)).noneMatch(c -> c.snapshotId().equals(snapshotId));

            // The analyze step's writer gets the home page's analysis back incomplete, without findings.
            Analysis analysis = console.context.getBean(SecrecyAnalyzer.class).analyze((String) home.get("text"));
            assertThat(analysis.findings()).isEmpty();
            new FindingItemWriter(console.context.getBean(AuditStore.class)).write(Chunk.of(
                    new AnalyzedSnapshot(snapshotId, (String) home.get("page_id"), analysis.incomplete(REASON))));
            assertThat(jdbc.queryForObject("SELECT analysis_incomplete FROM snapshot WHERE id = ?", String.class, snapshotId))
                    .isEqualTo(REASON);

            // The route step opens a task for it, as it does for items with findings.
            List<ReviewCandidate> routed = candidates(jdbc, runId);
            assertThat(routed).extracting(ReviewCandidate::snapshotId).containsExactly(snapshotId);
            new ReviewTaskItemWriter(jdbc, console.context.getBean(Units.class), runId, Severity.MEDIUM, 5)
                    .write(new Chunk<>(routed));
            String taskId = jdbc.queryForObject("SELECT id FROM review_task WHERE snapshot_id = ?", String.class, snapshotId);

            // run-summary.json names it, with the reason.
            ShenchaProperties properties = console.context.getBean(ShenchaProperties.class);
            AuditTarget target = AuditTarget.of(new ShenchaProperties.Site("控制台测试", console.siteBase, null,
                    "0 0 8,12,18 * * *", "Asia/Shanghai", List.of(), List.of(), true, null, null, Duration.ZERO),
                    properties.crawl());
            Map<String, Object> summary = RunSummary.build(jdbc, runId, 0, "COMPLETED", target, Instant.now(), Instant.now());
            assertThat(((Map<?, ?>) summary.get("counts")).get("notFullyAnalyzed")).isEqualTo(1);
            assertThat(summary.get("notFullyAnalyzed").toString()).contains(console.siteBase).contains(REASON);

            // The item page says so; an item analyzed whole does not.
            ConsoleHttp reviewer = new ConsoleHttp(console.base);
            assertThat(reviewer.login(ConsoleFixture.user(Role.SECRECY_REVIEWER, null), ConsoleFixture.PASSWORD)).isTrue();
            HttpResponse<String> item = reviewer.get("/items/" + taskId);
            assertThat(item.statusCode()).isEqualTo(200);
            assertThat(item.body()).contains("id=\"item-incomplete\"").contains("未完整分析").contains(REASON)
                    .doesNotContain("规则未发现问题");
            HttpResponse<String> whole = reviewer.get("/items/" + console.taskOf("/zwdt/a.html"));
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.body()).doesNotContain("未完整分析");
        }
    }

    private static List<ReviewCandidate> candidates(JdbcTemplate jdbc, long runId) {
        KeysetPagingItemReader<ReviewCandidate> reader = AuditJobConfiguration.routeCandidates(jdbc, runId);
        reader.open(new ExecutionContext());
        List<ReviewCandidate> out = new ArrayList<>();
        for (ReviewCandidate c = reader.read(); c != null; c = reader.read()) {
            out.add(c);
        }
        reader.close();
        return out;
    }
}
