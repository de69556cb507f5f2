package cn.shencha.jobs.cli;

import cn.shencha.jobs.cli.analysis.RulesBenchCommand;
import cn.shencha.jobs.search.SearchCluster;
import cn.shencha.rules.ReferenceTexts;
import cn.shencha.jobs.search.SearchDocuments;
import cn.shencha.writers.search.IndexDocument;
import cn.shencha.writers.search.RejectedDocument;
import cn.shencha.writers.search.SearchClient;
import cn.shencha.writers.search.SearchClusterSettings;
import cn.shencha.writers.search.SearchIndex;
import cn.shencha.writers.search.SearchQuery;
import cn.shencha.rules.SearchTokenizer;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code shencha bench search}: indexing throughput of Shencha's pipeline (HanLP tokens, folding, bulk with retries)
 * next to raw {@code _bulk} of the very same final documents as NDJSON with curl, on the same node in the same run;
 * then search latency percentiles at the larger size. A benchmark prints figures; it asserts nothing.
 */
public final class SearchBenchCommand {

    static final String HELP = """
            Usage: shencha bench search [--docs N] [--total N] [--queries N] [--batch N]

            Builds N (default 50,000) realistic page documents from sentences of the corpora in ../shared (seeded, so
            every run uses the same documents), then on the local search node (or the configured cluster):
              1. pipeline: tokenizes and folds each page as the index step does and bulk-indexes it (batches of
                 --batch, default 500), timing the whole;
              2. raw: the same final documents as NDJSON files, sent to _bulk with curl, timing the whole;
              3. search: grows the pipeline index to --total (default 100,000) documents and times --queries
                 (default 300) searches of one to three words with and without filters: p50, p95, p99.
            The benchmark's indices (prefix bench-) are deleted at the end.
            """;

    private SearchBenchCommand() {
    }

    public static int run(Path data, List<String> args, PrintStream out, PrintStream err) {
        Options o = Options.parse("bench search", args, Set.of("docs", "total", "queries", "batch"), Set.of("help"));
        if (o.flag("help")) {
            out.print(HELP);
            return 0;
        }
        int docs = value(o, "docs", 50_000);
        int total = Math.max(docs, value(o, "total", 100_000));
        int queries = value(o, "queries", 300);
        int batch = value(o, "batch", 500);
        List<String> sentences = sentences();
        String run = Long.toHexString(System.nanoTime());
        try (ConfigurableApplicationContext context = SpringContexts.start(data, Map.of())) {
            SearchCluster cluster = context.getBean(SearchCluster.class);
            err.println("Connecting to the search cluster (the local node starts if needed) ...");
            SearchClient base = cluster.client();
            SearchClusterSettings pipelineSettings = new SearchClusterSettings(null, null, null, null, null, null, "bench-pipeline-" + run, null);
            SearchClusterSettings rawSettings = new SearchClusterSettings(null, null, null, null, null, null, "bench-raw-" + run, null);
            try (SearchClient pipeline = SearchClient.connect(base.url(), pipelineSettings, SearchClient.RetryPolicy.defaults());
                 SearchClient raw = SearchClient.connect(base.url(), rawSettings, SearchClient.RetryPolicy.defaults())) {
                pipeline.ensureIndices();
                raw.ensureIndices();
                out.printf(Locale.ROOT, "documents: %,d realistic pages from %,d corpus sentences; batches of %d; cluster %s%n",
                        docs, sentences.size(), batch, base.url());

                // 0. the final documents as NDJSON for curl (untimed: built once here, again by the timed pipeline)
                Path ndjson = Files.createTempDirectory("shencha-bench-");
                List<Path> files = new ArrayList<>();
                err.println("Writing the NDJSON for the raw run ...");
                writeNdjson(sentences, docs, batch, ndjson, files, raw.alias(SearchIndex.PAGES));

                // 1. pipeline
                err.println("Pipeline run ...");
                long t0 = System.nanoTime();
                long[] chars = {0};
                try (SearchClient.RelaxedRefresh relaxed = pipeline.relaxRefresh(SearchIndex.PAGES)) {
                    indexPipeline(pipeline, sentences, 0, docs, batch, chars);
                }
                double pipelineSeconds = (System.nanoTime() - t0) / 1e9;
                pipeline.refresh();
                long pipelineCount = pipeline.count(SearchIndex.PAGES);
                out.printf(Locale.ROOT, "pipeline: %,d documents (%.1f M chars) in %.1f s = %,.0f docs/s  (tokenize + fold + bulk, refresh relaxed)%n",
                        pipelineCount, chars[0] / 1e6, pipelineSeconds, pipelineCount / pipelineSeconds);

                // 2. raw _bulk with curl, the same final documents
                raw.relaxRefresh(SearchIndex.PAGES);
                long t1 = System.nanoTime();
                for (Path f : files) {
                    curl(base.url() + "/_bulk", f);
                }
                double rawSeconds = (System.nanoTime() - t1) / 1e9;
                raw.refresh();
                long rawCount = raw.count(SearchIndex.PAGES);
                long bytes = 0;
                for (Path f : files) {
                    bytes += Files.size(f);
                }
                out.printf(Locale.ROOT, "raw:      %,d documents (%.0f MB NDJSON, %d curl requests) in %.1f s = %,.0f docs/s%n",
                        rawCount, bytes / 1e6, files.size(), rawSeconds, rawCount / rawSeconds);
                out.printf(Locale.ROOT, "ratio:    pipeline reaches %.0f%% of raw _bulk throughput (goal ≥ 80%%)%n",
                        100.0 * (pipelineCount / pipelineSeconds) / (rawCount / rawSeconds));

                // 3. search latency at the larger size
                if (total > docs) {
                    try (SearchClient.RelaxedRefresh relaxed = pipeline.relaxRefresh(SearchIndex.PAGES)) {
                        indexPipeline(pipeline, sentences, docs, total, batch, new long[1]);
                    }
                    pipeline.refresh();
                }
                long size = pipeline.count(SearchIndex.PAGES);
                List<Double> latencies = searchLatencies(pipeline, sentences, queries);
                double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                out.printf(Locale.ROOT, "search:   %d queries at %,d documents: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms (goal p95 < 200 ms)%n",
                        sorted.length, size, pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted[sorted.length - 1]);

                for (SearchIndex index : SearchIndex.values()) {
                    for (SearchClient c : List.of(pipeline, raw)) {
                        List<String> concrete = c.concreteIndices(index);
                        c.client().indices().delete(d -> d.index(concrete));
                        c.client().indices().deleteIndexTemplate(d -> d.name(c.alias(index)));
                    }
                }
                for (Path f : files) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(ndjson);
                return 0;
            }
        } catch (IOException e) {
            throw new CommandFailure("bench search: " + e.getMessage());
        }
    }

    /** Documents [from, to): built on a worker pool (as the index step's processor), bulk-indexed in order. */
    private static void writeNdjson(List<String> sentences, int docs, int batch, Path dir, List<Path> files, String rawAlias) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        for (int start = 0; start < docs; start += batch) {
            Path f = dir.resolve("bulk-" + files.size() + ".ndjson");
            try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
                for (IndexDocument d : build(sentences, start, Math.min(docs, start + batch))) {
                    Map<String, Object> source = new LinkedHashMap<>(d.source());
                    source.put("indexed_at", Instant.now().toString()); // what the pipeline's bulk adds
                    w.write("{\"index\":{\"_index\":\"" + rawAlias + "\",\"_id\":\"" + d.id() + "\"}}\n");
                    w.write(json.writeValueAsString(source));
                    w.write('\n');
                }
            }
            files.add(f);
        }
    }

    private static void indexPipeline(SearchClient client, List<String> sentences, int from, int to, int batch, long[] chars)
            throws IOException {
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<List<IndexDocument>>> inFlight = new ArrayList<>();
            int next = from;
            while (next < to || !inFlight.isEmpty()) {
                while (next < to && inFlight.size() < 4) {
                    int start = next;
                    int end = Math.min(to, next + batch);
                    inFlight.add(workers.submit(() -> build(sentences, start, end)));
                    next = end;
                }
                List<IndexDocument> documents = inFlight.remove(0).get();
                for (IndexDocument d : documents) {
                    chars[0] += ((String) d.source().get("text")).length();
                }
                List<RejectedDocument> rejected = client.bulk(SearchIndex.PAGES, documents);
                if (!rejected.isEmpty()) {
                    throw new CommandFailure("bench search: the cluster rejected " + rejected.size() + " documents, e.g. " + rejected.get(0));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("bench search: interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new CommandFailure("bench search: building documents failed: " + e.getCause());
        } finally {
            workers.shutdownNow();
        }
    }

    /** Page documents [start, end): 5 to 60 sentences each, seeded by the document number. */
    static List<IndexDocument> build(List<String> sentences, int start, int end) {
        List<IndexDocument> out = new ArrayList<>(end - start);
        String[] columns = {"zwdt", "tzgg", "zcwj", "zwgk", "bmdt", "hdjl", "xzdt"};
        String[] units = {"区政府办公室", "区发展和改革局", "区统计局", "区司法局", "区信访局", "区市场监管局", "区教育局", "区卫生健康局"};
        String[] categories = {"ECON_UNRELEASED", "PENDING_CASE", "PERSONAL_INFO", "RESTRICTED_DOC", "COMMERCIAL_AD"};
        for (int i = start; i < end; i++) {
            Random r = new Random(i * 7919L + 17);
            int n = 5 + r.nextInt(56);
            StringBuilder text = new StringBuilder();
            for (int k = 0; k < n; k++) {
                text.append(sentences.get(r.nextInt(sentences.size())));
            }
            String title = sentences.get(r.nextInt(sentences.size()));
            title = title.length() > 40 ? title.substring(0, 40) : title;
            String id = String.format(Locale.ROOT, "bench-%08d", i);
            String column = columns[r.nextInt(columns.length)];
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("id", id);
            d.put("snapshot_id", id);
            d.put("page_id", id);
            d.put("site", r.nextInt(4) == 0 ? "wechat" : "portal");
            d.put("site_name", "云川区人民政府门户网站");
            d.put("unit", units[r.nextInt(units.length)]);
            SearchDocuments.addPageText(d, "https://www.yunchuan.gov.cn/" + column + "/2026/" + id + ".html", title, text.toString());
            d.put("content_type", "text/html");
            d.put("charset", "UTF-8");
            d.put("status", 200);
            d.put("fetched_at", Instant.parse("2026-01-01T00:00:00Z").plusSeconds(r.nextInt(330 * 86400)).toString());
            boolean flagged = r.nextInt(10) == 0;
            d.put("labels", flagged ? List.of(categories[r.nextInt(categories.length)]) : List.of());
            d.put("importance", flagged ? (r.nextBoolean() ? "IMPORTANT" : "GENERAL") : "GENERAL");
            d.put("finding_count", flagged ? 1 : 0);
            d.put("review_state", flagged ? "OPEN" : "NONE");
            d.put("run_id", "bench");
            out.add(new IndexDocument(id, d));
        }
        return out;
    }

    private static List<Double> searchLatencies(SearchClient client, List<String> sentences, int queries) {
        Random r = new Random(42);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            for (String t : SearchTokenizer.queryTokens(sentences.get(r.nextInt(sentences.size())))) {
                if (t.length() >= 2 && t.codePointAt(0) > 0x3000) {
                    words.add(t);
                }
            }
        }
        for (int i = 0; i < 20; i++) { // warm-up
            client.search(SearchQuery.of(words.get(r.nextInt(words.size())), 10));
        }
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < queries; i++) {
            int n = 1 + r.nextInt(3);
            StringBuilder q = new StringBuilder();
            for (int k = 0; k < n; k++) {
                q.append(words.get(r.nextInt(words.size()))).append(' ');
            }
            SearchQuery query = i % 3 == 0
                    ? new SearchQuery(q.toString(), false, null, null, null, List.of("PERSONAL_INFO", "ECON_UNRELEASED"), null, null,
                    Instant.parse("2026-03-01T00:00:00Z"), null, SearchQuery.Sort.NEWEST, 10, null)
                    : SearchQuery.of(q.toString(), 10);
            long t = System.nanoTime();
            client.search(query);
            latencies.add((System.nanoTime() - t) / 1e6);
        }
        return latencies;
    }

    private static void curl(String url, Path file) throws IOException {
        Process p = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Content-Type: application/x-ndjson",
                "-XPOST", url, "--data-binary", "@" + file).redirectErrorStream(true).start();
        String status = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (p.waitFor() != 0 || !status.equals("200")) {
                throw new CommandFailure("bench search: curl _bulk of " + file + " answered " + status);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("bench search: interrupted");
        }
    }

    /** Sentences of the regulation and the corpora, as the material pages are made of. */
    static List<String> sentences() {
        List<String> out = new ArrayList<>();
        for (String p : List.of("domain/regulation.txt", "corpus/dev.jsonl", "corpus/real-clean.jsonl")) {
            Path f = ReferenceTexts.find(p).orElse(null);
            if (f == null) {
                continue;
            }
            try {
                for (String text : RulesBenchCommand.texts(f)) {
                    Arrays.stream(text.split("(?<=[。！？；\\n])")).map(String::strip).filter(s -> s.length() >= 6).forEach(out::add);
                }
            } catch (IOException e) {
                throw new CommandFailure("bench search: cannot read " + f + ": " + e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw new UsageException("bench search: ../shared (the corpora) not found; run it from the repository root");
        }
        return out;
    }

    private static int value(Options o, String name, int fallback) {
        Integer v = o.intValue("bench search", name);
        if (v != null && v < 1) {
            throw new UsageException("bench search: --" + name + " must be positive");
        }
        return v == null ? fallback : v;
    }

    private static double pct(double[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
