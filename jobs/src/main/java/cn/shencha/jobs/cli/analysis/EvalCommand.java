package cn.shencha.jobs.cli.analysis;

import cn.shencha.jobs.cli.Options;
import cn.shencha.jobs.cli.UsageException;
import cn.shencha.rules.Category;
import cn.shencha.rules.Evaluation;
import cn.shencha.rules.Importance;
import cn.shencha.rules.ReferenceTexts;
import cn.shencha.rules.RulePackException;
import cn.shencha.rules.SecrecyAnalyzer;
import cn.shencha.rules.TypoEvaluation;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code shencha eval FILE.jsonl}: scores the rules on a labeled file in the format of the dev corpus;
 * {@code shencha eval} alone scores both parts of the project's own corpus (reference/corpus/tune.jsonl and
 * validation.jsonl), per category and per sub-type.
 */
public final class EvalCommand {

    static final String HELP = """
            Usage: shencha eval [FILE.jsonl] [--rules DIR] [--published-figures FILE] [--case-registry FILE] [--misses] [--typos]

            Scores the rules on labeled texts, one JSON object per line with "id", "text" and optionally "labels"
            (category codes), "subtypes" (sub-type ids of rules/GUIDELINES.md, NEG-... for hard negatives),
            "evidence" (substrings justifying each label, in the same order), "importance" (GENERAL, IMPORTANT,
            SPECIAL) and "script". Lines without "labels" count as clean texts. Prints precision, recall and F1 per
            category, the evidence-span hit rate, importance accuracy, the scores for simplified and traditional
            texts, findings per 100,000 characters with the texts that have any, and, for texts with "subtypes",
            recall per labelled sub-type and precision per finding rule.

            Without FILE, scores both parts of the project's own corpus and prints each: the tune part
            (reference/corpus/tune.jsonl, or its pieces tune-*.jsonl) and the validation part
            (reference/corpus/validation.jsonl, or validation-*.jsonl).

            A file of labelled typos (the ECSpell format: "text", "correct", "typos" [{"start", "end", "wrong",
            "right"}]) is scored for typo detection (TYPO findings): sentence-level detection precision, recall and
            F1 (a sentence counts when its predicted typo positions equal the true ones), sentence-level correction,
            character-level precision, recall and F1, and the share of typo-free sentences flagged.

            Options:
              --misses       also list the texts whose labels differ from the findings
              --typos        score typo detection (the default when the first line has "typos")
            """ + AnalyzerOptions.HELP;

    private EvalCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Options o = Options.parse("eval", args, AnalyzerOptions.VALUE_OPTIONS, Set.of("misses", "help", "typos"));
        if (o.flag("help")) {
            out.print(HELP);
            return 0;
        }
        if (o.positional().size() > 1) {
            throw new UsageException("eval: give one labeled JSON Lines file, or none for the project's corpus (see shencha eval --help)");
        }
        // the parts to score, in order: one FILE, or the project corpus's tune and validation parts
        List<String> names = new ArrayList<>();
        List<List<Path>> parts = new ArrayList<>();
        if (o.positional().size() == 1) {
            Path file = Path.of(o.positional().get(0));
            try {
                if (o.flag("typos") || firstLineHasTypos(file)) {
                    return runTypos(file, readTypos(file), o, out, err);
                }
            } catch (NoSuchFileException e) {
                throw new UsageException("eval: no such file: " + file);
            } catch (IOException e) {
                err.println("error: cannot read " + file + ": " + e.getMessage());
                return 1;
            }
            names.add(null);
            parts.add(List.of(file));
        } else {
            for (String part : PROJECT_PARTS) {
                List<Path> files = ReferenceTexts.corpusPart(part);
                if (!files.isEmpty()) {
                    names.add(part);
                    parts.add(files);
                }
            }
            if (parts.isEmpty()) {
                throw new UsageException("eval: no FILE given and no project corpus found (reference/corpus/tune.jsonl, "
                        + "validation.jsonl or their tune-*.jsonl, validation-*.jsonl pieces)");
            }
        }
        List<List<Evaluation.LabeledText>> texts = new ArrayList<>();
        for (List<Path> files : parts) {
            List<Evaluation.LabeledText> part = new ArrayList<>();
            for (Path file : files) {
                try {
                    part.addAll(read(file));
                } catch (NoSuchFileException e) {
                    throw new UsageException("eval: no such file: " + file);
                } catch (IOException e) {
                    err.println("error: cannot read " + file + ": " + e.getMessage());
                    return 1;
                }
            }
            texts.add(part);
        }
        SecrecyAnalyzer analyzer;
        try {
            analyzer = AnalyzerOptions.analyzer(o);
        } catch (RulePackException e) {
            err.println("error: invalid rule pack: " + e.getMessage());
            return 2;
        }
        for (int i = 0; i < parts.size(); i++) {
            if (names.get(i) != null) {
                out.printf("== %s part (%s): %d texts%n", names.get(i),
                        String.join(", ", parts.get(i).stream().map(Path::toString).toList()), texts.get(i).size());
            }
            long started = System.nanoTime();
            Evaluation.Report report = Evaluation.run(analyzer, texts.get(i));
            out.print(report.table());
            out.printf("analyzed in %d ms%n", (System.nanoTime() - started) / 1_000_000);
            if (o.flag("misses")) {
                for (Evaluation.Miss m : report.misses()) {
                    out.println("miss " + m.id() + ": expected " + m.expected() + ", found " + m.predicted());
                }
            }
            if (i + 1 < parts.size()) {
                out.println();
            }
        }
        return 0;
    }

    /** The parts of the project's own corpus that {@code shencha eval} without FILE scores, in order. */
    static final List<String> PROJECT_PARTS = List.of("tune", "validation");

    private static int runTypos(Path file, List<TypoEvaluation.TypoText> texts, Options o, PrintStream out, PrintStream err) {
        SecrecyAnalyzer analyzer;
        try {
            analyzer = AnalyzerOptions.analyzer(o);
        } catch (RulePackException e) {
            err.println("error: invalid rule pack: " + e.getMessage());
            return 2;
        }
        long started = System.nanoTime();
        TypoEvaluation.Report report = TypoEvaluation.run(analyzer, texts);
        out.print(report.table());
        out.printf("analyzed in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        if (o.flag("misses")) {
            for (TypoEvaluation.Miss m : report.misses()) {
                out.println("miss " + m.id() + ": expected " + m.expected() + ", found " + m.predicted());
            }
        }
        return 0;
    }

    private static boolean firstLineHasTypos(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.isBlank()) {
                    try {
                        return JsonMapper.builder().build().readTree(line).has("typos");
                    } catch (JacksonException e) {
                        return false;
                    }
                }
            }
        }
        return false;
    }

    /** Reads a file of labelled typos (position → right character). @throws UsageException for a malformed line */
    public static List<TypoEvaluation.TypoText> readTypos(Path file) throws IOException {
        List<TypoEvaluation.TypoText> texts = new ArrayList<>();
        forEachLine(file, (n, node) -> {
            JsonNode text = node.get("text");
            if (text == null || !text.isString() || !node.has("typos") || !node.get("typos").isArray()) {
                throw new UsageException("eval: " + file + ":" + n + ": needs a \"text\" string and a \"typos\" list");
            }
            java.util.Map<Integer, String> typos = new java.util.TreeMap<>();
            for (JsonNode t : node.get("typos")) {
                int start = t.path("start").asInt(-1);
                int end = t.path("end").asInt(-1);
                String right = t.path("right").asString("");
                if (start < 0 || end <= start || end > text.asString().length() || right.length() != end - start) {
                    throw new UsageException("eval: " + file + ":" + n + ": a typo needs 0 <= start < end <= the text's length"
                            + " and a \"right\" of end - start characters");
                }
                for (int i = start; i < end; i++) {
                    typos.put(i, right.substring(i - start, i - start + 1));
                }
            }
            String id = node.has("id") ? node.get("id").asString() : Integer.toString(n);
            texts.add(new TypoEvaluation.TypoText(id, text.asString(), typos));
        });
        return texts;
    }

    /** Reads a labeled file. @throws UsageException for a malformed line, naming it */
    public static List<Evaluation.LabeledText> read(Path file) throws IOException {
        List<Evaluation.LabeledText> texts = new ArrayList<>();
        forEachLine(file, (n, node) -> {
            JsonNode text = node.get("text");
            if (text == null || !text.isString()) {
                throw new UsageException("eval: " + file + ":" + n + ": no \"text\" string");
            }
            List<Category> labels = null;
            if (node.has("labels")) {
                labels = new ArrayList<>();
                for (JsonNode l : node.get("labels")) {
                    try {
                        labels.add(Category.valueOf(l.asString()));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("eval: " + file + ":" + n + ": unknown category '" + l.asString() + "'");
                    }
                }
            }
            List<String> evidence = new ArrayList<>();
            if (node.has("evidence")) {
                node.get("evidence").forEach(e -> evidence.add(e.asString()));
            }
            Importance importance = null;
            if (node.has("importance") && !node.get("importance").isNull()) {
                try {
                    importance = Importance.valueOf(node.get("importance").asString());
                } catch (IllegalArgumentException e) {
                    throw new UsageException("eval: " + file + ":" + n + ": unknown importance '" + node.get("importance").asString() + "'");
                }
            }
            List<String> subtypes = null;
            if (node.has("subtypes") && node.get("subtypes").isArray()) {
                subtypes = new ArrayList<>();
                for (JsonNode st : node.get("subtypes")) {
                    subtypes.add(st.asString());
                }
            }
            String id = node.has("id") ? node.get("id").asString() : Integer.toString(n);
            texts.add(new Evaluation.LabeledText(id, text.asString(), labels, evidence, importance,
                    node.has("script") ? node.get("script").asString() : null, subtypes));
        });
        return texts;
    }

    private interface LineHandler {
        void accept(int lineNumber, JsonNode node);
    }

    /** Hands every non-blank line of a JSON Lines file to the handler. @throws UsageException for a line that is not JSON */
    private static void forEachLine(Path file, LineHandler handler) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = json.readTree(line);
                } catch (JacksonException e) {
                    throw new UsageException("eval: " + file + ":" + n + ": not a JSON object");
                }
                handler.accept(n, node);
            }
        }
    }
}
