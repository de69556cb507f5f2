package cn.shencha.jobs.support;

import cn.shencha.writers.search.LocalSearchNode;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One real Elasticsearch node for a whole test JVM, started from the distribution the build resolved, under
 * {@code target/test-search-node}. Its lease is released (and the node stopped) when the JVM exits. Test classes that
 * share it use their own index prefix.
 */
public final class TestSearchNode {

    private static LocalSearchNode.Lease lease;

    private TestSearchNode() {
    }

    public static synchronized String url() {
        if (lease == null) {
            lease = LocalSearchNode.acquire(settings(Path.of("target", "test-search-node")));
        }
        return lease.url().toString();
    }

    public static LocalSearchNode.Settings settings(Path nodeDir) {
        String distribution = System.getProperty("shencha.elasticsearch.distribution");
        if (distribution == null) {
            throw new IllegalStateException("system property shencha.elasticsearch.distribution is not set (run the tests with Maven)");
        }
        return new LocalSearchNode.Settings(Path.of(distribution), nodeDir.toAbsolutePath(), Path.of(System.getProperty("java.home")),
                "512m", null, Duration.ofMinutes(3));
    }
}
