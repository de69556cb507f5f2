package cn.shencha.jobs.cli;

import cn.shencha.jobs.duty.DutyRoster;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code shencha duty-roster}: imports and lists the duty roster (值班安排表). */
final class DutyCommand {

    static final String HELP = """
            Usage: shencha duty-roster import FILE.csv
                   shencha duty-roster list [--from DATE] [--to DATE]

            The duty roster names who is on duty on a day (ch. 6: 每月末制定下月的值班安排表); the reading log names the
            reader of each reading from it.

            import   reads a CSV file (UTF-8) with the header date,slot,reader,username and one line per entry:
                     2026-12-01,,张三,zhangsan        the whole day
                     2026-12-01,晚,李四,lisi            one slot (早, 中, 晚 or MORNING, NOON, EVENING)
                     It replaces the entries of the days it names; a bad line rejects the whole file.
            list     prints the entries of the days (default: today and the next 30 days)
            """;

    private final Path data;

    DutyCommand(Path data) {
        this.data = data;
    }

    int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options o = Options.parse("duty-roster", args, Set.of("from", "to"), Set.of("help"));
        if (o.flag("help") || o.positional().isEmpty()) {
            out.print(HELP);
            return o.flag("help") ? 0 : 2;
        }
        String action = o.positional().get(0);
        switch (action) {
            case "import" -> {
                if (o.positional().size() != 2) {
                    throw new UsageException("duty-roster: import needs one CSV file");
                }
                Path csv = Path.of(o.positional().get(1));
                if (!Files.isRegularFile(csv)) {
                    throw new UsageException("duty-roster: no such file: " + csv);
                }
                try (ConfigurableApplicationContext context = SpringContexts.start(data, Map.of())) {
                    List<DutyRoster.Entry> entries;
                    try {
                        entries = context.getBean(DutyRoster.class).importCsv(csv);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("duty-roster: " + e.getMessage());
                    }
                    long days = entries.stream().map(DutyRoster.Entry::date).distinct().count();
                    out.println("Imported " + entries.size() + " roster entries for " + days + " day(s) from " + csv);
                    return 0;
                }
            }
            case "list" -> {
                LocalDate from = date(o.value("from"), LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")));
                LocalDate to = date(o.value("to"), from.plusDays(30));
                try (ConfigurableApplicationContext context = SpringContexts.start(data, Map.of())) {
                    List<DutyRoster.Entry> entries = context.getBean(DutyRoster.class).between(from, to);
                    if (entries.isEmpty()) {
                        out.println("No roster entries from " + from + " to " + to);
                    }
                    for (DutyRoster.Entry e : entries) {
                        out.printf("%s  %-4s %s%s%n", e.date(), e.slot() == null ? "全天" : e.slot().chineseName(), e.reader(),
                                e.username() == null ? "" : " (" + e.username() + ")");
                    }
                    return 0;
                }
            }
            default -> throw new UsageException("duty-roster: unknown action '" + action + "' (import or list)");
        }
    }

    private static LocalDate date(String s, LocalDate fallback) {
        if (s == null) {
            return fallback;
        }
        try {
            return LocalDate.parse(s.strip());
        } catch (DateTimeParseException e) {
            throw new UsageException("duty-roster: not a date (YYYY-MM-DD): '" + s + "'");
        }
    }
}
