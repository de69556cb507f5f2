package cn.shencha.jobs.cli;

import cn.shencha.jobs.report.ArchivedReport;
import cn.shencha.jobs.report.ReportArchive;
import cn.shencha.jobs.report.ReportRunner;
import cn.shencha.jobs.report.ReportService;
import cn.shencha.writers.report.Headline;
import cn.shencha.writers.report.ReportWeek;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code shencha report}: the weekly audit report of a week, as a signed PDF or an Excel workbook. */
final class ReportCommand {

    static final String HELP = """
            Usage: shencha report [--week YYYY-Www] [--unit UNIT] [--format pdf|xlsx] [--out FILE]
                   shencha report --archive [--week YYYY-Www] [--again]

            Writes the weekly audit report (网站与政务新媒体保密审查周报) of an ISO week from the database: headline
            numbers against the previous week, 12-week trends per category, open items by unit, site health, the
            oldest open items and the unit ranking. The PDF (A4, PDF/A-2b) is signed with the configured key (the
            demonstration key when none is configured); the Excel workbook has the same numbers as sheets. The same
            week and data give the same numbers; a week without data says 本周无数据.

            Options:
              --week YYYY-Www  the ISO week, e.g. 2026-W47 (default: the current week; its pending items are counted
                               as of now)
              --unit UNIT      one unit's report (its id, see shencha.units) instead of the district's
              --format F       pdf (default) or xlsx
              --out FILE       where to write it (default: ./report-WEEK[-UNIT].pdf|xlsx)
              --archive        run reportJob instead, as the schedule does: the district report (PDF and Excel) and
                               one per unit, archived under DATA/reports/WEEK/ and listed in the console
              --again          with --archive: report a week again that was reported already
            """;

    private final Path data;

    ReportCommand(Path data) {
        this.data = data;
    }

    int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options o = Options.parse("report", args, Set.of("week", "unit", "format", "out"), Set.of("archive", "again", "help"));
        if (o.flag("help")) {
            out.print(HELP);
            return 0;
        }
        if (!o.positional().isEmpty()) {
            throw new UsageException("report: unexpected argument '" + o.positional().get(0) + "'");
        }
        ReportService.Format format;
        try {
            format = ReportService.Format.parse(o.value("format", "pdf"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("report: " + e.getMessage());
        }
        String weekText = o.value("week");
        ReportWeek requested = null;
        if (weekText != null) {
            try {
                requested = ReportWeek.parse(weekText);
            } catch (DateTimeParseException e) {
                throw new UsageException("report: " + e.getMessage());
            }
        }
        if (o.flag("archive") && (o.value("unit") != null || o.value("out") != null || o.value("format") != null)) {
            throw new UsageException("report: --archive writes every report of the week; it takes no --unit, --format or --out");
        }
        if (o.flag("again") && !o.flag("archive")) {
            throw new UsageException("report: --again goes with --archive");
        }
        try (ConfigurableApplicationContext context = SpringContexts.start(data, Map.of())) {
            ZoneId zone = ZoneId.of(context.getBean(cn.shencha.jobs.config.ShenchaProperties.class).report().zone());
            ReportWeek week = requested != null ? requested : ReportWeek.current(zone);
            if (week.compareTo(ReportWeek.current(zone)) > 0) {
                throw new UsageException("report: " + week + " has not begun yet");
            }
            if (o.flag("archive")) {
                return archive(context, week, o.flag("again"), out);
            }
            String unit = o.value("unit");
            Path file = Path.of(o.value("out", "report-" + week + (unit == null ? "" : "-" + unit) + "." + format.extension()))
                    .toAbsolutePath().normalize();
            if (Files.isDirectory(file)) {
                throw new UsageException("report: " + file + " is a directory");
            }
            ReportService.Written w;
            try {
                w = context.getBean(ReportService.class).write(week, unit, format, file);
            } catch (IllegalArgumentException e) {
                throw new UsageException("report: " + e.getMessage());
            }
            Headline h = w.report().current();
            out.println("Weekly report " + week + " (" + week.monday() + " to " + week.sunday() + "), "
                    + (unit == null ? "district" : "unit " + unit) + (w.report().emptyWeek() ? ": no data this week (本周无数据)" : ""));
            out.printf("  read       %d pages, %d attachments, %d new-media posts in %d readings%n", h.pagesRead(),
                    h.attachmentsRead(), h.feedItemsRead(), h.readings());
            out.printf("  findings   %d (%d tamper, %d hidden-link incidents)%n", h.findings(), h.tamperIncidents(),
                    h.hiddenLinkIncidents());
            out.printf("  decided    %d (approved %d, amended %d, taken down %d); pending %d, overdue %d%n", h.decided(),
                    h.approved(), h.amended(), h.takenDown(), h.pending(), h.overdue());
            if (w.signed()) {
                out.println("  signed     PAdES, " + w.pages() + " page(s)" + (w.demoKey()
                        ? "; with the demonstration key (proves the file unchanged, not who signed it)" : ""));
            }
            out.println("  file       " + w.file());
            return 0;
        }
    }

    private static int archive(ConfigurableApplicationContext context, ReportWeek week, boolean again, PrintStream out) throws Exception {
        ReportRunner.Outcome outcome = context.getBean(ReportRunner.class).run(week, again);
        if (outcome.skipped()) {
            out.println("Weekly report " + week + " was archived already (use --again to report it again)");
        } else if (!outcome.completed()) {
            throw new CommandFailure("reportJob for " + week + " " + outcome.status().name().toLowerCase()
                    + " (see the log; run the same command again to resume it)");
        } else {
            out.println("Weekly report " + week + (outcome.restarted() ? " (resumed)" : "") + " archived:");
        }
        for (ArchivedReport r : context.getBean(ReportArchive.class).list(week)) {
            out.printf("  %-14s %-4s %s%n", r.unitName(), r.format(), r.file());
        }
        return 0;
    }
}
