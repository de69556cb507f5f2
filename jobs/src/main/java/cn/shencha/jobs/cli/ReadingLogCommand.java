package cn.shencha.jobs.cli;

import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.jobs.duty.DutyReadings;
import cn.shencha.jobs.duty.Reading;
import cn.shencha.writers.report.ReadingLogEntry;
import cn.shencha.writers.report.ReadingLogWriter;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code shencha reading-log}: prints the duty reading log (值班读网表) of a period as PDF or Excel. */
final class ReadingLogCommand {

    static final String HELP = """
            Usage: shencha reading-log [--from DATE] [--to DATE] [--format pdf|xlsx] [--out FILE]

            Writes the duty reading log (《值班读网表》, ch. 6) of the days: every reading of every site (date, slot
            早/中/晚, start and end, pages read, changes, problems found and how each was handled), who was on duty,
            who confirmed it with what remark, and the readings flagged missed or unconfirmed. Before printing it
            flags what the morning check would (readings of past days left unconfirmed or missed).

            Options:
              --from DATE    first day, YYYY-MM-DD (default: today)
              --to DATE      last day, YYYY-MM-DD (default: --from)
              --format F     pdf (default) or xlsx
              --out FILE     where to write it (default: ./reading-log-FROM[-TO].pdf|xlsx)
            """;

    private final Path data;

    ReadingLogCommand(Path data) {
        this.data = data;
    }

    int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options o = Options.parse("reading-log", args, Set.of("from", "to", "format", "out"), Set.of("help"));
        if (o.flag("help")) {
            out.print(HELP);
            return 0;
        }
        if (!o.positional().isEmpty()) {
            throw new UsageException("reading-log: unexpected argument '" + o.positional().get(0) + "'");
        }
        String format = o.value("format", "pdf").toLowerCase(Locale.ROOT);
        if (!format.equals("pdf") && !format.equals("xlsx")) {
            throw new UsageException("reading-log: unknown format '" + o.value("format") + "' (pdf or xlsx)");
        }
        LocalDate fromArg = date(o.value("from"));
        LocalDate toArg = date(o.value("to"));
        try (ConfigurableApplicationContext context = SpringContexts.start(data, Map.of())) {
            ShenchaProperties properties = context.getBean(ShenchaProperties.class);
            ZoneId zone = ZoneId.of(properties.report().zone());
            LocalDate from = fromArg != null ? fromArg : toArg != null ? toArg : LocalDate.now(zone);
            LocalDate to = toArg != null ? toArg : from;
            if (to.isBefore(from)) {
                throw new UsageException("reading-log: --to " + to + " is before --from " + from);
            }
            if (from.plusYears(1).isBefore(to)) {
                throw new UsageException("reading-log: a log covers at most a year");
            }
            Path file = Path.of(o.value("out", "reading-log-" + from + (to.equals(from) ? "" : "-" + to) + "." + format))
                    .toAbsolutePath().normalize();
            DutyReadings readings = context.getBean(DutyReadings.class);
            readings.flagOverdue();
            List<Reading> list = readings.between(from, to);
            List<ReadingLogEntry> entries = list.stream().map(r -> entry(r, zone)).toList();
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".reading-log-", ".tmp");
            try {
                try (OutputStream os = Files.newOutputStream(tmp)) {
                    LocalDateTime now = LocalDateTime.now(zone);
                    if (format.equals("pdf")) {
                        new ReadingLogWriter().writePdf(properties.organization(), from, to, now, entries.iterator(), os);
                    } else {
                        new ReadingLogWriter().writeExcel(properties.organization(), from, to, now, entries.iterator(), os);
                    }
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            long missed = list.stream().filter(r -> r.status() == Reading.Status.MISSED).count();
            long unconfirmed = list.stream().filter(r -> r.id() != null && !r.confirmed() && r.scheduled()).count();
            out.printf("Reading log %s to %s: %d reading(s), %d missed, %d scheduled not confirmed%n", from, to, list.size(),
                    missed, unconfirmed);
            out.println("  file       " + file);
            return 0;
        }
    }

    static ReadingLogEntry entry(Reading r, ZoneId zone) {
        String outcome = r.status().chineseName() + (r.scheduled() ? "" : "（手动）");
        String remark = r.remark() == null ? "" : r.remark();
        if (r.note() != null && (r.status() == Reading.Status.MISSED || r.status() == Reading.Status.FAILED)) {
            remark = r.note() + (remark.isEmpty() ? "" : "；" + remark);
        }
        return new ReadingLogEntry(r.date(), r.slot().chineseName(), r.siteName(), local(r.dueAt(), zone), local(r.startedAt(), zone),
                local(r.endedAt(), zone), outcome, r.pagesRead(), r.changes(), r.problems(), r.handling(), r.reader(),
                r.confirmedBy(), local(r.confirmedAt(), zone), remark, r.flag() == null ? "" : r.flag().chineseName());
    }

    private static LocalDateTime local(Instant t, ZoneId zone) {
        return t == null ? null : LocalDateTime.ofInstant(t, zone);
    }

    private static LocalDate date(String s) {
        if (s == null) {
            return null;
        }
        try {
            return LocalDate.parse(s.strip());
        } catch (DateTimeParseException e) {
            throw new UsageException("reading-log: not a date (YYYY-MM-DD): '" + s + "'");
        }
    }
}
