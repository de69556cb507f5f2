package cn.shencha.jobs.cli;

import cn.shencha.jobs.audit.AuditRunner;
import cn.shencha.jobs.audit.AuditTarget;
import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.jobs.duty.DutyReadings;
import cn.shencha.jobs.search.SearchCluster;
import cn.shencha.readers.crawl.CrawlScope;
import cn.shencha.readers.render.ChromiumRenderer;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code shencha audit --site URL}: crawl, analyze, index and route one site now. */
final class AuditCommand {

    static final String HELP = """
            Usage: shencha audit --site URL [OPTIONS]

            Crawls the site (within its host, honouring robots.txt), extracts the text of its pages and attachments,
            analyzes it for secrecy problems, indexes everything for search and opens review tasks for the findings.
            A run that was killed or failed is restarted where it stopped. Ends by printing the path of the run's
            run-summary.json.

            Options:
              --site URL         the site's start URL (http or https)
              --allow-private    allow a site on a loopback or private address (intranet sites, tests)
              --max-pages N      stop queueing new pages after N (default: configuration, 5000)
              --max-depth N      follow links at most N clicks deep (default: configuration, 8)
              --delay MS         politeness delay between requests to the site, in milliseconds (default 500)
              --name NAME        the site's name in ledgers and reports (default: its host)
              --unit UNIT        the responsible unit (default: none)
              --render           also render pages with scripts in headless Chromium (shencha.crawl.render.enabled)
            """;

    private final Path data;

    AuditCommand(Path data) {
        this.data = data;
    }

    int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options o = Options.parse("audit", args, Set.of("site", "max-pages", "max-depth", "delay", "name", "unit"),
                Set.of("allow-private", "render", "help"));
        if (o.flag("help")) {
            out.print(HELP);
            return 0;
        }
        if (!o.positional().isEmpty()) {
            throw new UsageException("audit: unexpected argument '" + o.positional().get(0) + "' (use --site URL)");
        }
        String site = o.value("site");
        if (site == null) {
            throw new UsageException("audit: --site URL is required");
        }
        URI start;
        try {
            start = AuditTarget.parseStartUrl(site);
        } catch (IllegalArgumentException e) {
            throw new UsageException("audit: " + e.getMessage());
        }
        Integer maxPages = o.intValue("audit", "max-pages");
        Integer maxDepth = o.intValue("audit", "max-depth");
        Integer delay = o.intValue("audit", "delay");
        preflight(start, o.flag("allow-private"));
        Map<String, String> overrides = o.flag("render") ? Map.of("shencha.crawl.render.enabled", "true") : Map.of();
        try (ConfigurableApplicationContext context = SpringContexts.start(data, overrides)) {
            ShenchaProperties properties = context.getBean(ShenchaProperties.class);
            ShenchaProperties.Render render = properties.crawl().render();
            if (render.enabled() && !ChromiumRenderer.available(render.executable())) {
                throw new CommandFailure("audit: rendering is on but Chromium '" + render.executable()
                        + "' is not installed (apt-get install chromium, or set shencha.crawl.render.executable)");
            }
            ShenchaProperties.Site configured = properties.sites().stream()
                    .filter(s -> AuditTarget.siteIdOf(AuditTarget.parseStartUrl(s.url())).equals(AuditTarget.siteIdOf(start)))
                    .findFirst().orElse(null);
            ShenchaProperties.Site merged = new ShenchaProperties.Site(
                    o.value("name", configured == null ? null : configured.name()), start.toString(),
                    o.value("unit", configured == null ? null : configured.unit()), "0 0 8,12,18 * * *", "Asia/Shanghai",
                    configured == null ? List.of() : configured.allowedHosts(),
                    configured == null ? List.of() : configured.pathPrefixes(),
                    o.flag("allow-private") || (configured != null && configured.allowPrivate()),
                    maxPages != null ? maxPages : configured == null ? null : configured.maxPages(),
                    maxDepth != null ? maxDepth : configured == null ? null : configured.maxDepth(),
                    delay != null ? Duration.ofMillis(delay) : configured == null ? null : configured.politenessDelay());
            AuditTarget target = AuditTarget.of(merged, properties.crawl());
            context.getBean(SearchCluster.class).warmUp();
            return runAndReport(context, target, out, err);
        }
    }

    /**
     * Runs the audit and prints its summary; shared with the demo. The run is recorded in the duty reading log as a
     * reading started by hand (not one of the scheduled 早/中/晚 readings).
     */
    static int runAndReport(ConfigurableApplicationContext context, AuditTarget target, PrintStream out, PrintStream err)
            throws Exception {
        err.println("Auditing " + target.startUrl() + " ...");
        long started = System.nanoTime();
        ReadingRecord reading = ReadingRecord.start(context.getBean(DutyReadings.class), target);
        AuditRunner.Outcome outcome;
        try {
            outcome = context.getBean(AuditRunner.class).run(target);
        } catch (AuditRunner.AlreadyRunningException e) {
            reading.finish(null, false, e.getMessage());
            throw new CommandFailure(e.getMessage());
        } catch (Exception e) {
            reading.finish(null, false, AuditRunner.rootMessage(e));
            throw e;
        }
        reading.finish(outcome.runId(), outcome.completed(), outcome.failure());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        SummaryPrinter.print(outcome, took, out);
        if (!outcome.completed()) {
            throw new CommandFailure("run " + outcome.runId() + " " + outcome.status().name().toLowerCase()
                    + (outcome.failure() == null ? "" : ": " + outcome.failure())
                    + " (run the same command again to resume it)");
        }
        return 0;
    }

    /** The reading log entry of a run started by hand; a failure to record never stops the audit (it is logged). */
    private record ReadingRecord(DutyReadings readings, Long id) {
        private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AuditCommand.class);

        static ReadingRecord start(DutyReadings readings, AuditTarget target) {
            try {
                return new ReadingRecord(readings, readings.started(target.siteId(), target.name(), null, java.time.Instant.now()));
            } catch (RuntimeException e) {
                log.error("Could not record the reading in the duty reading log", e);
                return new ReadingRecord(readings, null);
            }
        }

        void finish(Long runId, boolean completed, String failure) {
            if (id == null) {
                return;
            }
            try {
                readings.finished(id, runId, completed, failure, java.time.Instant.now());
            } catch (RuntimeException e) {
                log.error("Could not record the end of reading {} in the duty reading log", id, e);
            }
        }
    }

    /** Fails fast, with one clear line, on a site that is off limits or cannot be reached. */
    static void preflight(URI start, boolean allowPrivate) {
        CrawlScope.Verdict verdict = CrawlScope.ofStartUrl(start, allowPrivate).check(start);
        switch (verdict) {
            case PRIVATE_ADDRESS -> throw new UsageException("audit: " + start.getHost()
                    + " is a loopback or private address; add --allow-private to audit it on purpose");
            case UNRESOLVABLE -> throw new CommandFailure("cannot reach " + start + ": unknown host " + start.getHost());
            default -> {
            }
        }
        int port = start.getPort() != -1 ? start.getPort() : start.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(start.getHost(), port), 5000);
        } catch (IOException e) {
            throw new CommandFailure("cannot reach " + start + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().toLowerCase()));
        }
    }
}
