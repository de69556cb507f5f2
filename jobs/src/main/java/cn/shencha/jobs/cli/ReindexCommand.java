package cn.shencha.jobs.cli;

import cn.shencha.jobs.search.SearchCluster;
import cn.shencha.writers.search.SearchIndex;
import cn.shencha.writers.search.SearchReindexer;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code shencha reindex}: moves search indices to new ones built from the current mappings, without downtime. */
final class ReindexCommand {

    static final String HELP = """
            Usage: shencha reindex [--index pages|findings|decisions|ledger|all] [--keep-old]

            Builds a new index from the current mapping beside each old one, copies every document, moves the alias in
            one atomic step and copies what was written meanwhile. Searches keep answering throughout; a write that
            races the copy is never overwritten by an older copy.

            Options:
              --index NAME   which index (default: all)
              --keep-old     keep the old index (for a rollback) instead of deleting it
            """;

    private final Path data;

    ReindexCommand(Path data) {
        this.data = data;
    }

    int run(List<String> args, PrintStream out, PrintStream err) {
        Options o = Options.parse("reindex", args, Set.of("index"), Set.of("keep-old", "help"));
        if (o.flag("help")) {
            out.print(HELP);
            return 0;
        }
        if (!o.positional().isEmpty()) {
            throw new UsageException("reindex: unexpected argument '" + o.positional().get(0) + "'");
        }
        String which = o.value("index", "all").toLowerCase(Locale.ROOT);
        List<SearchIndex> indices = new ArrayList<>();
        for (SearchIndex index : SearchIndex.values()) {
            if (which.equals("all") || index.name().toLowerCase(Locale.ROOT).equals(which)) {
                indices.add(index);
            }
        }
        if (indices.isEmpty()) {
            throw new UsageException("reindex: --index must be pages, findings, decisions, ledger or all");
        }
        try (ConfigurableApplicationContext context = SpringContexts.start(data, Map.of())) {
            SearchCluster cluster = context.getBean(SearchCluster.class);
            for (SearchIndex index : indices) {
                SearchReindexer.Report r = cluster.reindex(index, o.flag("keep-old"), line -> err.println("  " + line));
                out.printf("%s: %s → %s, %d documents copied, %d caught up, %d rejected, old index %s (%.1f s)%n",
                        r.alias(), String.join(", ", r.from()), r.to(), r.copied(), r.caughtUp(), r.rejected(),
                        r.oldDeleted() ? "deleted" : "kept", r.took().toMillis() / 1000.0);
                if (r.rejected() > 0) {
                    throw new CommandFailure(r.rejected() + " documents were rejected by the new index (see the log); the old index was kept");
                }
            }
            return 0;
        }
    }
}
