package cn.shencha.jobs.cli;

import cn.shencha.jobs.search.SearchCluster;
import cn.shencha.writers.search.SearchHit;
import cn.shencha.writers.search.SearchQuery;
import cn.shencha.writers.search.SearchResult;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code shencha search QUERY}: full-text search over every audited page snapshot, with filters and facets. */
final class SearchCommand {

    static final String HELP = """
            Usage: shencha search [QUERY] [OPTIONS]

            Searches the text and titles of every audited page and attachment (every archived version). Simplified and
            traditional Chinese find each other (环境保护 finds 環境保護 pages and the reverse); all query words must
            occur; pages with the exact phrase or the words in their title rank first. Highlights are cut from each
            page's original text. Starts the local search node if it is not running.

            Options:
              --phrase           the query must occur exactly as given
              --site ID          only this site (repeat with commas: a,b)
              --column C         only this column (栏目: the first path segment, e.g. tzgg)
              --unit U           only this responsible unit
              --category CODE    only pages with findings of this category (e.g. PERSONAL_INFO)
              --importance I     GENERAL, IMPORTANT or SPECIAL
              --review-state S   NONE, OPEN, APPROVED, AMEND, TAKEN_DOWN
              --from DATE        fetched on or after this date (YYYY-MM-DD, Asia/Shanghai)
              --to DATE          fetched on or before this date
              --sort S           relevance (default), newest, oldest
              --size N           hits per page (default 10, at most 1000)
              --after CURSOR     the next page: the cursor the previous page printed
              --facets           also print the facet counts
              --json             print the whole result as JSON
            """;

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final Path data;

    SearchCommand(Path data) {
        this.data = data;
    }

    int run(List<String> args, PrintStream out, PrintStream err) {
        Options o = Options.parse("search", args, Set.of("size", "site", "column", "unit", "category", "importance", "review-state",
                "from", "to", "sort", "after"), Set.of("json", "help", "phrase", "facets"));
        if (o.flag("help")) {
            out.print(HELP);
            return 0;
        }
        String text = String.join(" ", o.positional());
        Integer size = o.intValue("search", "size");
        if (size != null && (size < 1 || size > 1000)) {
            throw new UsageException("search: --size must be between 1 and 1000");
        }
        SearchQuery.Sort sort;
        try {
            sort = SearchQuery.Sort.valueOf(o.value("sort", "relevance").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("search: --sort must be relevance, newest or oldest");
        }
        if (text.isBlank() && sort == SearchQuery.Sort.RELEVANCE && !anyFilter(o)) {
            throw new UsageException("search: give a query or a filter, e.g. shencha search 政府 or shencha search --category PERSONAL_INFO");
        }
        Instant from = date(o.value("from"), "--from", 0);
        Instant to = date(o.value("to"), "--to", 1);
        SearchQuery query;
        try {
            query = new SearchQuery(text, o.flag("phrase"), list(o.value("site")), list(o.value("column")), list(o.value("unit")),
                    upper(o.value("category")), upper(o.value("importance")), upper(o.value("review-state")), from, to, sort,
                    size == null ? 10 : size, o.value("after"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("search: " + e.getMessage());
        }
        try (ConfigurableApplicationContext context = SpringContexts.start(data, Map.of())) {
            SearchCluster cluster = context.getBean(SearchCluster.class);
            if (!cluster.health().reachable() && !cluster.external()) {
                err.println("Starting the local search node (about 10 s) ...");
            }
            cluster.client(); // connected, with the indices in place: the timing below is the search alone
            long started = System.nanoTime();
            SearchResult result;
            try {
                result = cluster.search(query);
            } catch (IllegalArgumentException e) {
                throw new UsageException("search: " + e.getMessage());
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (o.flag("json")) {
                out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(result));
                return 0;
            }
            out.printf("%d%s hits%s (%d ms)%n", result.total(), result.totalIsExact() ? "" : "+",
                    text.isBlank() ? "" : " for " + text, millis);
            int n = 1;
            for (SearchHit hit : result.hits()) {
                out.printf("%3d. %s%n     %s%n", n++, hit.title() == null || hit.title().isBlank() ? "(无标题)" : hit.title(), hit.url());
                out.printf("     snapshot %s  fetched %s%s%n", hit.id(), hit.fetchedAt(),
                        hit.labels().isEmpty() ? "" : "  findings: " + String.join(", ", hit.labels())
                                + "  (" + hit.importance() + ", review " + hit.reviewState() + ")");
                for (String fragment : hit.fragments()) {
                    out.println("     …" + fragment + "…");
                }
            }
            if (o.flag("facets")) {
                result.facets().forEach((name, values) -> {
                    if (!values.isEmpty()) {
                        out.println(name + ": " + String.join("  ", values.stream().map(f -> f.value() + " " + f.count()).toList()));
                    }
                });
            }
            if (result.nextCursor() != null) {
                out.println("next page: --after " + result.nextCursor());
            }
            return 0;
        }
    }

    private static boolean anyFilter(Options o) {
        return Arrays.asList("site", "column", "unit", "category", "importance", "review-state", "from", "to").stream()
                .anyMatch(k -> o.value(k) != null);
    }

    private static List<String> list(String value) {
        return value == null || value.isBlank() ? List.of() : Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static List<String> upper(String value) {
        return list(value).stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
    }

    /** A date as the start of that day in Asia/Shanghai, plus {@code plusDays} (so --to includes its day). */
    private static Instant date(String value, String option, int plusDays) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value).plusDays(plusDays).atStartOfDay(ZONE).toInstant();
        } catch (DateTimeParseException e) {
            throw new UsageException("search: " + option + " must be a date like 2026-11-25, got '" + value + "'");
        }
    }
}
