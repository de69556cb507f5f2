package cn.shencha.jobs.config;

import cn.shencha.jobs.support.ChildCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 15 item 1, as the acceptance states it: while {@code shencha console} runs, no socket of its JVM listens beyond
 * loopback, and another local user ({@code nobody}, through {@code setpriv}) can neither open the database — not as a
 * file, not through the loopback server, not with the old {@code sa}/empty password — nor read the data directory.
 * The application's own database user cannot run Java code ({@code CREATE ALIAS … FOR "java.lang.Runtime.exec"}).
 * A second process of the same account reaches the database through the running one. Files an older version left
 * 0644 in 0755 directories are narrowed at start-up. Needs root (setpriv to another user).
 */
class DataDirectorySecurityIT {

    private static final Pattern CONSOLE = Pattern.compile("Console at http://127\\.0\\.0\\.1:(\\d+)/");

    private Path parent;
    private ChildCli console;

    @BeforeEach
    void requireRoot() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "this test switches to another local user with setpriv, which needs root; run it as root");
        // A world-traversable parent, as /srv or /var/lib would be: only the data directory's own modes protect it.
        parent = Files.createTempDirectory("shencha-perm-");
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void stop() throws Exception {
        if (console != null) {
            console.terminate();
        }
        if (parent != null) {
            try (Stream<Path> s = Files.walk(parent)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void whileTheConsoleRunsNoOtherUserReachesTheDatabaseOrTheDataDirectory() throws Exception {
        Path data = parent.resolve("data");
        // What an older version left behind: world-readable files in world-readable directories.
        Path warc = data.resolve("warc/site-1/old.warc.gz");
        Files.createDirectories(warc.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data.resolve("warc"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(warc, "old capture");
        Files.setPosixFilePermissions(warc, PosixFilePermissions.fromString("rw-r--r--"));

        console = ChildCli.start(data, List.of("console", "--port", "0"));
        int port = awaitConsole(console);
        long pid = console.pid();

        // 1. Every listening socket of the console's JVM is on loopback.
        List<String> listening = listeningAddresses(pid);
        assertThat(listening).as("listening sockets of pid " + pid).isNotEmpty()
                .allMatch(a -> a.startsWith("127.") || a.startsWith("[::ffff:127.") || a.startsWith("[::1]"), "loopback");
        assertThat(listening).anyMatch(a -> a.endsWith(":" + port));

        // 2. The data directory and what is in it are the owner's alone, also what an older version left.
        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(data.resolve("db"))).isEqualTo("rwx------");
        assertThat(mode(data.resolve("db/shencha.mv.db"))).isEqualTo("rw-------");
        assertThat(mode(data.resolve("db/shencha.credentials"))).isEqualTo("rw-------");
        assertThat(mode(data.resolve("warc"))).isEqualTo("rwx------");
        assertThat(mode(warc)).isEqualTo("rw-------");
        try (Stream<Path> all = Files.walk(data)) {
            for (Path p : all.filter(p -> !Files.isSymbolicLink(p)).toList()) {
                assertThat(mode(p)).as(p.toString()).matches(Files.isDirectory(p) ? "rwx------" : "rw[-x]------");
            }
        }

        // 3. Another local user can neither list nor read anything under it.
        assertThat(asNobody("ls", data.toString()).exit).as("ls as nobody").isNotZero();
        Result cat = asNobody("cat", data.resolve("db/shencha.mv.db").toString());
        assertThat(cat.exit).isNotZero();
        assertThat(cat.output).contains("Permission denied");
        assertThat(asNobody("cat", data.resolve("db/shencha.credentials").toString()).exit).isNotZero();
        assertThat(asNobody("cat", warc.toString()).exit).isNotZero();

        // 4. ... nor open the database: the loopback server wants the generated password; the file is out of reach.
        Path h2 = h2JarForNobody();
        String dbPort = Files.readString(data.resolve("db/shencha.server")).lines()
                .filter(l -> l.startsWith("port=")).findFirst().orElseThrow().substring(5).strip();
        for (String user : List.of("sa", "shencha")) {
            Result tcp = asNobody(java(), "-cp", h2.toString(), "org.h2.tools.Shell", "-url",
                    "jdbc:h2:tcp://127.0.0.1:" + dbPort + "/shencha", "-user", user, "-password", "", "-sql", "SELECT COUNT(*) FROM app_user");
            assertThat(tcp.exit).as(tcp.output).isNotZero();
            assertThat(tcp.output).contains("Wrong user name or password");
        }
        Result file = asNobody(java(), "-cp", h2.toString(), "org.h2.tools.Shell", "-url",
                "jdbc:h2:file:" + data.resolve("db/shencha"), "-user", "sa", "-password", "", "-sql", "SELECT COUNT(*) FROM app_user");
        assertThat(file.exit).as(file.output).isNotZero();
        assertThat(file.output).doesNotContain("admin");

        // 5. The application's own user runs no Java code in the database.
        LocalDatabase.Credentials credentials = LocalDatabase.credentialsIn(data.resolve("db"));
        try (Connection c = DriverManager.getConnection("jdbc:h2:tcp://127.0.0.1:" + dbPort + "/shencha;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                LocalDatabase.USER, credentials.password())) {
            assertThat(c.createStatement().executeQuery("SELECT COUNT(*) FROM app_user").next()).isTrue();
            assertThatThrownBy(() -> c.createStatement().execute("CREATE ALIAS SHELL FOR \"java.lang.Runtime.exec(java.lang.String)\""))
                    .isInstanceOf(SQLException.class).hasMessageContaining("Admin rights are required");
            assertThatThrownBy(() -> c.createStatement().execute(
                    "CREATE ALIAS SHELL2 AS $$ String run(String s) throws Exception { Runtime.getRuntime().exec(s); return s; } $$"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("Admin rights are required");
            assertThatThrownBy(() -> c.createStatement().execute("SELECT FILE_READ('/etc/shadow')"))
                    .isInstanceOf(SQLException.class);
        }

        // 6. A second Shencha process of the same account reads the database through the running console.
        ChildCli.Result status = ChildCli.start(data, List.of("status")).await(Duration.ofMinutes(3));
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).contains("jdbc:h2:tcp://127.0.0.1:" + dbPort + "/shencha");
    }

    private static int awaitConsole(ChildCli console) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            Matcher m = CONSOLE.matcher(console.output());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!console.isAlive()) {
                throw new AssertionError("the console stopped:\n" + console.output());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the console did not start:\n" + console.output());
    }

    /** Local addresses of the TCP sockets the process listens on, as ss prints them (127.0.0.1:8080, [::1]:9200 ...). */
    private static List<String> listeningAddresses(long pid) throws Exception {
        Process p = new ProcessBuilder("ss", "-Hltnp").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        List<String> addresses = new ArrayList<>();
        for (String line : out.lines().toList()) {
            if (line.contains("pid=" + pid + ",")) {
                addresses.add(line.trim().split("\\s+")[3]);
            }
        }
        return addresses;
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    private record Result(int exit, String output) {
    }

    private static Result asNobody(String... command) throws Exception {
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
        argv.addAll(List.of(command));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), out);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The H2 jar on this test's class path, copied where nobody can read it (the Maven repository may not be). */
    private Path h2JarForNobody() throws IOException {
        String jar = Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> e.matches(".*/h2-[0-9.]+\\.jar")).findFirst().orElseThrow();
        Path tools = Files.createDirectories(parent.resolve("tools"));
        Files.setPosixFilePermissions(tools, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path copy = Files.copy(Path.of(jar), tools.resolve("h2.jar"));
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        return copy;
    }
}
