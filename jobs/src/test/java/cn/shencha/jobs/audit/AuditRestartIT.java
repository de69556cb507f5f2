package cn.shencha.jobs.audit;

import cn.shencha.jobs.demo.DemoPortalServer;
import cn.shencha.jobs.support.ChildCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 2's acceptance: kill -9 of {@code shencha audit} in the middle of a run, then rerun: it completes, the search
 * index holds exactly what a clean run's holds, and no orphan Elasticsearch process remains. Each CLI runs in its own
 * JVM with its own local search node, as a user would run it.
 */
class AuditRestartIT {

    /** How many response records each URL other than robots.txt has in a data directory's WARC files. */
    private static java.util.Map<String, Integer> responseTargets(Path data) throws Exception {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        List<Path> files;
        try (java.util.stream.Stream<Path> walk = Files.walk(data.resolve("warc"))) {
            files = walk.filter(p -> p.toString().endsWith(".warc.gz")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            try (org.netpreserve.jwarc.WarcReader reader = new org.netpreserve.jwarc.WarcReader(file)) {
                for (org.netpreserve.jwarc.WarcRecord r : reader) {
                    if (r instanceof org.netpreserve.jwarc.WarcResponse resp && !resp.target().endsWith("/robots.txt")) {
                        counts.merge(java.net.URI.create(resp.target()).getPath(), 1, Integer::sum);
                    }
                }
            }
        }
        return counts;
    }

    @Test
    void aKilledAuditResumesAndEndsLikeACleanRun(@TempDir Path killed, @TempDir Path clean) throws Exception {
        try (DemoPortalServer portal = DemoPortalServer.start(0)) {
            String site = portal.baseUri().toString();
            List<String> audit = List.of("audit", "--site", site, "--allow-private", "--delay", "150");

            ChildCli first = ChildCli.start(killed, audit);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (portal.requests().size() < 10 && first.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(first.isAlive()).as("the audit was still running when killed").isTrue();
            int requestsBeforeKill = portal.requests().size();
            first.kill9();
            assertThat(requestsBeforeKill).isLessThan(25);

            ChildCli.Result resumed = ChildCli.start(killed, audit).await(Duration.ofMinutes(5));
            assertThat(resumed.exitCode()).as(resumed.output()).isZero();
            assertThat(resumed.output()).contains("after a restart");

            ChildCli.Result reference = ChildCli.start(clean, audit).await(Duration.ofMinutes(5));
            assertThat(reference.exitCode()).as(reference.output()).isZero();

            JsonNode a = JsonMapper.builder().build().readTree(killed.resolve("run-summary.json").toFile());
            JsonNode b = JsonMapper.builder().build().readTree(clean.resolve("run-summary.json").toFile());
            assertThat(a.at("/counts/findings").asInt()).isEqualTo(b.at("/counts/findings").asInt());
            assertThat(a.get("fetched").size()).isEqualTo(b.get("fetched").size());

            // Same documents in the search index as the clean run, counted through each data directory's own node.
            long killedDocs = ChildCli.countIndexedDocuments(killed);
            long cleanDocs = ChildCli.countIndexedDocuments(clean);
            assertThat(killedDocs).isPositive().isEqualTo(cleanDocs);

            assertThat(ChildCli.elasticsearchProcessesFor(killed)).as("orphan search nodes").isEmpty();
            assertThat(ChildCli.elasticsearchProcessesFor(clean)).as("orphan search nodes").isEmpty();
            assertThat(Files.exists(killed.resolve("run-summary.json"))).isTrue();

            // WARC: what the killed run had committed is not recorded twice, and nothing it had not committed stays:
            // every page is captured exactly as often as in the clean run (robots.txt is fetched anew by each process).
            assertThat(responseTargets(killed)).isEqualTo(responseTargets(clean));
        }
    }
}
