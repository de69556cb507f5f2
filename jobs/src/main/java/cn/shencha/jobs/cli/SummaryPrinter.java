package cn.shencha.jobs.cli;

import cn.shencha.jobs.audit.AuditRunner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Prints a run's summary for people, from its run-summary.json. */
final class SummaryPrinter {

    private SummaryPrinter() {
    }

    static void print(AuditRunner.Outcome outcome, Duration took, PrintStream out) {
        if (outcome.summary() == null) {
            out.printf("Run %d %s in %.1f s (no summary was written)%n", outcome.runId(),
                    outcome.status().name().toLowerCase(), took.toMillis() / 1000.0);
            return;
        }
        JsonNode s = JsonMapper.builder().build().readTree(outcome.summary().toFile());
        JsonNode c = s.get("counts");
        out.printf("Run %d of %s (%s) %s%s in %.1f s%n", outcome.runId(), s.at("/site/name").asString(),
                s.at("/site/url").asString(), outcome.status().name().toLowerCase(), outcome.restarted() ? " after a restart" : "",
                took.toMillis() / 1000.0);
        out.printf("  pages      %d fetched: %d new or changed, %d unchanged, %d failed; %d analyzed%n",
                c.get("fetched").asInt(), c.get("changed").asInt(), c.get("unchanged").asInt(), c.get("failed").asInt(),
                c.get("analyzed").asInt());
        out.printf("  skipped    %d by robots.txt, %d outside the site, %d over the limits%n",
                c.get("skippedByRobots").asInt(), c.get("skippedByScope").asInt(), c.get("skippedByLimits").asInt());
        out.printf("  broken     %d links%n", c.get("brokenLinks").asInt());
        JsonNode home = s.at("/health/home");
        out.printf("  health     %d redirect chains, %d stale and %d empty columns, %d inactive feeds%s%n",
                c.path("redirectChains").asInt(), c.path("staleColumns").asInt(), c.path("emptyColumns").asInt(),
                c.path("inactiveFeeds").asInt(), home.isObject() ? ", home page " + home.get("status").asString().toLowerCase() : "");
        out.printf("  spider     %d pages seen as a search-engine spider, %d showing it more than visitors%n",
                c.path("spiderFetched").asInt(), c.path("spiderDiffering").asInt());
        if (c.path("rendered").asInt() > 0) {
            out.printf("  rendered   %d pages in headless Chromium, %d showing links their HTML does not, %d failed%n",
                    c.path("rendered").asInt(), c.path("renderedDiffering").asInt(), c.path("renderFailed").asInt());
        }
        if (c.path("notFullyAnalyzed").asInt() > 0 || c.path("partiallyDecoded").asInt() > 0) {
            out.printf("  partial    %d items not fully analyzed (routed for review), %d pages partially decoded%n",
                    c.path("notFullyAnalyzed").asInt(), c.path("partiallyDecoded").asInt());
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : c.get("findingsByCategory").properties()) {
            parts.add(e.getKey() + " " + e.getValue().asInt());
        }
        out.printf("  findings   %d%s%n", c.get("findings").asInt(), parts.isEmpty() ? "" : ": " + String.join(", ", parts));
        int bureau = 0;
        for (JsonNode t : s.get("reviewTasks")) {
            if (t.get("needsBureau").asBoolean()) {
                bureau++;
            }
        }
        out.printf("  review     %d tasks created, %d of them for the secrecy bureau%n", c.get("reviewTasksCreated").asInt(), bureau);
        out.println("  summary    " + outcome.summary());
    }
}
