package cn.shencha.jobs.cli;

import cn.shencha.jobs.audit.AuditTarget;
import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.jobs.demo.DemoPortalServer;
import cn.shencha.jobs.review.DemoAccounts;
import cn.shencha.jobs.schedule.AuditScheduler;
import cn.shencha.jobs.search.SearchCluster;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code shencha demo}: serves the bundled portal of the fictional 云川区人民政府 on a loopback port and audits it with
 * the embedded defaults (H2 and a local search node under the data directory).
 */
final class DemoCommand {

    static final String HELP = """
            Usage: shencha demo [--port N] [--console-port N] [--exit]

            Serves the bundled demo portal of the fictional 云川区人民政府 (pages with planted secrecy problems of every
            category, a PDF and a DOCX attachment, a GBK-encoded page) on 127.0.0.1, runs auditJob on it with the
            embedded defaults, and prints a summary. Running it again updates and does not duplicate anything.
            The demo's units (云川区人民政府办公室, 区发展和改革局, 区信访局) and console accounts for every role are
            created and listed; the review tasks the run opened wait in their queues.

            Options:
              --port N          serve the portal on this port (default 18080)
              --console-port N  serve the web console on this port (default 8080)
              --exit            end after the run; without it the portal keeps being served and audited on the default
                                schedule (08:00, 12:00, 18:00) and the console answers until interrupted
            """;

    /** The demo's units: the district office owns every page no other unit's prefix claims. */
    static Map<String, String> demoUnits(String base) {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("shencha.organization", "云川区人民政府办公室");
        p.put("shencha.units[0].id", "bgs");
        p.put("shencha.units[0].name", "云川区人民政府办公室");
        p.put("shencha.units[0].kind", "DISTRICT");
        p.put("shencha.units[1].id", "fgw");
        p.put("shencha.units[1].name", "云川区发展和改革局");
        p.put("shencha.units[1].kind", "DEPARTMENT");
        p.put("shencha.units[1].url-prefixes[0]", base + "bmdt/");
        p.put("shencha.units[2].id", "xfj");
        p.put("shencha.units[2].name", "云川区信访局");
        p.put("shencha.units[2].kind", "DEPARTMENT");
        p.put("shencha.units[2].url-prefixes[0]", base + "hdjl/");
        return p;
    }

    private final Path data;

    DemoCommand(Path data) {
        this.data = data;
    }

    int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options o = Options.parse("demo", args, Set.of("port", "console-port"), Set.of("exit", "help"));
        if (o.flag("help")) {
            out.print(HELP);
            return 0;
        }
        if (!o.positional().isEmpty()) {
            throw new UsageException("demo: unexpected argument '" + o.positional().get(0) + "'");
        }
        Integer port = o.intValue("demo", "port");
        // Same port every time by default, so the demo site keeps its identity (and its history) across runs.
        int chosen = port != null ? port : 18_080;
        DemoPortalServer portal;
        try {
            portal = DemoPortalServer.start(chosen);
        } catch (java.net.BindException e) {
            throw new CommandFailure("demo: port " + chosen + " is in use (choose another with --port N)");
        }
        Map<String, String> units = demoUnits(portal.baseUri().toString());
        Integer consolePort = o.intValue("demo", "console-port");
        try (portal; ConfigurableApplicationContext context = o.flag("exit") ? SpringContexts.start(data, units)
                : ConsoleServer.start(data, consolePort, units)) {
            err.println("Demo portal of 云川区人民政府 at " + portal.baseUri() + " (" + portal.paths().size() + " files)");
            context.getBean(SearchCluster.class).warmUp();
            ShenchaProperties properties = context.getBean(ShenchaProperties.class);
            ShenchaProperties.Site site = new ShenchaProperties.Site("云川区人民政府门户网站（演示）", portal.baseUri().toString(),
                    "云川区人民政府办公室", "0 0 8,12,18 * * *", "Asia/Shanghai", List.of(), List.of(), true, null, null,
                    Duration.ZERO);
            AuditTarget target = AuditTarget.of(site, properties.crawl());
            int code = AuditCommand.runAndReport(context, target, out, err);
            out.println("  data       " + data);
            out.println("  search     bin/shencha --data " + data + " search 政府");
            ConsoleServer.prepareAccounts(context, true, out);
            List<DemoAccounts.Account> accounts = context.getBean(DemoAccounts.class).ensure("bgs", "fgw", "区发改局");
            out.println("  demo accounts (password " + DemoAccounts.PASSWORD + ", demo mode only):");
            for (DemoAccounts.Account a : accounts) {
                out.printf("    %-11s %s%n", a.username(), a.displayName());
            }
            if (o.flag("exit")) {
                out.println("  console    bin/shencha --data " + data + " demo   (without --exit: portal, schedule and console)");
                return code;
            }
            out.println("  console    " + ConsoleServer.url(context));
            AuditScheduler scheduler = context.getBean(AuditScheduler.class);
            scheduler.schedule(site);
            err.println("Serving the demo portal at " + portal.baseUri() + "; next audit " + scheduler.nextRun(site)
                    + ". Press Ctrl-C to stop.");
            CountDownLatch forever = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
            forever.await();
            return code;
        }
    }
}
