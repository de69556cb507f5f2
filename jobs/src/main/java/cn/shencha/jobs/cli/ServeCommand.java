package cn.shencha.jobs.cli;

import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.jobs.schedule.AuditScheduler;
import cn.shencha.jobs.schedule.ReportScheduler;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** {@code shencha serve}: audits the configured sites on their schedules until interrupted. */
final class ServeCommand {

    static final String HELP = """
            Usage: shencha serve [--port N]

            Runs every site configured under shencha.sites on its schedule (default: 08:00, 12:00 and 18:00, the three
            daily readings of the regulation, ch. 6) until interrupted. Only one run per site at a time; a reading
            missed while a run was still going, or while Shencha was down, is logged and not run late. Every reading
            and every missed one is recorded in the duty reading log (see shencha reading-log). Serves the web console
            meanwhile (see shencha console --help; --port N for its port).

            Also runs reportJob for the week just ended on shencha.report.schedule (default Monday 08:00), flags the
            previous day's missed and unconfirmed readings at shencha.duty.confirm-by (default 08:00), and writes the
            previous month's approval ledger (signed PDF and Excel, DATA/ledgers/YYYY-MM/) at
            shencha.ledger.monthly-schedule (default 08:00 on the 1st).
            """;

    private final Path data;

    ServeCommand(Path data) {
        this.data = data;
    }

    int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options o = Options.parse("serve", args, Set.of("port"), Set.of("help"));
        if (o.flag("help")) {
            out.print(HELP);
            return 0;
        }
        try (ConfigurableApplicationContext context = ConsoleServer.start(data, o.intValue("serve", "port"), Map.of())) {
            ConsoleServer.prepareAccounts(context, false, out);
            AuditScheduler scheduler = context.getBean(AuditScheduler.class);
            List<ShenchaProperties.Site> sites = scheduler.scheduleConfiguredSites();
            if (sites.isEmpty()) {
                throw new CommandFailure("serve: no sites are configured (add them under shencha.sites; see README, Configuration)");
            }
            for (ShenchaProperties.Site site : sites) {
                err.println("Scheduled " + site.url() + " at '" + site.schedule() + "' (" + site.zone() + "), next "
                        + scheduler.nextRun(site));
            }
            ReportScheduler reports = context.getBean(ReportScheduler.class);
            reports.start();
            err.println("Scheduled the weekly report at '" + context.getBean(ShenchaProperties.class).report().schedule()
                    + "', next " + reports.nextReport());
            err.println("Monthly approval ledger at '" + context.getBean(cn.shencha.jobs.schedule.MonthlyLedger.class).start()
                    + "' (Asia/Shanghai) into " + data.resolve("ledgers"));
            err.println("Archival packages at '" + context.getBean(cn.shencha.jobs.schedule.ArchiveScheduler.class).start()
                    + "' for the month just ended into " + context.getBean(cn.shencha.jobs.archive.ArchivePackages.class).directory());
            err.println("Signed audit-trail checkpoints at '" + context.getBean(cn.shencha.jobs.schedule.TrailCheckpointScheduler.class)
                    .start() + "' into " + context.getBean(cn.shencha.jobs.review.TrailCheckpoints.class).directory());
            err.println("Console at " + ConsoleServer.url(context));
            CountDownLatch forever = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
            forever.await();
            return 0;
        }
    }
}
