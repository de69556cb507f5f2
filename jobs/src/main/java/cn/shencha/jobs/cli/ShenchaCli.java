package cn.shencha.jobs.cli;

import cn.shencha.jobs.cli.analysis.AnalyzeCommand;
import cn.shencha.jobs.cli.analysis.EvalCommand;
import cn.shencha.jobs.cli.analysis.LedgerBenchCommand;
import cn.shencha.jobs.cli.analysis.RulesBenchCommand;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bin/shencha}: one entry point dispatching to sub-commands. Commands that need neither the database nor the
 * search cluster (analyze, eval, bench) run without Spring, so they start fast. Every error is one line on standard
 * error with a non-zero exit: 2 for bad input, 1 for a failure.
 */
public final class ShenchaCli {

    static final String USAGE = """
            Usage: shencha [--data DIR] COMMAND [OPTIONS]

            Secrecy audit and archival of a district government's website and new-media accounts.

            Commands:
              demo        serve the bundled demo portal of 云川区人民政府 and audit it
              audit       crawl and audit a site:  audit --site URL
              search      full-text search of everything audited:  search QUERY [--category C --from DATE …]
              replay      the archived response of a page as it was:  replay URL [--at TIME] [--serve PORT]
              reindex     move the search indices to the current mappings without downtime
              status      the data directory, database, search cluster and recent runs
              serve       run the configured sites' audits on their schedules until stopped
              analyze     analyze text for secrecy problems (no database or search cluster needed)
              eval        evaluate the rules on a labeled JSON Lines file
              console     the web console (review queues, decisions, ledgers, search) on 127.0.0.1:8080
              ledger      the approval ledger of a period:  ledger --from DATE --to DATE --format xlsx|pdf --out FILE
              verify      verify a signed ledger's or report's signatures and PDF/A claim:  verify FILE.pdf
              verify-trail  check the hash-chained audit trail and name any edited or deleted row
              report      the weekly audit report of a week:  report --week 2026-W47 [--unit U] --format pdf|xlsx
              reading-log the duty reading log (值班读网表):  reading-log --from DATE --to DATE --format pdf|xlsx
              duty-roster import or list the duty roster:  duty-roster import FILE.csv
              user        console accounts:  user unlock NAME (clears a lockout)
              archive     archival packages (BagIt) and their 四性 check:  archive package --from DATE --to DATE,
                          archive verify DIR, archive retention [--dry-run]
              bench       benchmarks that print figures:  bench rules, bench search, bench ledger, bench crawl, bench report,
                          bench archive

            Global options:
              --data DIR  the data directory (default: $SHENCHA_DATA, else ./data)
              --help      help for shencha or for a command (shencha COMMAND --help)
              --version   print the version

            Exit codes: 0 success, 1 failure, 2 bad input.
            """;

    private ShenchaCli() {
    }

    public static void main(String[] args) {
        int code = run(List.of(args), System.out, System.err);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    public static int run(List<String> argv, PrintStream out, PrintStream err) {
        try {
            List<String> args = new ArrayList<>(argv);
            Path data = extractDataDir(args);
            if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h") || args.get(0).equals("help")) {
                if (args.size() > 1 && args.get(0).equals("help")) {
                    return run(List.of(args.get(1), "--help"), out, err);
                }
                out.print(USAGE);
                return args.isEmpty() ? 2 : 0;
            }
            if (args.get(0).equals("--version")) {
                out.println("shencha " + version());
                return 0;
            }
            String command = args.remove(0);
            return switch (command) {
                case "analyze" -> AnalyzeCommand.run(args, out, err);
                case "eval" -> EvalCommand.run(args, out, err);
                case "verify" -> VerifyCommand.run(args, out, err);
                case "bench" -> bench(data, args, out, err);
                case "demo" -> new DemoCommand(data).run(args, out, err);
                case "audit" -> new AuditCommand(data).run(args, out, err);
                case "search" -> new SearchCommand(data).run(args, out, err);
                case "replay" -> new ReplayCommand(data).run(args, out, err);
                case "status" -> new StatusCommand(data).run(args, out, err);
                case "serve" -> new ServeCommand(data).run(args, out, err);
                case "reindex" -> new ReindexCommand(data).run(args, out, err);
                case "ledger" -> new LedgerCommand(data).run(args, out, err);
                case "verify-trail" -> new VerifyTrailCommand(data).run(args, out, err);
                case "console" -> new ConsoleCommand(data).run(args, out, err);
                case "report" -> new ReportCommand(data).run(args, out, err);
                case "reading-log" -> new ReadingLogCommand(data).run(args, out, err);
                case "duty-roster" -> new DutyCommand(data).run(args, out, err);
                case "user" -> new UserCommand(data).run(args, out, err);
                case "archive" -> new ArchiveCommand(data).run(args, out, err);
                default -> throw new UsageException("unknown command '" + command + "' (see shencha --help)");
            };
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (CommandFailure e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("error: " + SpringContexts.describe(e));
            return 1;
        }
    }

    private static int bench(Path data, List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.isEmpty() || args.get(0).equals("--help")) {
            out.println("Usage: shencha bench rules [OPTIONS]   throughput of the full analysis vs bare HanLP segmentation");
            out.println("       shencha bench search [OPTIONS]  pipeline indexing vs raw _bulk with curl; search latency at 100k pages");
            out.println("       shencha bench ledger [OPTIONS]  time and heap of a 100k-entry XLSX and a 10k-entry signed PDF ledger");
            out.println("       shencha bench crawl [OPTIONS]   crawl + extract pages/s and MB/s against a generated local portal");
            out.println("       shencha bench report [OPTIONS]  time and heap of the weekly report over 1M findings and 100k decisions");
            out.println("       shencha bench archive [OPTIONS] archive package and verify of N GB of WARC vs sha256sum");
            return args.isEmpty() ? 2 : 0;
        }
        String what = args.get(0);
        if (what.equals("rules")) {
            return RulesBenchCommand.run(args.subList(1, args.size()), out, err);
        }
        if (what.equals("search")) {
            return SearchBenchCommand.run(data, args.subList(1, args.size()), out, err);
        }
        if (what.equals("ledger")) {
            return LedgerBenchCommand.run(args.subList(1, args.size()), out, err);
        }
        if (what.equals("crawl")) {
            try {
                return CrawlBenchCommand.run(args.subList(1, args.size()), out, err);
            } catch (UsageException | CommandFailure e) {
                throw e;
            } catch (Exception e) {
                throw new CommandFailure("bench crawl: " + SpringContexts.describe(e));
            }
        }
        if (what.equals("report")) {
            return new ReportBenchCommand(data).run(args.subList(1, args.size()), out, err);
        }
        if (what.equals("archive")) {
            return new ArchiveBenchCommand(data).run(args.subList(1, args.size()), out, err);
        }
        throw new UsageException("unknown benchmark '" + what + "' (available: rules, search, ledger, crawl, report, archive)");
    }

    /** Removes {@code --data DIR} from the arguments wherever it stands; falls back to SHENCHA_DATA, then ./data. */
    static Path extractDataDir(List<String> args) {
        String value = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--data")) {
                if (i + 1 >= args.size()) {
                    throw new UsageException("option --data needs a directory");
                }
                value = args.get(i + 1);
                args.remove(i + 1);
                args.remove(i);
                i--;
            } else if (a.startsWith("--data=")) {
                value = a.substring("--data=".length());
                args.remove(i);
                i--;
            }
        }
        if (value == null || value.isBlank()) {
            value = System.getenv("SHENCHA_DATA");
        }
        if (value == null || value.isBlank()) {
            value = "data";
        }
        return Path.of(value).toAbsolutePath().normalize();
    }

    static String version() {
        String v = ShenchaCli.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }
}
