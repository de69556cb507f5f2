package cn.shencha.jobs.search;

import cn.shencha.jobs.support.ChildCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command stopped (SIGTERM) while its local search node is still starting stops that node too, and the next command
 * starts a node again from the same directory (a keystore the stopped node was writing does not block it).
 */
class SearchNodeShutdownIT {

    @Test
    void aNodeStillStartingStopsWithItsCommandAndTheNextCommandStartsOneAgain(@TempDir Path data) throws Exception {
        ChildCli first = ChildCli.start(data, List.of("search", "政府"));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (ChildCli.elasticsearchProcessesFor(data).isEmpty() && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(ChildCli.elasticsearchProcessesFor(data)).as("the node is starting").isNotEmpty();
        assertThat(first.isAlive()).as("the command waits for it").isTrue();
        first.terminate();
        deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (!ChildCli.elasticsearchProcessesFor(data).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(ChildCli.elasticsearchProcessesFor(data)).as("orphan search nodes").isEmpty();

        ChildCli.Result again = ChildCli.start(data, List.of("search", "政府")).await(Duration.ofMinutes(3));
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("0 hits for 政府");
        assertThat(ChildCli.elasticsearchProcessesFor(data)).as("stopped with its last user").isEmpty();
    }
}
