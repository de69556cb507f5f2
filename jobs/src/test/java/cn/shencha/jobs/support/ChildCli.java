package cn.shencha.jobs.support;

import cn.shencha.jobs.cli.ShenchaCli;
import cn.shencha.writers.search.LocalSearchNode;
import cn.shencha.writers.search.SearchClient;
import cn.shencha.writers.search.SearchClusterSettings;
import cn.shencha.writers.search.SearchIndex;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code shencha} in its own JVM, as a user would, so a test can kill it with SIGKILL. */
public final class ChildCli {

    /** How a child run ended. */
    public record Result(int exitCode, String output) {
    }

    private final Process process;
    private final Path log;

    private ChildCli(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static ChildCli start(Path data, List<String> args) throws IOException {
        return start(data, args, List.of(), java.util.Map.of());
    }

    /** With extra JVM options (-Dname=value) and environment variables (e.g. SPRING_DATASOURCE_URL). */
    public static ChildCli start(Path data, List<String> args, List<String> jvmOptions, java.util.Map<String, String> env)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.addAll(jvmOptions);
        command.add("-Dfile.encoding=UTF-8");
        command.add("-Dshencha.search.distribution=" + System.getProperty("shencha.elasticsearch.distribution"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ShenchaCli.class.getName());
        command.add("--data");
        command.add(data.toString());
        command.addAll(args);
        Path log = Files.createTempFile("shencha-child", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        return new ChildCli(p, log);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hooks run, exactly like kill -9. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM (what Ctrl-C or a service stop sends): shutdown hooks run. */
    public void terminate() throws InterruptedException {
        process.destroy();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    public Result await(Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("shencha did not finish within " + timeout + ":\n" + output());
        }
        return new Result(process.exitValue(), output());
    }

    /** The child's process id (for ss, /proc). */
    public long pid() {
        return process.pid();
    }

    /** What the child printed so far (standard output and error). */
    public String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Documents in the pages and findings indices of a data directory, counted through its own local node. */
    public static long countIndexedDocuments(Path data) throws Exception {
        LocalSearchNode.Settings node = TestSearchNode.settings(data.resolve("elasticsearch"));
        try (LocalSearchNode.Lease lease = LocalSearchNode.acquire(node);
             SearchClient client = SearchClient.connect(lease.url(),
                     new SearchClusterSettings(null, null, null, null, null, null, "shencha", node),
                     SearchClient.RetryPolicy.defaults())) {
            client.refresh();
            return client.count(SearchIndex.PAGES) + client.count(SearchIndex.FINDINGS);
        }
    }

    /** Elasticsearch processes still running from a data directory's local node. */
    public static List<Long> elasticsearchProcessesFor(Path data) {
        return LocalSearchNode.processes(data.resolve("elasticsearch"));
    }
}
