package cn.shencha.jobs.config;

import cn.shencha.writers.files.PrivateFiles;
import org.h2.api.ErrorCode;
import org.h2.tools.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The embedded H2 file database under {@code DATA/db}, open to the account Shencha runs as and to nobody else.
 * <ul>
 *   <li>The application connects as the non-administrator {@value #USER} (H2 refuses {@code CREATE ALIAS}, Java
 *   triggers, {@code FILE_READ}, {@code CSVWRITE}, {@code RUNSCRIPT}, linked tables and new users to anyone but an
 *   administrator: no SQL reaches Java code or the file system). Its password and the administrator {@code sa}'s are
 *   generated at the first start and kept in {@code DATA/db/shencha.credentials} (0600); an older database whose
 *   {@code sa} had the empty password gets both then.</li>
 *   <li>No {@code AUTO_SERVER}. The process that opens the file first serves it to the others of the same account
 *   through an H2 TCP server bound to 127.0.0.1 on a random port, named in {@code DATA/db/shencha.server} (0600);
 *   another Shencha process (search, status, verify-trail, a ledger, while serve or console runs) finds the file
 *   locked, reads the port and connects over loopback with the generated password. When the holder shares nothing
 *   (it could not bind loopback), the second process stops with a one-line error saying so.</li>
 * </ul>
 */
public final class LocalDatabase implements AutoCloseable {

    static {
        // Read once by H2 when its classes load: every server socket H2 opens binds to loopback only.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    private static final Logger log = LoggerFactory.getLogger(LocalDatabase.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The application's database user (no administrator rights). */
    public static final String USER = "shencha";
    static final String CREDENTIALS_FILE = "shencha.credentials";
    static final String SERVER_FILE = "shencha.server";

    /** What the data source connects with. */
    public record Access(String url, String user, String password, boolean shared) {
    }

    /** The generated passwords: the application user's and the administrator {@code sa}'s (for maintenance only). */
    public record Credentials(String password, String adminPassword) {
    }

    private final Access access;
    private final Connection holder;
    private final Server server;
    private final Path serverFile;

    private LocalDatabase(Access access, Connection holder, Server server, Path serverFile) {
        this.access = access;
        this.holder = holder;
        this.server = server;
        this.serverFile = serverFile;
    }

    public Access access() {
        return access;
    }

    /** Whether the URL names an embedded H2 file database (what this class looks after). */
    public static boolean isEmbeddedFile(String url) {
        return url != null && url.startsWith("jdbc:h2:file:");
    }

    /**
     * Opens the database of an embedded H2 URL ({@code jdbc:h2:file:PATH;SETTINGS}): embedded with a loopback server
     * for the others when the file is free, else as a client of the process holding it.
     */
    public static LocalDatabase open(String url) {
        if (!isEmbeddedFile(url)) {
            throw new IllegalArgumentException("not an embedded H2 file database: " + url);
        }
        String rest = url.substring("jdbc:h2:file:".length());
        int semicolon = rest.indexOf(';');
        String settings = semicolon < 0 ? "" : rest.substring(semicolon);
        if (settings.toUpperCase(java.util.Locale.ROOT).contains("AUTO_SERVER")) {
            throw new IllegalStateException("the H2 URL asks for AUTO_SERVER, which serves the database to every local user;"
                    + " remove it (a second Shencha process reaches the database through the first one)");
        }
        Path file = Path.of(semicolon < 0 ? rest : rest.substring(0, semicolon)).toAbsolutePath().normalize();
        Path dir;
        try {
            dir = PrivateFiles.directories(file.getParent()).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the database directory", e);
        }
        String name = file.getFileName().toString();
        String embedded = "jdbc:h2:file:" + dir.resolve(name) + settings;
        Credentials credentials = credentials(dir, embedded);
        Properties shared = read(dir.resolve(SERVER_FILE));
        if (shared != null && heldByAnother(shared)) {
            try {
                return client(dir, name, settings, credentials);
            } catch (IllegalStateException stale) {
                log.info("The database server named in {} does not answer; opening the file", SERVER_FILE);
            }
        }
        try {
            Connection holder = DriverManager.getConnection(embedded, USER, credentials.password());
            PrivateFiles.secureTree(dir); // the files H2 just created came with the JVM's umask
            Server server = null;
            Path serverFile = dir.resolve(SERVER_FILE);
            if ("127.0.0.1".equals(org.h2.engine.SysProperties.BIND_ADDRESS)) {
                server = Server.createTcpServer("-tcpPort", "0", "-tcpDaemon", "-baseDir", dir.toString(), "-ifExists").start();
                PrivateFiles.writeString(serverFile, "port=" + server.getPort() + "\npid=" + ProcessHandle.current().pid() + "\n");
                log.info("Database {} open; shared with this account's other Shencha processes on 127.0.0.1:{}", dir, server.getPort());
            } else {
                Files.deleteIfExists(serverFile);
                log.warn("H2 was loaded before its servers could be bound to loopback (h2.bindAddress={}): the database is"
                        + " not shared with other Shencha processes", org.h2.engine.SysProperties.BIND_ADDRESS);
            }
            return new LocalDatabase(new Access(embedded, USER, credentials.password(), false), holder, server, serverFile);
        } catch (SQLException e) {
            if (e.getErrorCode() != ErrorCode.DATABASE_ALREADY_OPEN_1) {
                throw new IllegalStateException("cannot open the database: " + e.getMessage().lines().findFirst().orElse(""), e);
            }
            return client(dir, name, settings, credentials);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the database server's port", e);
        }
    }

    /** Whether the server file names a live process other than this one. */
    private static boolean heldByAnother(Properties server) {
        try {
            long pid = Long.parseLong(server.getProperty("pid", "").strip());
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static LocalDatabase client(Path dir, String name, String settings, Credentials credentials) {
        String held = "another Shencha process holds the database (DATA/db)";
        Properties p = read(dir.resolve(SERVER_FILE));
        if (p == null || p.getProperty("port") == null) {
            throw new IllegalStateException(held + " and does not share it; stop that process and try again");
        }
        String url = "jdbc:h2:tcp://127.0.0.1:" + p.getProperty("port").strip() + "/" + name + settings;
        try (Connection probe = DriverManager.getConnection(url, USER, credentials.password())) {
            log.info("Database held by process {}: connected through 127.0.0.1:{}", p.getProperty("pid"), p.getProperty("port"));
        } catch (SQLException e) {
            throw new IllegalStateException(held + " and did not answer on its loopback port; stop that process and try again", e);
        }
        return new LocalDatabase(new Access(url, USER, credentials.password(), true), null, null, null);
    }

    /** The generated credentials; at the first start (no credentials file) the users are set up. */
    static Credentials credentials(Path dir, String embeddedUrl) {
        Path file = dir.resolve(CREDENTIALS_FILE);
        Properties p = read(file);
        if (p != null && p.getProperty("password") != null) {
            return new Credentials(p.getProperty("password"), p.getProperty("admin-password"));
        }
        Credentials c = new Credentials(random(32), random(32));
        try (Connection admin = DriverManager.getConnection(embeddedUrl, "sa", ""); Statement s = admin.createStatement()) {
            PrivateFiles.writeString(file, "# Generated by Shencha: the database users' passwords. Keep this file 0600.\n"
                    + "user=" + USER + "\npassword=" + c.password() + "\nadmin-user=sa\nadmin-password=" + c.adminPassword() + "\n");
            s.execute("CREATE USER IF NOT EXISTS " + USER + " PASSWORD '" + c.password() + "'");
            s.execute("ALTER USER " + USER + " SET PASSWORD '" + c.password() + "'");
            s.execute("GRANT ALTER ANY SCHEMA TO " + USER);
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA public TO " + USER);
            s.execute("ALTER USER sa SET PASSWORD '" + c.adminPassword() + "'");
            log.info("Database users set up: application user '{}' without administrator rights; passwords in {}", USER, file);
            return c;
        } catch (SQLException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the next start tries again
            }
            if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                throw new IllegalStateException("another process holds the database (DATA/db) while it is being secured;"
                        + " stop it and start again", e);
            }
            if (e.getErrorCode() == ErrorCode.WRONG_USER_OR_PASSWORD) {
                throw new IllegalStateException("the database's credentials file DATA/db/" + CREDENTIALS_FILE
                        + " is missing; restore it from a backup", e);
            }
            throw new IllegalStateException("cannot set up the database users: " + e.getMessage().lines().findFirst().orElse(""), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the database credentials", e);
        }
    }

    /** The credentials of the database in this directory (for tools and tests that open it directly). */
    public static Credentials credentialsIn(Path dbDir) {
        Properties p = read(dbDir.resolve(CREDENTIALS_FILE));
        if (p == null) {
            throw new IllegalStateException("no database credentials in " + dbDir);
        }
        return new Credentials(p.getProperty("password"), p.getProperty("admin-password"));
    }

    private static Properties read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.getFileName(), e);
        }
    }

    private static String random(int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /** Stops sharing and closes the holding connection; a client has nothing to close. */
    @Override
    public void close() {
        if (server != null) {
            server.stop();
            try {
                Properties p = read(serverFile);
                if (p != null && String.valueOf(server.getPort()).equals(p.getProperty("port", "").strip())) {
                    Files.deleteIfExists(serverFile);
                }
            } catch (IOException | UncheckedIOException e) {
                log.warn("Cannot remove {}: {}", serverFile, e.getMessage());
            }
        }
        if (holder != null) {
            try {
                holder.close();
            } catch (SQLException e) {
                log.warn("Closing the database: {}", e.getMessage());
            }
        }
    }
}
