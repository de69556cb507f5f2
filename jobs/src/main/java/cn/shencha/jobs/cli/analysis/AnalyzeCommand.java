package cn.shencha.jobs.cli.analysis;

import cn.shencha.jobs.cli.Options;
import cn.shencha.jobs.cli.UsageException;
import cn.shencha.readers.extract.DocumentTextExtractor;
import cn.shencha.readers.extract.ExtractionException;
import cn.shencha.rules.Analysis;
import cn.shencha.rules.Finding;
import cn.shencha.rules.RulePackException;
import cn.shencha.rules.SecrecyAnalyzer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code shencha analyze}: analyzes text for secrecy problems without a database or a search cluster. Output is JSON
 * Lines, one object per input: {@code {"id","labels","importance","findings":[{"category","rule","start","end","text",
 * "severity","explanation"}]}}.
 */
public final class AnalyzeCommand {

    static final String HELP = """
            Usage: shencha analyze (--text "…" | FILE | --jsonl FILE) [--pretty] [--rules DIR] [--published-figures FILE] [--case-registry FILE]

            Analyzes Chinese text for secrecy problems and prints one JSON object per input (JSON Lines):
              {"id", "labels":[...], "importance", "importanceReasons":[...],
               "findings":[{"category","rule","start","end","text","severity","explanation"}]}
            start and end are offsets into the input text. A text whose analysis ran past its time budget also has
            "complete": false and "incompleteReason" (its findings are those made before the budget ran out). Needs neither the database nor the search cluster.

            Input (one of):
              --text "…"     the text itself (id "text")
              FILE           a document in any format Tika reads: HTML, PDF, DOC/DOCX, XLS/XLSX, TXT … (id = the path)
              --jsonl FILE   JSON Lines with "id" and "text" on every line; - for standard input

            Options:
              --pretty       indented output for people
            """ + AnalyzerOptions.HELP;

    private AnalyzeCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Options o = Options.parse("analyze", args, AnalyzerOptions.withValueOptions("text", "jsonl"), Set.of("pretty", "help"));
        if (o.flag("help")) {
            out.print(HELP);
            return 0;
        }
        int inputs = (o.value("text") != null ? 1 : 0) + (o.value("jsonl") != null ? 1 : 0) + o.positional().size();
        if (inputs != 1) {
            throw new UsageException("analyze: give exactly one input: --text \"…\", a FILE, or --jsonl FILE (see shencha analyze --help)");
        }
        SecrecyAnalyzer analyzer;
        try {
            analyzer = AnalyzerOptions.analyzer(o);
        } catch (RulePackException e) {
            err.println("error: invalid rule pack: " + e.getMessage());
            return 2;
        }
        JsonMapper json = o.flag("pretty") ? JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                : JsonMapper.builder().build();
        if (o.value("text") != null) {
            out.println(json.writeValueAsString(result("text", o.value("text"), analyzer)));
            return 0;
        }
        if (o.value("jsonl") != null) {
            return jsonl(o.value("jsonl"), analyzer, json, out, err);
        }
        Path file = Path.of(o.positional().get(0));
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UsageException("analyze: no such file: " + file);
        } catch (IOException e) {
            err.println("error: cannot read " + file + ": " + e.getMessage());
            return 1;
        }
        String text;
        try {
            text = new DocumentTextExtractor().extract(bytes, null, file.getFileName().toString()).text();
        } catch (ExtractionException e) {
            err.println("error: " + file + ": " + e.getMessage());
            return 1;
        }
        out.println(json.writeValueAsString(result(file.toString(), text, analyzer)));
        return 0;
    }

    private static int jsonl(String source, SecrecyAnalyzer analyzer, JsonMapper json, PrintStream out, PrintStream err) {
        JsonMapper reader = JsonMapper.builder().build();
        int failures = 0;
        try (BufferedReader in = source.equals("-")
                ? new BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(source), StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = reader.readTree(line);
                } catch (JacksonException e) {
                    err.println("error: " + source + ":" + n + ": not a JSON object: " + e.getOriginalMessage());
                    failures++;
                    continue;
                }
                JsonNode text = node.get("text");
                if (text == null || !text.isString()) {
                    err.println("error: " + source + ":" + n + ": no \"text\" string");
                    failures++;
                    continue;
                }
                JsonNode id = node.get("id");
                out.println(json.writeValueAsString(result(id == null ? Integer.toString(n) : id.asString(), text.asString(), analyzer)));
            }
        } catch (NoSuchFileException e) {
            throw new UsageException("analyze: no such file: " + source);
        } catch (IOException e) {
            err.println("error: cannot read " + source + ": " + e.getMessage());
            return 1;
        }
        return failures == 0 ? 0 : 1;
    }

    static Map<String, Object> result(String id, String text, SecrecyAnalyzer analyzer) {
        Analysis a = analyzer.analyze(text);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("labels", a.labels().stream().map(Enum::name).toList());
        m.put("importance", a.importance().name());
        m.put("importanceReasons", a.importanceReasons());
        List<Map<String, Object>> findings = new ArrayList<>();
        for (Finding f : a.findings()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("category", f.category().name());
            fm.put("rule", f.rule());
            fm.put("start", f.start());
            fm.put("end", f.end());
            fm.put("text", f.text());
            fm.put("severity", f.severity().name());
            fm.put("explanation", f.explanation());
            if (f.suggestion() != null) {
                fm.put("suggestion", f.suggestion());
            }
            findings.add(fm);
        }
        m.put("findings", findings);
        if (!a.complete()) {
            // only when the per-document time budget ran out: the findings are those made before it did
            m.put("complete", false);
            m.put("incompleteReason", a.incompleteReason());
        }
        return m;
    }
}
