package cn.shencha.jobs.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh database on the machine's PostgreSQL for one test class, dropped afterwards. The server comes from
 * SHENCHA_TEST_PG_URL (a JDBC URL of an existing database to connect to for CREATE DATABASE; default
 * jdbc:postgresql://127.0.0.1:5432/postgres), SHENCHA_TEST_PG_USER (postgres) and SHENCHA_TEST_PG_PASSWORD.
 */
public final class PostgresTestDatabase implements AutoCloseable {

    private final String adminUrl;
    private final String user;
    private final String password;
    private final String name;

    private PostgresTestDatabase(String adminUrl, String user, String password, String name) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    public static PostgresTestDatabase create() throws SQLException {
        String adminUrl = env("SHENCHA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String user = env("SHENCHA_TEST_PG_USER", "postgres");
        String password = env("SHENCHA_TEST_PG_PASSWORD", "");
        String name = "shencha_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
        }
        return new PostgresTestDatabase(adminUrl, user, password, name);
    }

    public String url() {
        int slash = adminUrl.lastIndexOf('/');
        int query = adminUrl.indexOf('?', slash);
        return adminUrl.substring(0, slash + 1) + name + (query < 0 ? "" : adminUrl.substring(query));
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
