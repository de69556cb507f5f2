package cn.shencha.writers.search;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A single-node Elasticsearch that Shencha runs itself, from the distribution zip Maven resolves, for a data directory
 * (ADR 3). Bound to loopback; started as {@code nobody} when Shencha runs as root, because Elasticsearch refuses root.
 *
 * <p>Processes share the node through leases: {@link #acquire} reuses a healthy node already running for the same
 * directory or starts one, and adds a lease file for the calling process; {@link Lease#close} removes it and stops the
 * node when no live lease remains. A lease whose process is gone does not count, so a node left behind by a killed
 * process is adopted by the next one and stopped when that one is done. All bookkeeping happens under a file lock.
 */
public final class LocalSearchNode {

    private static final Logger log = LoggerFactory.getLogger(LocalSearchNode.class);
    private static final String UNPRIVILEGED_USER = "nobody";
    private static final String UNPRIVILEGED_GROUP = "nogroup";

    /**
     * @param distribution the Elasticsearch distribution zip (integ-test-zip 9.2.4)
     * @param nodeDir      where the node lives: the data directory's {@code elasticsearch} folder
     * @param javaHome     the JDK the node runs on (ES_JAVA_HOME)
     * @param heap         the node's heap, e.g. 512m
     * @param port         a fixed HTTP port, or null for any free loopback port
     */
    public record Settings(Path distribution, Path nodeDir, Path javaHome, String heap, Integer port, Duration startupTimeout) {
        public Settings {
            nodeDir = nodeDir.toAbsolutePath().normalize();
        }
    }

    /** A process's claim on the running node. Closing it may stop the node. */
    public static final class Lease implements AutoCloseable {
        private final Settings settings;
        private final Path home;
        private final Path file;
        private final URI url;
        private final Thread shutdownHook;
        private boolean closed;

        private Lease(Settings settings, Path home, Path file, URI url) {
            this.settings = settings;
            this.home = home;
            this.file = file;
            this.url = url;
            this.shutdownHook = new Thread(this::closeQuietly, "search-node-release");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }

        public URI url() {
            return url;
        }

        /** Where the node's files are (the node directory, or its stand-in when that is not reachable by nobody). */
        public Path home() {
            return home;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // called from the hook itself
            }
            withLock(home, () -> {
                Files.deleteIfExists(file);
                if (liveLeases(home).isEmpty()) {
                    log.info("Last user of the search node at {} is done; stopping it", url);
                    stopNode(home);
                }
                return null;
            });
        }

        private void closeQuietly() {
            try {
                close();
            } catch (RuntimeException e) {
                log.warn("Could not release the search node lease: {}", e.getMessage());
            }
        }
    }

    /** What is known of a node without touching it. */
    public record State(boolean running, URI url, long pid, Path home) {
    }

    private LocalSearchNode() {
    }

    /** Reuses the node running for this directory, or starts one, and takes a lease on it. */
    public static Lease acquire(Settings settings) {
        Path home = workingDirectory(settings.nodeDir());
        return withLock(home, () -> {
            URI url = runningUrl(home).orElse(null);
            // A node this process starts is stopped if the process ends (SIGTERM, Ctrl-C) before it holds a lease.
            Thread startGuard = null;
            try {
                if (url == null) {
                    stopNode(home); // a stale or unresponsive node of this directory (if any) goes first
                    startGuard = new Thread(() -> {
                        try {
                            stopNode(home);
                        } catch (IOException | InterruptedException e) {
                            log.warn("Could not stop the search node that was starting: {}", e.getMessage());
                        }
                    }, "search-node-start-guard");
                    Runtime.getRuntime().addShutdownHook(startGuard);
                    url = start(settings, home);
                } else {
                    log.info("Reusing the search node at {}", url);
                }
                Path leases = Files.createDirectories(home.resolve("leases"));
                ProcessHandle self = ProcessHandle.current();
                Path lease = leases.resolve(self.pid() + "-" + startMillis(self) + "-" + java.util.UUID.randomUUID());
                Files.writeString(lease, Instant.now().toString());
                return new Lease(settings, home, lease, url);
            } finally {
                if (startGuard != null) {
                    try {
                        Runtime.getRuntime().removeShutdownHook(startGuard);
                    } catch (IllegalStateException shuttingDown) {
                        // the guard is running or about to
                    }
                }
            }
        });
    }

    /** The node's state, without starting or stopping anything. */
    public static State state(Path nodeDir) {
        Path home = workingDirectory(nodeDir);
        Optional<URI> url = runningUrl(home);
        return new State(url.isPresent(), url.orElse(null), readLong(home.resolve("node.pid")), home);
    }

    /** Stops the node of this directory if no live process holds a lease on it (a clean-up after crashes). */
    public static boolean stopIfUnused(Path nodeDir) {
        Path home = workingDirectory(nodeDir);
        if (!Files.isDirectory(home)) {
            return false;
        }
        return withLock(home, () -> {
            if (!liveLeases(home).isEmpty()) {
                return false;
            }
            return stopNode(home);
        });
    }

    /** Process ids of every Elasticsearch process running from this node directory (launcher and server). */
    public static List<Long> processes(Path nodeDir) {
        Path home = workingDirectory(nodeDir);
        String marker = home.resolve("dist").toString();
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path p : proc) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    if (cmd.contains(marker) && cmd.contains("elasticsearch")) {
                        pids.add(Long.parseLong(name));
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list processes", e);
        }
        return pids;
    }

    // ---- where the node lives ----

    /**
     * The node directory itself, unless Shencha runs as root and {@code nobody} cannot reach it (a data directory under
     * /root or a private temporary folder): then a directory under /var/tmp named after the node directory's path.
     */
    static Path workingDirectory(Path nodeDir) {
        if (!runningAsRoot() || traversableByOthers(nodeDir.getParent())) {
            return nodeDir;
        }
        String key = Integer.toHexString(nodeDir.toString().hashCode()) + "-" + Long.toHexString(nodeDir.toString().length());
        return Path.of("/var/tmp", "shencha-search-" + key);
    }

    private static boolean traversableByOthers(Path dir) {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (!Files.exists(p)) {
                continue; // created later with default permissions (world-traversable under the usual umask)
            }
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return true;
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    // ---- starting and stopping ----

    /**
     * Starts the node on free ports. A port found free can be taken by another process before the node binds it (the
     * probe and the bind are apart, and outgoing connections draw from the same range): a start that fails only for
     * that is tried again on other ports, twice at most.
     */
    private static URI start(Settings settings, Path home) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(settings, home);
            } catch (IOException e) {
                boolean portTaken = e.getMessage() != null && e.getMessage().contains("Address already in use");
                if (!portTaken || settings.port() != null || attempt >= 3) {
                    throw e;
                }
                log.warn("The local search node could not bind its port (taken meanwhile by another process); trying other ports");
            }
        }
    }

    private static URI startOnce(Settings settings, Path home) throws IOException, InterruptedException {
        cn.shencha.writers.files.PrivateFiles.secure(home); // 0700, also a home an older version made 0755
        Path esHome = unpack(settings.distribution(), home.resolve("dist"));
        // A node stopped while creating its keystore leaves the temporary file, and the next start would refuse to run;
        // the keystore itself is moved into place whole, so only the leftover goes.
        Files.deleteIfExists(esHome.resolve("config/elasticsearch.keystore.tmp"));
        Path data = Files.createDirectories(home.resolve("data"));
        Path logs = Files.createDirectories(home.resolve("logs"));
        int port = settings.port() != null ? settings.port() : freePort();
        int transport = freePort();
        List<String> command = new ArrayList<>();
        if (runningAsRoot()) {
            chownRecursively(home);
            command.addAll(List.of("setpriv", "--reuid=" + UNPRIVILEGED_USER, "--regid=" + UNPRIVILEGED_GROUP,
                    "--clear-groups", "--"));
        }
        command.add(esHome.resolve("bin/elasticsearch").toString());
        command.addAll(List.of(
                "-Ediscovery.type=single-node",
                "-Expack.security.enabled=false",
                "-Enetwork.host=127.0.0.1",
                "-Ehttp.port=" + port,
                "-Etransport.port=" + transport,
                "-Ecluster.name=shencha-local",
                "-Enode.name=shencha",
                "-Epath.data=" + data,
                "-Epath.logs=" + logs,
                "-Ecluster.routing.allocation.disk.threshold_enabled=false",
                "-Eaction.destructive_requires_name=true"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("ES_JAVA_HOME", settings.javaHome().toString());
        pb.environment().put("ES_JAVA_OPTS", "-Xms" + settings.heap() + " -Xmx" + settings.heap());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Path tmp = Files.createDirectories(home.resolve("tmp"));
        pb.environment().put("ES_TMPDIR", tmp.toString());
        if (runningAsRoot()) {
            chownRecursively(tmp);
        }
        Path console = logs.resolve("console.log");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
        log.info("Starting the local search node (Elasticsearch) from {} on 127.0.0.1:{}", esHome, port);
        long started = System.nanoTime();
        Process process = pb.start();
        Files.writeString(home.resolve("node.pid"), Long.toString(process.pid()));
        Files.writeString(home.resolve("node.port"), Integer.toString(port));
        URI url = URI.create("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + settings.startupTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (healthy(url)) {
                log.info("Search node up at {} after {} ms", url, (System.nanoTime() - started) / 1_000_000);
                return url;
            }
            if (!process.isAlive()) {
                throw new IOException("the local search node exited with code " + process.exitValue() + " during start-up: "
                        + lastLines(console, logs));
            }
            Thread.sleep(250);
        }
        stopNode(home);
        throw new IOException("the local search node did not answer within " + settings.startupTimeout().toSeconds()
                + " s: " + lastLines(console, logs));
    }

    /** Stops every process of this node directory (TERM, then KILL after 30 s); true when something was running. */
    static boolean stopNode(Path home) throws InterruptedException, IOException {
        List<Long> pids = processes(home);
        Files.deleteIfExists(home.resolve("node.port"));
        Files.deleteIfExists(home.resolve("node.pid"));
        if (pids.isEmpty()) {
            return false;
        }
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && pids.stream().anyMatch(LocalSearchNode::alive)) {
            Thread.sleep(100);
        }
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        return true;
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static Optional<URI> runningUrl(Path home) {
        long port = readLong(home.resolve("node.port"));
        if (port <= 0 || processes(home).isEmpty()) {
            return Optional.empty();
        }
        URI url = URI.create("http://127.0.0.1:" + port);
        return healthy(url) ? Optional.of(url) : Optional.empty();
    }

    static boolean healthy(URI url) {
        try {
            HttpURLConnection c = (HttpURLConnection) url.resolve("/_cluster/health").toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(5000);
            try (InputStream in = c.getInputStream()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return c.getResponseCode() == 200 && (body.contains("\"green\"") || body.contains("\"yellow\""));
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    // ---- leases and locking ----

    private static List<Path> liveLeases(Path home) throws IOException {
        Path dir = home.resolve("leases");
        List<Path> live = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return live;
        }
        try (DirectoryStream<Path> leases = Files.newDirectoryStream(dir)) {
            for (Path lease : leases) {
                if (leaseAlive(lease.getFileName().toString())) {
                    live.add(lease);
                } else {
                    Files.deleteIfExists(lease);
                }
            }
        }
        return live;
    }

    static boolean leaseAlive(String name) {
        String[] parts = name.split("-", 3);
        if (parts.length < 2) {
            return false;
        }
        try {
            long pid = Long.parseLong(parts[0]);
            long start = Long.parseLong(parts[1]);
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(p -> startMillis(p) == start).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static long startMillis(ProcessHandle p) {
        return p.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    @FunctionalInterface
    private interface Locked<T> {
        T run() throws IOException, InterruptedException;
    }

    private static <T> T withLock(Path home, Locked<T> action) {
        try {
            // The node's home (its indices hold every archived page) is its owner's alone, also under /var/tmp.
            cn.shencha.writers.files.PrivateFiles.directories(home);
            try (FileChannel channel = FileChannel.open(home.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return action.run();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while managing the search node", e);
        }
    }

    // ---- files ----

    private static Path unpack(Path zip, Path target) throws IOException {
        if (zip == null || !Files.isRegularFile(zip)) {
            throw new IOException("the Elasticsearch distribution is missing: " + zip
                    + " (build with bin/shencha or mvn install, which resolves it, or set shencha.search.distribution)");
        }
        Path marker = target.resolve(".unpacked-" + Files.size(zip));
        if (Files.exists(marker)) {
            return esHomeIn(target);
        }
        log.info("Unpacking {} into {}", zip.getFileName(), target);
        Path tmp = Files.createTempDirectory(target.getParent(), ".dist-");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path out = tmp.resolve(e.getName()).normalize();
                if (!out.startsWith(tmp)) {
                    throw new IOException("unsafe entry in the distribution: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        try (Stream<Path> files = Files.walk(tmp)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f) && (f.getParent().getFileName().toString().equals("bin")
                        || f.toString().contains("/bin/") || f.toString().contains("/platform/"))) {
                    Files.setPosixFilePermissions(f, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
                            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
                }
            }
        }
        deleteRecursively(target);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(marker, zip.toString());
        return esHomeIn(target);
    }

    private static Path esHomeIn(Path target) throws IOException {
        try (Stream<Path> children = Files.list(target)) {
            return children.filter(p -> Files.isRegularFile(p.resolve("bin/elasticsearch"))).findFirst()
                    .orElseThrow(() -> new IOException("no bin/elasticsearch in the unpacked distribution at " + target));
        }
    }

    private static void chownRecursively(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("chown", "-R", UNPRIVILEGED_USER + ":" + UNPRIVILEGED_GROUP, dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("cannot hand " + dir + " to " + UNPRIVILEGED_USER + ": " + out.strip());
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static long readLong(Path file) {
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static String lastLines(Path console, Path logs) {
        List<String> lines = new ArrayList<>();
        try {
            lines.addAll(Files.readAllLines(console, StandardCharsets.UTF_8));
        } catch (IOException e) {
            // no console output
        }
        Path server = logs.resolve("shencha-local.log");
        try {
            if (Files.exists(server)) {
                lines.addAll(Files.readAllLines(server, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // no server log
        }
        List<String> errors = lines.stream().filter(l -> l.contains("ERROR") || l.contains("Exception") || l.contains("error"))
                .toList();
        List<String> pick = errors.isEmpty() ? lines : errors;
        String tail = String.join(" | ", pick.subList(Math.max(0, pick.size() - 3), pick.size()));
        return (tail.isBlank() ? "no output" : tail) + " (see " + console.getParent() + ")";
    }
}
