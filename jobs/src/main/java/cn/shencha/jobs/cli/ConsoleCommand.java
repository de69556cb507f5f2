package cn.shencha.jobs.cli;

import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** {@code shencha console}: the web console alone (no scheduled audits), until interrupted. */
final class ConsoleCommand {

    static final String HELP = """
            Usage: shencha console [--port N]

            Serves the web console (simplified Chinese) on 127.0.0.1 (shencha.console.address/port, default 8080):
            review queues and decisions of the four review levels and the secrecy bureau, drafts for pre-publication
            review, overdue items, full-text search, ledger downloads, users and the audit trail. The first start creates
            the administrator account 'admin' and prints its one-time password once. Demo accounts are disabled here
            (they work only under `shencha demo`).

            Options:
              --port N   listen on this port instead
            """;

    private final Path data;

    ConsoleCommand(Path data) {
        this.data = data;
    }

    int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options o = Options.parse("console", args, Set.of("port"), Set.of("help"));
        if (o.flag("help")) {
            out.print(HELP);
            return 0;
        }
        if (!o.positional().isEmpty()) {
            throw new UsageException("console: unexpected argument '" + o.positional().get(0) + "'");
        }
        try (ConfigurableApplicationContext context = ConsoleServer.start(data, o.intValue("console", "port"), Map.of())) {
            ConsoleServer.prepareAccounts(context, false, out);
            out.println("Console at " + ConsoleServer.url(context) + " . Press Ctrl-C to stop.");
            out.flush();
            CountDownLatch forever = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
            forever.await();
            return 0;
        }
    }
}
