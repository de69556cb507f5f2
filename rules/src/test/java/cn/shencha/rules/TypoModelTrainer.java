package cn.shencha.rules;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The training program of the TYPO detector's language model and observed confusions (not run by the tests).
 *
 * <pre>
 * java -cp … cn.shencha.rules.TypoModelTrainer train OUT_DIR [--odw all|train] [--gov all|even|odd] [--real yes|no]
 * java -cp … cn.shencha.rules.TypoModelTrainer tune MODEL_DIR [threshold…]
 * </pre>
 *
 * {@code train} reads {@code /work/shared/corpus} (or {@code -Dcorpus=DIR}): gov-text.jsonl, real-clean.jsonl and the
 * {@code correct} side of odw-train.jsonl, and writes {@code typo-lm.bin.gz} and {@code typo-confusions.txt}.
 * {@code --odw train} uses only the tuning part of odw-train: its distinct correct sentences split 80/20 by a stable
 * hash ({@link #heldOut}), so a sentence that occurs several times with different typos lies wholly on one side.
 * {@code tune} scores held-out sentences and false alarms per 100,000 characters on the real texts.
 */
public final class TypoModelTrainer {

    static Path corpus() {
        return Path.of(System.getProperty("corpus", "/work/shared/corpus"));
    }

    /** Whether a sentence (by its correct form) belongs to the held-out 20%. */
    static boolean heldOut(String correct) {
        int h = 0;
        for (byte b : correct.getBytes(StandardCharsets.UTF_8)) {
            h = h * 31 + (b & 0xFF);
        }
        return Math.floorMod(h * 0x9E3779B1, 100) < 20;
    }

    static List<JsonNode> jsonl(Path p) throws IOException {
        ObjectMapper om = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(p)) {
            if (!line.isBlank()) {
                out.add(om.readTree(line));
            }
        }
        return out;
    }

    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                flush(sb, out);
                continue;
            }
            sb.append(c);
            if (c == '。' || c == '！' || c == '？' || c == '；') {
                flush(sb, out);
            }
        }
        flush(sb, out);
        return out;
    }

    private static void flush(StringBuilder sb, List<String> out) {
        String s = sb.toString().strip();
        if (!s.isEmpty()) {
            out.add(NormalizedText.fold(s));
        }
        sb.setLength(0);
    }

    static boolean govSelected(String id, String which) {
        if (which.equals("all")) {
            return true;
        }
        int digits = 0;
        for (int i = id.length() - 1; i >= 0 && Character.isDigit(id.charAt(i)); i--) {
            digits = i;
        }
        int n = Integer.parseInt(id.substring(digits));
        return which.equals("even") == ((n / 2) % 2 == 0); // the ids are all even: parity of id/2
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: train OUT_DIR [--odw all|train] [--gov all|even|odd] [--real yes|no] | tune MODEL_DIR [--gov-eval all|even|odd] [threshold…]");
            System.exit(2);
        }
        Map<String, String> opts = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                opts.put(args[i].substring(2), args[++i]);
            } else {
                rest.add(args[i]);
            }
        }
        Path dir = Path.of(args[1]);
        if (args[0].equals("train")) {
            train(dir, opts.getOrDefault("odw", "all"), opts.getOrDefault("gov", "all"), opts.getOrDefault("real", "yes"));
        } else {
            tune(dir, opts, rest);
        }
    }

    static void train(Path out, String odw, String gov, String real) throws IOException {
        Files.createDirectories(out);
        CharLanguageModel.Builder b = new CharLanguageModel.Builder();
        long chars = 0;
        for (JsonNode n : jsonl(corpus().resolve("gov-text.jsonl"))) {
            if (govSelected(n.get("id").asString(), gov)) {
                for (String s : sentences(n.get("text").asString())) {
                    b.add(s, 1);
                    chars += s.length();
                }
            }
        }
        if (real.equals("yes")) {
            for (JsonNode n : jsonl(corpus().resolve("real-clean.jsonl"))) {
                for (String s : sentences(n.get("text").asString())) {
                    b.add(s, 1);
                    chars += s.length();
                }
            }
        }
        Map<String, Integer> pairs = new TreeMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JsonNode n : jsonl(corpus().resolve("odw-train.jsonl"))) {
            String correct = n.get("correct").asString();
            if (odw.equals("train") && heldOut(correct)) {
                continue;
            }
            if (seen.add(correct)) {
                b.add(NormalizedText.fold(correct), 1);
                chars += correct.length();
            }
            for (JsonNode t : n.get("typos")) {
                String w = NormalizedText.fold(t.get("wrong").asString());
                String r = NormalizedText.fold(t.get("right").asString());
                if (w.length() == 1 && r.length() == 1) {
                    pairs.merge(w + " " + r, 1, Integer::sum);
                }
            }
        }
        try (OutputStream o = Files.newOutputStream(out.resolve("typo-lm.bin.gz"))) {
            b.write(o, new int[]{0, 0, Integer.getInteger("min2", 1), Integer.getInteger("min3", 1), Integer.getInteger("min4", 2)});
        }
        StringBuilder sb = new StringBuilder("# wrong right count: single-character typos observed in the training part of ECSpell odw (MIT)\n");
        pairs.forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
        Files.writeString(out.resolve("typo-confusions.txt"), sb.toString());
        System.out.printf(Locale.ROOT, "trained on %d chars; %d confusion pairs; model %d bytes%n", chars, pairs.size(),
                Files.size(out.resolve("typo-lm.bin.gz")));
    }

    static TypoDetector.Model model(Path dir, int minCount) throws IOException {
        CharLanguageModel lm;
        try (var in = Files.newInputStream(dir.resolve("typo-lm.bin.gz"))) {
            lm = CharLanguageModel.read(in);
        }
        return new TypoDetector.Model(lm, ConfusionSets.build(lm, minCount,
                ConfusionSets.readPairs(Files.readString(dir.resolve("typo-confusions.txt")))));
    }

    static List<TypoEvaluation.TypoText> heldOutSentences() throws IOException {
        List<TypoEvaluation.TypoText> out = new ArrayList<>();
        for (JsonNode n : jsonl(corpus().resolve("odw-train.jsonl"))) {
            if (heldOut(n.get("correct").asString())) {
                out.add(typoText(n));
            }
        }
        return out;
    }

    static TypoEvaluation.TypoText typoText(JsonNode n) {
        Map<Integer, String> typos = new TreeMap<>();
        for (JsonNode t : n.get("typos")) {
            int start = t.get("start").asInt();
            String right = t.get("right").asString();
            for (int i = start; i < t.get("end").asInt(); i++) {
                typos.put(i, right.substring(Math.min(i - start, right.length() - 1), Math.min(i - start, right.length() - 1) + 1));
            }
        }
        return new TypoEvaluation.TypoText(n.get("id").asString(), n.get("text").asString(), typos);
    }

    static void tune(Path dir, Map<String, String> opts, List<String> thresholds) throws IOException {
        TypoDetector.Settings d = TypoDetector.Settings.DEFAULT;
        int minCount = Integer.parseInt(opts.getOrDefault("min-count", String.valueOf(d.minCount())));
        int common = Integer.parseInt(opts.getOrDefault("common", String.valueOf(d.common())));
        double[] priors = d.priors().clone();
        if (opts.containsKey("priors")) {
            String[] p = opts.get("priors").split(",");
            for (int i = 0; i < p.length; i++) {
                priors[i] = Double.parseDouble(p[i]);
            }
        }
        TypoDetector.Model model = model(dir, minCount);
        List<TypoEvaluation.TypoText> held = heldOutSentences();
        String govEval = opts.getOrDefault("gov-eval", "odd");
        List<String> gov = new ArrayList<>();
        for (JsonNode n : jsonl(corpus().resolve("gov-text.jsonl"))) {
            if (govSelected(n.get("id").asString(), govEval)) {
                gov.add(n.get("text").asString());
            }
        }
        List<String> real = new ArrayList<>();
        for (JsonNode n : jsonl(corpus().resolve("real-clean.jsonl"))) {
            real.add(n.get("text").asString());
        }
        if (opts.containsKey("diagnose")) {
            int total = 0, inSet = 0, suspect = 0, gate = 0;
            for (TypoEvaluation.TypoText t : held) {
                String f = NormalizedText.fold(t.text());
                for (Map.Entry<Integer, String> e : t.typos().entrySet()) {
                    int i = e.getKey();
                    char c = f.charAt(i);
                    char r = NormalizedText.fold(e.getValue()).charAt(0);
                    total++;
                    ConfusionSets.Candidate[] cs = model.confusions.of(c);
                    boolean in = cs != null && java.util.Arrays.stream(cs).anyMatch(x -> x.right() == r);
                    if (!in) continue;
                    inSet++;
                    char prev = i > 0 ? CharLanguageModel.key(f.charAt(i - 1)) : CharLanguageModel.PAD;
                    char next = i + 1 < f.length() ? CharLanguageModel.key(f.charAt(i + 1)) : CharLanguageModel.PAD;
                    int left = model.lm.bigram(prev, c), right = model.lm.bigram(c, next);
                    if (left >= common || right >= common) continue;
                    suspect++;
                    if (model.lm.bigram(prev, r) <= Math.max(left, common - 1) && model.lm.bigram(r, next) <= Math.max(right, common - 1)) continue;
                    gate++;
                }
            }
            System.out.printf("typos %d, right char in confusion set %d, suspect %d, passes the gate %d%n", total, inSet, suspect, gate);
        }
        if (thresholds.isEmpty()) {
            thresholds = List.of(String.valueOf(d.threshold()));
        }
        for (String th : thresholds) {
            TypoDetector.Settings st = new TypoDetector.Settings(Double.parseDouble(th), priors, common, minCount,
                    dbl(opts, "word-bonus", d.wordBonus()), dbl(opts, "word-penalty", d.wordPenalty()),
                    dbl(opts, "no-word-penalty", d.noWordPenalty()), dbl(opts, "pair-prior", d.pairPrior()));
            TypoEvaluation.Report r = TypoEvaluation.run(text -> {
                Map<Integer, String> m = new TreeMap<>();
                for (TypoDetector.Correction c : TypoDetector.find(NormalizedText.fold(text), model, st, List.of())) {
                    m.put(c.position(), String.valueOf(c.right()));
                }
                return m;
            }, held);
            long govChars = 0, govHits = 0, realChars = 0, realHits = 0;
            long t0 = System.nanoTime();
            for (String g : gov) {
                govChars += g.length();
                String fg = NormalizedText.fold(g);
                List<TypoDetector.Correction> found = TypoDetector.find(fg, model, st, List.of());
                govHits += found.size();
                if (opts.containsKey("show-gov")) {
                    for (TypoDetector.Correction c : found) {
                        if (Math.random() < Double.parseDouble(opts.get("show-gov"))) {
                            System.out.println("  FA " + c.wrong() + "→" + c.right() + String.format(" %.1f ", c.score())
                                    + fg.substring(Math.max(0, c.position() - 8), Math.min(fg.length(), c.position() + 8)).replace('\n', ' '));
                        }
                    }
                }
            }
            long t1 = System.nanoTime();
            for (String g : real) {
                realChars += g.length();
                realHits += TypoDetector.find(NormalizedText.fold(g), model, st, List.of()).size();
            }
            System.out.printf(Locale.ROOT, "threshold %s priors %s common %d: sentence P %.3f R %.3f F1 %.3f | char P %.3f R %.3f F1 %.3f | clean flagged %.3f | gov-%s %.2f/100k (%d) | real %.2f/100k (%d) | %.1f M chars/s%n",
                    th, java.util.Arrays.toString(priors), common, r.sentenceDetection().precision(), r.sentenceDetection().recall(),
                    r.sentenceDetection().f1(), r.charLevel().precision(), r.charLevel().recall(), r.charLevel().f1(),
                    r.typoFreeFlaggedShare(), govEval, govHits * 1e5 / govChars, govHits, realHits * 1e5 / realChars, realHits,
                    govChars / ((t1 - t0) / 1e3) );
            if (opts.containsKey("misses")) {
                int k = 0;
                for (TypoEvaluation.Miss m : r.misses()) {
                    if (k++ < Integer.parseInt(opts.get("misses"))) {
                        String text = held.stream().filter(x -> x.id().equals(m.id())).findFirst().orElseThrow().text();
                        System.out.println("  " + m.id() + " exp " + show(text, m.expected()) + " got " + show(text, m.predicted()) + "  " + text);
                    }
                }
            }
        }
    }

    private static double dbl(Map<String, String> opts, String k, double d) {
        return opts.containsKey(k) ? Double.parseDouble(opts.get(k)) : d;
    }

    private static String show(String text, Map<Integer, String> m) {
        StringBuilder sb = new StringBuilder("[");
        m.forEach((i, r) -> sb.append(i).append(text.charAt(i)).append("→").append(r).append(' '));
        return sb.append(']').toString();
    }
}
