package cn.shencha.jobs.cli.analysis;

import cn.shencha.jobs.cli.Options;
import cn.shencha.jobs.cli.UsageException;
import cn.shencha.rules.ReferenceTexts;
import cn.shencha.rules.SecrecyAnalyzer;
import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.seg.Segment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import cn.shencha.rules.ReferenceTexts;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code shencha bench rules}: throughput of the full secrecy analysis next to bare HanLP standard segmentation of the
 * same text, on one thread, and the heap each needed. A benchmark prints figures; it asserts nothing.
 */
public final class RulesBenchCommand {

    static final String HELP = """
            Usage: shencha bench rules [--mb N] [--rounds N] [FILE ...]

            Builds a text of at least N MB (default 10) from the given files (default: the regulation and the corpora
            in ../shared), split into page-sized documents, then times on one thread (a) the full analysis and
            (b) bare HanLP standard segmentation of the same documents, and prints chars/s and peak heap of each.
            JSON Lines files contribute their "text" fields.
            """;

    private RulesBenchCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Options o = Options.parse("bench rules", args, Set.of("mb", "rounds"), Set.of("help"));
        if (o.flag("help")) {
            out.print(HELP);
            return 0;
        }
        int mb = o.intValue("bench rules", "mb") == null ? 10 : o.intValue("bench rules", "mb");
        int rounds = o.intValue("bench rules", "rounds") == null ? 3 : o.intValue("bench rules", "rounds");
        List<Path> files = new ArrayList<>();
        o.positional().forEach(p -> files.add(Path.of(p)));
        if (files.isEmpty()) {
            for (String p : List.of("domain/regulation.txt", "corpus/dev.jsonl", "corpus/real-clean.jsonl")) {
                ReferenceTexts.find(p).ifPresent(files::add);
            }
            if (files.isEmpty()) {
                throw new UsageException("bench rules: no input files given and no reference texts found (see reference/README.md)");
            }
        }
        List<String> pieces = new ArrayList<>();
        try {
            for (Path f : files) {
                pieces.addAll(texts(f));
            }
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        List<String> documents = documents(pieces, mb * 1_000_000L);
        long chars = documents.stream().mapToLong(String::length).sum();
        out.printf(Locale.ROOT, "input: %d documents, %.1f M chars from %d files%n", documents.size(), chars / 1e6, files.size());

        SecrecyAnalyzer analyzer = SecrecyAnalyzer.withDefaultPack();
        Segment segment = HanLP.newSegment();
        // Warm up both (JIT, dictionaries) on a slice before timing.
        for (int i = 0; i < Math.min(200, documents.size()); i++) {
            analyzer.analyze(documents.get(i));
            segment.seg(documents.get(i));
        }
        double[] analysis = measure(rounds, documents, d -> analyzer.analyze(d).findings().size());
        double[] segmentation = measure(rounds, documents, d -> segment.seg(d).size());
        out.printf(Locale.ROOT, "full analysis:             %,12.0f chars/s  (best of %d rounds; peak heap %d MB)%n",
                analysis[0], rounds, (long) analysis[1]);
        out.printf(Locale.ROOT, "HanLP standard segmenting: %,12.0f chars/s  (best of %d rounds; peak heap %d MB)%n",
                segmentation[0], rounds, (long) segmentation[1]);
        out.printf(Locale.ROOT, "ratio: analysis is %.1f× segmentation throughput (max heap available %d MB)%n",
                analysis[0] / segmentation[0], Runtime.getRuntime().maxMemory() / (1024 * 1024));
        return 0;
    }

    private interface Work {
        int run(String document);
    }

    /** Best chars/s over the rounds, and the peak heap use in MB during them. */
    private static double[] measure(int rounds, List<String> documents, Work work) {
        long chars = documents.stream().mapToLong(String::length).sum();
        System.gc();
        resetPeaks();
        double best = 0;
        long sink = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (String d : documents) {
                sink += work.run(d);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            best = Math.max(best, chars / seconds);
        }
        if (sink == Long.MIN_VALUE) {
            System.out.println();
        }
        return new double[]{best, peakHeapMb()};
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static double peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024.0 * 1024.0);
    }

    public static List<String> texts(Path f) throws IOException {
        List<String> out = new ArrayList<>();
        if (f.toString().endsWith(".jsonl")) {
            JsonMapper json = JsonMapper.builder().build();
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    JsonNode n = json.readTree(line);
                    if (n.has("text")) {
                        out.add(n.get("text").asString());
                    }
                }
            }
        } else {
            out.add(Files.readString(f, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Page-sized documents (about 5,000 chars) cycling through the pieces until the total is reached. */
    static List<String> documents(List<String> pieces, long total) {
        List<String> docs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        long sum = 0;
        int i = 0;
        while (sum < total) {
            current.append(pieces.get(i++ % pieces.size())).append('\n');
            if (current.length() >= 5000) {
                docs.add(current.toString());
                sum += current.length();
                current.setLength(0);
            }
        }
        return docs;
    }
}
