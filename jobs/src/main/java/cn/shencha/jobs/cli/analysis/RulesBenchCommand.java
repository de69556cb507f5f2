package cn.shencha.jobs.cli.analysis;

import cn.shencha.jobs.cli.Options;
import cn.shencha.jobs.cli.UsageException;
import cn.shencha.rules.ReferenceTexts;
import cn.shencha.rules.SecrecyAnalyzer;
import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.seg.Segment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.github.houbb.sensitive.word.bs.SensitiveWordBs;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;

/**
 * {@code shencha bench rules}: throughput of the full secrecy analysis next to bare HanLP standard segmentation and
 * houbb sensitive-word 0.25.0 (default dictionary) of the same text, on one thread, and the heap each needed; then the
 * cost per character of one 400,000-character hostile text against twenty 20,000-character ones. A benchmark prints
 * figures; it asserts nothing.
 */
public final class RulesBenchCommand {

    static final String HELP = """
            Usage: shencha bench rules [--dense] [--real] [--mb N] [--rounds N] [FILE ...]

            Builds a text of at least N MB (default 10), split into page-sized documents, then times on one thread
            (a) the full analysis, (b) bare HanLP standard segmentation and (c) houbb sensitive-word 0.25.0 (its default
            dictionary, findAll) of the same documents, and prints chars/s, peak heap and the ratios. JSON Lines files
            contribute their "text" fields.

              --dense   dense short texts: the regulation and corpus/dev.jsonl, repeated
              --real    real State Council text: corpus/real-clean.jsonl and corpus/gov-text.jsonl
              FILE ...  the given files
            Without any of them both presets run. The last line compares the analysis of one 400,000-character hostile
            text (patterns built to trip super-linear matching) with twenty 20,000-character ones, per character.
            """;

    private RulesBenchCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Options o = Options.parse("bench rules", args, Set.of("mb", "rounds"), Set.of("help", "dense", "real"));
        if (o.flag("help")) {
            out.print(HELP);
            return 0;
        }
        int mb = o.intValue("bench rules", "mb") == null ? 10 : o.intValue("bench rules", "mb");
        boolean dense = o.flag("dense");
        boolean real = o.flag("real");
        if (!dense && !real && o.positional().isEmpty()) {
            dense = real = true;
        }
        int rounds = o.intValue("bench rules", "rounds") == null ? (dense && real ? 2 : 3) : o.intValue("bench rules", "rounds");
        Map<String, List<Path>> sets = new LinkedHashMap<>();
        if (dense) {
            sets.put("dense", reference("--dense", "domain/regulation.txt", "corpus/dev.jsonl"));
        }
        if (real) {
            sets.put("real", reference("--real", "corpus/real-clean.jsonl", "corpus/gov-text.jsonl"));
        }
        if (!o.positional().isEmpty()) {
            List<Path> files = new ArrayList<>();
            o.positional().forEach(p -> files.add(Path.of(p)));
            sets.put("files", files);
        }
        SecrecyAnalyzer analyzer = SecrecyAnalyzer.withDefaultPack();
        Segment segment = HanLP.newSegment();
        SensitiveWordBs sensitive = SensitiveWordBs.newInstance().init();
        for (Map.Entry<String, List<Path>> set : sets.entrySet()) {
            List<String> pieces = new ArrayList<>();
            try {
                for (Path f : set.getValue()) {
                    pieces.addAll(texts(f));
                }
            } catch (IOException e) {
                err.println("error: " + e.getMessage());
                return 1;
            }
            List<String> documents = documents(pieces, mb * 1_000_000L);
            long chars = documents.stream().mapToLong(String::length).sum();
            out.printf(Locale.ROOT, "%s: %d documents, %.1f M chars from %s%n", set.getKey(), documents.size(), chars / 1e6,
                    set.getValue().stream().map(p -> p.getFileName().toString()).toList());
            // Warm up all three (JIT, dictionaries) on a slice before timing.
            for (int i = 0; i < Math.min(200, documents.size()); i++) {
                analyzer.analyze(documents.get(i));
                segment.seg(documents.get(i));
                sensitive.findAll(documents.get(i));
            }
            double[] analysis = measure(rounds, documents, d -> analyzer.analyze(d).findings().size());
            double[] segmentation = measure(rounds, documents, d -> segment.seg(d).size());
            double[] words = measure(rounds, documents, d -> sensitive.findAll(d).size());
            out.printf(Locale.ROOT, "  full analysis:             %,12.0f chars/s  (best of %d rounds; peak heap %d MB)%n",
                    analysis[0], rounds, (long) analysis[1]);
            out.printf(Locale.ROOT, "  HanLP standard segmenting: %,12.0f chars/s  (best of %d rounds; peak heap %d MB)%n",
                    segmentation[0], rounds, (long) segmentation[1]);
            out.printf(Locale.ROOT, "  sensitive-word 0.25.0:     %,12.0f chars/s  (best of %d rounds; peak heap %d MB)%n",
                    words[0], rounds, (long) words[1]);
            out.printf(Locale.ROOT, "  ratio: analysis is %.1f× segmentation and %.1f× sensitive-word throughput%n",
                    analysis[0] / segmentation[0], analysis[0] / words[0]);
        }
        hostile(analyzer, out);
        out.printf(Locale.ROOT, "max heap available %d MB%n", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        return 0;
    }

    private static List<Path> reference(String preset, String... names) {
        List<Path> files = new ArrayList<>();
        for (String name : names) {
            files.add(ReferenceTexts.find(name).orElseThrow(() -> new UsageException("bench rules " + preset + ": " + name
                    + " not found in $SHENCHA_SHARED, a shared/ folder or reference/ (see reference/README.md)")));
        }
        return files;
    }

    /** Units of hostile text: each built to trip a super-linear pattern (see LinearCostTest in rules). */
    static final List<String> HOSTILE_UNITS = List.of("server=a;", "server=a;database=b;", "jdbc:mysql://a", "1", "1.1.", "138 ",
            "密码：abc123 ", "/data/a", "\\\\a\\", "区政府召开会议研究部署工作", "（", "“", "百家乐 ", "a ", "<span style=\"display:none\">", "<a",
            "张三患有", "8岁", "家住1号", "13912345678 ", "8折送", "立案侦查", "1-9月增长5%", "秘密★");

    /** A hostile text of the given length: the units in turn, each repeated over a block of 1,000 characters. */
    static String hostileText(int length) {
        StringBuilder sb = new StringBuilder(length + 1000);
        int u = 0;
        while (sb.length() < length) {
            String unit = HOSTILE_UNITS.get(u++ % HOSTILE_UNITS.size());
            int blockEnd = Math.min(length, sb.length() + 1000);
            while (sb.length() < blockEnd) {
                sb.append(unit);
            }
            sb.setLength(blockEnd);
        }
        return sb.toString();
    }

    private static void hostile(SecrecyAnalyzer analyzer, PrintStream out) {
        SecrecyAnalyzer unbounded = analyzer.withTimeBudget(-1, 0); // measure the cost itself, not the budget's cut
        String small = hostileText(20_000);
        String large = hostileText(400_000);
        for (int i = 0; i < 5; i++) {
            unbounded.analyze(small);
        }
        unbounded.analyze(large);
        double smallNs = Double.MAX_VALUE;
        double largeNs = Double.MAX_VALUE;
        boolean complete = true;
        for (int r = 0; r < 3; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                unbounded.analyze(small);
            }
            smallNs = Math.min(smallNs, (System.nanoTime() - t0) / (20.0 * small.length()));
            long t1 = System.nanoTime();
            unbounded.analyze(large);
            largeNs = Math.min(largeNs, (System.nanoTime() - t1) / (double) large.length());
            complete &= analyzer.analyze(large).complete();
        }
        out.printf(Locale.ROOT, "hostile text: one 400k-char text %.0f ns/char, twenty 20k-char texts %.0f ns/char: ratio %.2f "
                + "(1.00 = linear); the 400k text is %s within the default time budget (%d ms)%n", largeNs, smallNs,
                largeNs / smallNs, complete ? "fully analyzed" : "NOT fully analyzed", analyzer.timeBudgetMillis(large.length()));
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
