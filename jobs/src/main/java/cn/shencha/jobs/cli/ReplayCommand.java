package cn.shencha.jobs.cli;

import cn.shencha.archive.warc.WarcLocation;
import cn.shencha.archive.warc.WarcReplay;
import cn.shencha.jobs.audit.CrawlCapture;
import cn.shencha.readers.crawl.CrawlTrapGuard;
import com.sun.net.httpserver.HttpServer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** {@code shencha replay URL [--at TIME] [--serve PORT]}: the archived response of a page as it was. */
final class ReplayCommand {

    static final String HELP = """
            Usage: shencha replay URL [--at TIME] [--serve PORT]

            Prints the archived HTTP response of URL (its status line and headers as received, a blank line, then the
            body after transfer and content decoding) for the page's snapshot at or before TIME, default the latest.
            The snapshot, WARC file and offset are named on standard error.

            Options:
              --at TIME      an instant (2026-11-20T08:00:00Z), a local date-time (2026-11-20T16:00, zone of this
                             machine) or a date (2026-11-20: the end of that day)
              --serve PORT   serve the archived response on http://127.0.0.1:PORT/ instead of printing it, until
                             interrupted (0 picks a free port)
            """;

    private final Path data;

    ReplayCommand(Path data) {
        this.data = data;
    }

    int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options o = Options.parse("replay", args, Set.of("at", "serve"), Set.of("help"));
        if (o.flag("help")) {
            out.print(HELP);
            return 0;
        }
        if (o.positional().size() != 1) {
            throw new UsageException("replay: give exactly one URL (see shencha replay --help)");
        }
        String url = o.positional().get(0).strip();
        Instant at = o.value("at") == null ? null : parseTime(o.value("at"));
        Integer port = o.intValue("replay", "serve");
        if (port != null && (port < 0 || port > 65535)) {
            throw new UsageException("replay: --serve needs a port between 0 and 65535");
        }
        Snapshot snapshot;
        try (ConfigurableApplicationContext context = SpringContexts.start(data, Map.of())) {
            snapshot = find(context.getBean(JdbcTemplate.class), url, at);
        }
        if (snapshot == null) {
            throw new CommandFailure("no archived response of " + url + (at == null ? "" : " at or before " + at));
        }
        WarcReplay.ArchivedResponse response;
        try {
            response = WarcReplay.read(CrawlCapture.warcRoot(data), snapshot.location());
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandFailure("cannot read " + snapshot.location().file() + " at " + snapshot.location().offset()
                    + ": " + e.getMessage());
        }
        err.printf("snapshot %s of %s, captured %s%n", snapshot.id(), response.target(), response.date());
        err.printf("warc     %s offset %d%s%n", snapshot.location().file(), snapshot.location().offset(),
                response.truncated() == null ? "" : " (truncated: " + response.truncated() + ")");
        if (port == null) {
            out.write(response.head());
            out.write(response.body());
            out.flush();
            return 0;
        }
        serve(response, port, err);
        return 0;
    }

    private record Snapshot(String id, WarcLocation location) {
    }

    /** The page's latest snapshot first fetched at or before {@code at} that has a WARC record. */
    private static Snapshot find(JdbcTemplate jdbc, String url, Instant at) {
        for (String candidate : List.of(url, CrawlTrapGuard.canonical(url))) {
            List<Snapshot> rows = jdbc.query("SELECT s.id, s.warc_file, s.warc_offset FROM snapshot s JOIN page p ON p.id = s.page_id"
                            + " WHERE p.url = ? AND s.warc_file IS NOT NULL AND s.fetched_at <= ?"
                            + " ORDER BY s.fetched_at DESC FETCH FIRST 1 ROWS ONLY",
                    (rs, i) -> new Snapshot(rs.getString(1), new WarcLocation(rs.getString(2), rs.getLong(3))),
                    candidate, Timestamp.from(at == null ? Instant.now().plusSeconds(86_400) : at));
            if (!rows.isEmpty()) {
                return rows.get(0);
            }
        }
        return null;
    }

    static Instant parseTime(String s) {
        String t = s.strip();
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            // not an instant
        }
        try {
            return LocalDateTime.parse(t).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            // not a local date-time
        }
        try {
            return LocalDate.parse(t).plusDays(1).atStartOfDay(ZoneId.systemDefault()).toInstant().minusMillis(1);
        } catch (DateTimeParseException e) {
            throw new UsageException("replay: --at needs an instant, a date-time or a date, got '" + s + "'");
        }
    }

    /** Serves the archived response at every path of 127.0.0.1:PORT until the process is interrupted. */
    private static void serve(WarcReplay.ArchivedResponse response, int port, PrintStream err) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                for (Map.Entry<String, String> h : response.headers()) {
                    String name = h.getKey().toLowerCase(Locale.ROOT);
                    // the body is served decoded, in one piece
                    if (!Set.of("transfer-encoding", "content-encoding", "content-length", "connection", "keep-alive")
                            .contains(name)) {
                        exchange.getResponseHeaders().add(h.getKey(), h.getValue());
                    }
                }
                exchange.getResponseHeaders().set("X-Archived-Target", response.target().toString());
                exchange.getResponseHeaders().set("X-Archived-Date", response.date().toString());
                int status = response.status() >= 200 && response.status() <= 599 ? response.status() : 200;
                byte[] body = response.body();
                exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    try (OutputStream os = exchange.getResponseBody()) {
                        os.write(body);
                    }
                }
            }
        });
        server.start();
        err.println("serving  http://127.0.0.1:" + server.getAddress().getPort() + "/ (interrupt to stop)");
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
        forever.await();
    }
}
