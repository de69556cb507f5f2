package cn.shencha.jobs.cli;

import cn.shencha.jobs.review.LedgerFiles;
import cn.shencha.writers.ledger.ExcelLedgerWriter;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code shencha ledger}: the approval ledger of a period (and unit) as Excel or as a signed PDF/A. */
final class LedgerCommand {

    static final String HELP = """
            Usage: shencha ledger --from DATE --to DATE [--unit U] --format xlsx|pdf --out FILE

            Writes the approval ledger (领导审批台帐, regulation ch. 4 §6) of the items submitted for review in the period
            (dates YYYY-MM-DD inclusive, Beijing time): every item a level 3 or 4 leader or the secrecy bureau decided
            on, with each level's reviewer, opinion and time, the bureau's conclusion and the publication or take-down
            time. PDF ledgers are PDF/A-2b and signed (PAdES; with the demonstration key when shencha.signing has no
            keystore, which the output says); check them with `shencha verify FILE.pdf`.

            Options:
              --from DATE      first day of the period
              --to DATE        last day of the period
              --unit U         only this unit (its id in shencha.units)
              --format F       xlsx or pdf
              --sheets S       Excel layout: single (one sheet with a unit column, default) or per-unit
              --out FILE       where to write the ledger
            """;

    private final Path data;

    LedgerCommand(Path data) {
        this.data = data;
    }

    int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options o = Options.parse("ledger", args, Set.of("from", "to", "unit", "format", "out", "sheets"), Set.of("help"));
        if (o.flag("help")) {
            out.print(HELP);
            return 0;
        }
        if (!o.positional().isEmpty()) {
            throw new UsageException("ledger: unexpected argument '" + o.positional().get(0) + "'");
        }
        LocalDate from = date(o, "from");
        LocalDate to = date(o, "to");
        if (to.isBefore(from)) {
            throw new UsageException("ledger: --to " + to + " is before --from " + from);
        }
        LedgerFiles.Format format;
        try {
            format = LedgerFiles.Format.parse(required(o, "format"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("ledger: --" + e.getMessage());
        }
        String sheets = o.value("sheets", "single");
        ExcelLedgerWriter.Layout layout = switch (sheets) {
            case "single" -> ExcelLedgerWriter.Layout.SINGLE_SHEET;
            case "per-unit" -> ExcelLedgerWriter.Layout.SHEET_PER_UNIT;
            default -> throw new UsageException("ledger: --sheets must be single or per-unit, not '" + sheets + "'");
        };
        Path file = Path.of(required(o, "out"));
        try (ConfigurableApplicationContext context = SpringContexts.start(data, Map.of())) {
            LedgerFiles.Written w;
            try {
                w = context.getBean(LedgerFiles.class).write(from, to, o.value("unit", null), format, layout, file);
            } catch (IllegalArgumentException e) {
                throw new CommandFailure("ledger: " + e.getMessage());
            }
            out.println("Wrote " + w.file() + ": " + w.entries() + " ledger entries, " + from + " to " + to
                    + (w.signed() ? ", signed" + (w.demoKey() ? " with the DEMONSTRATION key (configure shencha.signing"
                    + ".keystore for a real one)" : "") : ""));
            return 0;
        }
    }

    private static String required(Options o, String name) {
        String v = o.value(name, null);
        if (v == null || v.isBlank()) {
            throw new UsageException("ledger: --" + name + " is required (see shencha ledger --help)");
        }
        return v;
    }

    private static LocalDate date(Options o, String name) {
        String v = required(o, name);
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new UsageException("ledger: --" + name + " must be a date YYYY-MM-DD, not '" + v + "'");
        }
    }
}
