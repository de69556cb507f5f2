package cn.shencha.jobs.cli;

import cn.shencha.jobs.search.SearchCluster;
import cn.shencha.writers.search.SearchHit;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code shencha search QUERY}: full-text search over every audited page snapshot. */
final class SearchCommand {

    static final String HELP = """
            Usage: shencha search QUERY [--size N] [--json]

            Searches the text and titles of every audited page and attachment. Simplified and traditional Chinese find
            each other (政府信息 finds 政府資訊 pages and the reverse); all query words must occur; pages with the exact
            phrase or the words in their title rank first. Starts the local search node if it is not running.

            Options:
              --size N   how many hits to print (default 10)
              --json     print the hits as JSON
            """;

    private final Path data;

    SearchCommand(Path data) {
        this.data = data;
    }

    int run(List<String> args, PrintStream out, PrintStream err) {
        Options o = Options.parse("search", args, Set.of("size"), Set.of("json", "help"));
        if (o.flag("help")) {
            out.print(HELP);
            return 0;
        }
        if (o.positional().isEmpty()) {
            throw new UsageException("search: a query is required, e.g. shencha search 政府");
        }
        String query = String.join(" ", o.positional());
        Integer size = o.intValue("search", "size");
        if (size != null && (size < 1 || size > 10_000)) {
            throw new UsageException("search: --size must be between 1 and 10000");
        }
        try (ConfigurableApplicationContext context = SpringContexts.start(data, Map.of())) {
            SearchCluster cluster = context.getBean(SearchCluster.class);
            if (!cluster.health().reachable() && !cluster.external()) {
                err.println("Starting the local search node (about 10 s) ...");
            }
            long started = System.nanoTime();
            List<SearchHit> hits = cluster.search(query, size == null ? 10 : size);
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (o.flag("json")) {
                out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(hits));
                return 0;
            }
            out.printf("%d hits for %s (%d ms)%n", hits.size(), query, millis);
            int n = 1;
            for (SearchHit hit : hits) {
                out.printf("%3d. %s%n     %s%n", n++, hit.title().isBlank() ? "(无标题)" : hit.title(), hit.url());
                if (!hit.labels().isEmpty()) {
                    out.println("     findings: " + String.join(", ", hit.labels()));
                }
                for (String fragment : hit.fragments()) {
                    out.println("     …" + fragment.replaceAll("\\s+", " ").strip() + "…");
                }
            }
            return 0;
        }
    }
}
