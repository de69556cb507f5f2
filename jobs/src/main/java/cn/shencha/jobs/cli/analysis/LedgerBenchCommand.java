package cn.shencha.jobs.cli.analysis;

import cn.shencha.jobs.cli.CommandFailure;
import cn.shencha.jobs.cli.Options;
import cn.shencha.jobs.cli.UsageException;
import cn.shencha.writers.ledger.ExcelLedgerWriter;
import cn.shencha.writers.ledger.LedgerEntry;
import cn.shencha.writers.ledger.LedgerInfo;
import cn.shencha.writers.ledger.LedgerPeriod;
import cn.shencha.writers.ledger.PdfLedgerWriter;
import cn.shencha.writers.ledger.SampleLedgerEntries;
import cn.shencha.writers.signing.PdfSignatureVerifier;
import cn.shencha.writers.signing.PdfSigning;
import cn.shencha.writers.signing.SignatureSettings;
import cn.shencha.writers.signing.SigningKey;
import cn.shencha.writers.signing.SigningKeys;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code shencha bench ledger}: how long writing approval ledgers takes and how much heap it needs: an Excel ledger
 * of 100,000 synthetic entries, and a signed PDF/A ledger of 10,000. The entries are generated lazily, so the heap
 * figures are the writers'. A benchmark prints figures; it asserts nothing.
 */
public final class LedgerBenchCommand {

    static final String HELP = """
            Usage: shencha bench ledger [--xlsx N] [--pdf N] [--layout single|per-unit] [--out DIR]

            Writes an Excel ledger of N synthetic entries (default 100000) and a PDF/A-2b ledger of N entries
            (default 10000) signed with the demonstration key (PAdES B-B), after a small warm-up run, and prints
            the time and peak heap of each, against the goals of 10 s and 256 MB. Run it with a heap limit to prove
            the bound, e.g. SHENCHA_JAVA_OPTS=-Xmx256m bin/shencha bench ledger.

            Options:
              --xlsx N      entries in the Excel ledger (default 100000)
              --pdf N       entries in the signed PDF ledger (default 10000)
              --layout L    single (one sheet with a unit column, default) or per-unit (a sheet per unit)
              --out DIR     keep the files in DIR (default: a temporary directory, deleted afterwards)
            """;

    private static final double GOAL_SECONDS = 10;
    private static final double GOAL_HEAP_MB = 256;
    private static final LocalDateTime START = LocalDateTime.of(2025, 1, 1, 8, 0);
    private static final LedgerInfo INFO = LedgerInfo.of("云川区人民政府办公室",
            new LedgerPeriod(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 3, 31)), START.plusDays(91));

    private LedgerBenchCommand() {
    }

    public static int run(java.util.List<String> args, PrintStream out, PrintStream err) {
        Options o = Options.parse("bench ledger", args, Set.of("xlsx", "pdf", "layout", "out"), Set.of("help"));
        if (o.flag("help")) {
            out.print(HELP);
            return 0;
        }
        if (!o.positional().isEmpty()) {
            throw new UsageException("bench ledger: unexpected argument '" + o.positional().getFirst() + "'");
        }
        int xlsxEntries = positive(o, "xlsx", 100_000);
        int pdfEntries = positive(o, "pdf", 10_000);
        ExcelLedgerWriter.Layout layout = switch (o.value("layout", "single")) {
            case "single" -> ExcelLedgerWriter.Layout.SINGLE_SHEET;
            case "per-unit" -> ExcelLedgerWriter.Layout.SHEET_PER_UNIT;
            default -> throw new UsageException("bench ledger: --layout is single or per-unit, not '" + o.value("layout") + "'");
        };
        boolean keep = o.value("out") != null;
        try {
            Path dir = keep ? Files.createDirectories(Path.of(o.value("out"))) : Files.createTempDirectory("shencha-bench-ledger");
            try {
                return bench(dir, xlsxEntries, pdfEntries, layout, out);
            } finally {
                if (!keep) {
                    deleteTree(dir);
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new CommandFailure("bench ledger: " + e.getMessage());
        }
    }

    private static int bench(Path dir, int xlsxEntries, int pdfEntries, ExcelLedgerWriter.Layout layout, PrintStream out)
            throws IOException, GeneralSecurityException {
        SigningKey key = SigningKeys.demo(dir.resolve("demo-signing.p12"));
        ExcelLedgerWriter excel = new ExcelLedgerWriter(layout);

        // Warm-up: loads the classes and the 15 MB font, and lets the JIT compile the hot paths.
        long w0 = System.nanoTime();
        excel.write(INFO, entries(2_000), dir.resolve("warmup.xlsx"));
        writeSignedPdf(dir.resolve("warmup.pdf"), dir.resolve("warmup-signed.pdf"), 500, key);
        out.printf(Locale.ROOT, "warm-up (2,000-entry XLSX, 500-entry signed PDF): %.1f s%n", (System.nanoTime() - w0) / 1e9);

        Path xlsx = dir.resolve("ledger-" + xlsxEntries + ".xlsx");
        Measure m1 = Measure.start();
        excel.write(INFO, entries(xlsxEntries), xlsx);
        Measure.Result x = m1.stop();

        Path pdf = dir.resolve("ledger-" + pdfEntries + ".pdf");
        Path signed = dir.resolve("ledger-" + pdfEntries + "-signed.pdf");
        Measure m2 = Measure.start();
        double[] parts = writeSignedPdf(pdf, signed, pdfEntries, key);
        Measure.Result p = m2.stop();
        boolean verified = new PdfSignatureVerifier().verify(signed).passed();

        out.printf(Locale.ROOT, "XLSX, %,d entries (%s): %6.2f s (CPU %.2f s), peak heap %4.0f MB, %,.1f MB file   %s%n",
                xlsxEntries, layout == ExcelLedgerWriter.Layout.SINGLE_SHEET ? "one sheet" : "sheet per unit",
                x.seconds, x.cpuSeconds, x.peakHeapMb, Files.size(xlsx) / 1e6, goals(x));
        out.printf(Locale.ROOT, "PDF/A-2b + PAdES B-B signature, %,d entries: %6.2f s (CPU %.2f s; write %.2f s, sign %.2f s), peak heap %4.0f MB, %,.1f MB file   %s%n",
                pdfEntries, p.seconds, p.cpuSeconds, parts[0], parts[1], p.peakHeapMb, Files.size(signed) / 1e6, goals(p));
        out.printf(Locale.ROOT, "signed ledger verifies: %s%n", verified ? "yes" : "NO");
        out.printf(Locale.ROOT, "max heap available %d MB; peak heap is the sum of the heap pools' peaks after a GC; "
                        + "CPU is the whole process's (GC included), wall time above it means other load on the machine%n",
                Runtime.getRuntime().maxMemory() / (1024 * 1024));
        if (!verified) {
            throw new CommandFailure("bench ledger: the signed benchmark ledger does not verify");
        }
        return 0;
    }

    private static String goals(Measure.Result r) {
        boolean time = r.seconds < GOAL_SECONDS;
        boolean heap = r.peakHeapMb < GOAL_HEAP_MB;
        return "[goal < 10 s: " + (time ? "met" : "MISSED") + "; < 256 MB: " + (heap ? "met" : "MISSED") + "]";
    }

    /** Seconds to write, seconds to sign. */
    private static double[] writeSignedPdf(Path pdf, Path signed, int count, SigningKey key) throws IOException, GeneralSecurityException {
        long t0 = System.nanoTime();
        try (OutputStream os = Files.newOutputStream(pdf)) {
            new PdfLedgerWriter().write(INFO, entries(count).iterator(), os);
        }
        long t1 = System.nanoTime();
        PdfSigning.sign(pdf, signed, key, SignatureSettings.ledger(PdfLedgerWriter.SIGNATURE_BOX),
                ZonedDateTime.now(ZoneId.of("Asia/Shanghai")));
        long t2 = System.nanoTime();
        return new double[]{(t1 - t0) / 1e9, (t2 - t1) / 1e9};
    }

    private static Stream<LedgerEntry> entries(int count) {
        return SampleLedgerEntries.stream(20250101L, count, START);
    }

    private static int positive(Options o, String name, int fallback) {
        Integer v = o.intValue("bench ledger", name);
        if (v == null) {
            return fallback;
        }
        if (v < 1) {
            throw new UsageException("bench ledger: --" + name + " needs a positive number, got " + v);
        }
        return v;
    }

    private static void deleteTree(Path dir) {
        try {
            cn.shencha.jobs.cli.BenchDirectories.delete(dir);
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }

    /** Wall time and peak heap of one measured step, after a GC and a reset of the pools' peaks. */
    private record Measure(long started, long cpuStarted) {
        record Result(double seconds, double cpuSeconds, double peakHeapMb) {
        }

        /** CPU time of the whole process (all threads, GC included), or -1 where the JVM does not tell. */
        static long processCpuNanos() {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                return os.getProcessCpuTime();
            }
            return -1;
        }

        static Measure start() {
            System.gc();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    pool.resetPeakUsage();
                }
            }
            return new Measure(System.nanoTime(), processCpuNanos());
        }

        Result stop() {
            double seconds = (System.nanoTime() - started) / 1e9;
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            long cpu = processCpuNanos();
            return new Result(seconds, cpu < 0 || cpuStarted < 0 ? Double.NaN : (cpu - cpuStarted) / 1e9, peak / (1024.0 * 1024.0));
        }
    }
}
