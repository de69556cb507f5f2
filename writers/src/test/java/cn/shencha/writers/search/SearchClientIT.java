package cn.shencha.writers.search;

import cn.shencha.rules.SearchTokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Chinese search, filters, facets, deep pagination and a reindex under load, on a real Elasticsearch node started
 * from the project's distribution.
 */
class SearchClientIT {

    private static LocalSearchNode.Lease node;

    @BeforeAll
    static void startNode() {
        String distribution = System.getProperty("shencha.elasticsearch.distribution");
        assertThat(distribution).as("run the tests with Maven: the distribution path comes from the build").isNotNull();
        node = LocalSearchNode.acquire(new LocalSearchNode.Settings(Path.of(distribution),
                Path.of("target", "it-search-node").toAbsolutePath(), Path.of(System.getProperty("java.home")), "512m", null,
                Duration.ofMinutes(3)));
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    private static SearchClient client(String prefix) {
        SearchClient c = SearchClient.connect(node.url(), new SearchClusterSettings(null, null, null, null, null, null, prefix, null),
                SearchClient.RetryPolicy.defaults());
        c.ensureIndices();
        return c;
    }

    private static IndexDocument page(String id, String title, String text, String site, String unit, String column,
                                      List<String> labels, String importance, String reviewState, Instant fetchedAt) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", id);
        d.put("snapshot_id", id);
        d.put("site", site);
        d.put("unit", unit);
        d.put("column", column);
        d.put("url", "http://" + site + "/" + column + "/" + id + ".html");
        d.put("title", title);
        d.put("title_tokens", SearchTokenizer.documentTokens(title));
        d.put("text", text);
        d.put("text_folded", SearchTokenizer.fold(text));
        d.put("text_tokens", SearchTokenizer.documentTokens(text));
        d.put("fetched_at", fetchedAt.toString());
        d.put("labels", labels);
        d.put("importance", importance);
        d.put("review_state", reviewState);
        return new IndexDocument(id, d);
    }

    @Test
    void simplifiedAndTraditionalFindEachOtherWithHighlightsOnTheOriginal() throws Exception {
        try (SearchClient c = client("it-script-" + Long.toHexString(System.nanoTime()))) {
            Instant t = Instant.parse("2026-11-01T00:00:00Z");
            assertThat(c.bulk(SearchIndex.PAGES, List.of(
                    page("s1", "环境保护工作通知", "云川区关于加强生态环境保护工作的通知，各乡镇认真落实。", "gov", "环保局", "tzgg", List.of(), "GENERAL", "NONE", t),
                    page("t1", "環境保護工作報告", "雲川區環境保護工作報告：本年度空氣質量持續改善。", "gov", "环保局", "gzbg", List.of(), "GENERAL", "NONE", t),
                    page("x1", "交通运输通知", "道路交通安全整治方案。", "gov", "交通局", "tzgg", List.of(), "GENERAL", "NONE", t)))).isEmpty();
            c.refresh();

            List<String> simplified = c.search("环境保护", 10).stream().map(SearchHit::id).toList();
            List<String> traditional = c.search("環境保護", 10).stream().map(SearchHit::id).toList();
            assertThat(simplified).containsExactlyInAnyOrder("s1", "t1");
            assertThat(traditional).containsExactlyInAnyOrder("s1", "t1");

            SearchHit tradHit = c.search("环境保护", 10).stream().filter(h -> h.id().equals("t1")).findFirst().orElseThrow();
            assertThat(tradHit.fragments()).anySatisfy(f -> assertThat(f).contains("【環境保護】"));
            assertThat(tradHit.snapshotLink()).isEqualTo("/snapshots/t1");

            // Phrase: the words in order, adjacent.
            SearchQuery phrase = new SearchQuery("保护环境", true, null, null, null, null, null, null, null, null, null, 10, null);
            assertThat(c.search(phrase).hits()).isEmpty();
            SearchQuery exact = new SearchQuery("环境保护工作", true, null, null, null, null, null, null, null, null, null, 10, null);
            assertThat(c.search(exact).hits()).extracting(SearchHit::id).containsExactlyInAnyOrder("s1", "t1");
        }
    }

    @Test
    void filtersFacetsSortingAndDeepPagination() throws Exception {
        try (SearchClient c = client("it-filter-" + Long.toHexString(System.nanoTime()))) {
            List<IndexDocument> docs = new ArrayList<>();
            Instant base = Instant.parse("2026-09-01T00:00:00Z");
            for (int i = 0; i < 57; i++) {
                String unit = i % 3 == 0 ? "发改局" : i % 3 == 1 ? "统计局" : "司法局";
                List<String> labels = i % 5 == 0 ? List.of("PERSONAL_INFO") : i % 7 == 0 ? List.of("ECON_UNRELEASED", "PENDING_CASE") : List.of();
                String importance = labels.isEmpty() ? "GENERAL" : i % 2 == 0 ? "IMPORTANT" : "SPECIAL";
                docs.add(page("p" + i, "第" + i + "号通知", "关于政务公开工作的通知，编号" + i + "。", i < 40 ? "portal" : "wechat", unit,
                        i % 2 == 0 ? "tzgg" : "zwdt", labels, importance, labels.isEmpty() ? "NONE" : "OPEN",
                        base.plus(Duration.ofDays(i))));
            }
            assertThat(c.bulk(SearchIndex.PAGES, docs)).isEmpty();
            c.refresh();

            SearchResult all = c.search(new SearchQuery("政务公开", false, null, null, null, null, null, null, null, null,
                    SearchQuery.Sort.NEWEST, 10, null));
            assertThat(all.total()).isEqualTo(57);
            assertThat(all.totalIsExact()).isTrue();
            assertThat(all.hits().get(0).id()).isEqualTo("p56");
            assertThat(all.facets().get("site")).containsExactlyInAnyOrder(new SearchResult.Facet("portal", 40), new SearchResult.Facet("wechat", 17));
            assertThat(all.facets().get("unit")).contains(new SearchResult.Facet("发改局", 19));
            long personal = docs.stream().filter(d -> ((List<?>) d.source().get("labels")).contains("PERSONAL_INFO")).count();
            assertThat(all.facets().get("category")).contains(new SearchResult.Facet("PERSONAL_INFO", personal));
            assertThat(all.facets().get("month")).extracting(SearchResult.Facet::value).containsExactly("2026-09", "2026-10");

            SearchResult filtered = c.search(new SearchQuery("政务公开", false, List.of("portal"), List.of("tzgg"), List.of("发改局"),
                    List.of("PERSONAL_INFO"), List.of("IMPORTANT"), List.of("OPEN"), base, base.plus(Duration.ofDays(31)),
                    SearchQuery.Sort.OLDEST, 10, null));
            List<String> expected = docs.stream().map(d -> d.source()).filter(s -> s.get("site").equals("portal")
                            && s.get("column").equals("tzgg") && s.get("unit").equals("发改局")
                            && ((List<?>) s.get("labels")).contains("PERSONAL_INFO") && s.get("importance").equals("IMPORTANT")
                            && Instant.parse((String) s.get("fetched_at")).isBefore(base.plus(Duration.ofDays(31))))
                    .map(s -> (String) s.get("id")).toList();
            assertThat(expected).isNotEmpty();
            assertThat(filtered.hits()).extracting(SearchHit::id).containsExactlyElementsOf(expected);

            // search_after through every page: each document exactly once, in order.
            Set<String> seen = new HashSet<>();
            List<String> order = new ArrayList<>();
            SearchQuery q = new SearchQuery("", false, null, null, null, null, null, null, null, null, SearchQuery.Sort.OLDEST, 10, null);
            for (int pages = 0; pages < 20; pages++) {
                SearchResult r = c.search(q);
                r.hits().forEach(h -> {
                    assertThat(seen.add(h.id())).as("no duplicate across pages: " + h.id()).isTrue();
                    order.add(h.id());
                });
                if (r.nextCursor() == null) {
                    break;
                }
                q = q.withAfter(r.nextCursor());
            }
            assertThat(seen).hasSize(57);
            assertThat(order.get(0)).isEqualTo("p0");
            assertThat(order.get(56)).isEqualTo("p56");
        }
    }

    @Test
    void reindexMovesTheAliasWhileSearchesKeepAnsweringAndLosesNoWrite() throws Exception {
        String prefix = "it-reindex-" + Long.toHexString(System.nanoTime());
        try (SearchClient c = client(prefix)) {
            List<IndexDocument> docs = new ArrayList<>();
            Instant t = Instant.parse("2026-10-01T00:00:00Z");
            for (int i = 0; i < 3000; i++) {
                docs.add(page("d" + i, "政务动态" + i, "云川区政务动态第" + i + "期，保密审查工作扎实推进。", "gov", "办公室", "zwdt",
                        List.of(), "GENERAL", "NONE", t));
            }
            for (int i = 0; i < docs.size(); i += 500) {
                assertThat(c.bulk(SearchIndex.PAGES, docs.subList(i, i + 500))).isEmpty();
            }
            c.refresh();
            List<String> before = c.concreteIndices(SearchIndex.PAGES);

            AtomicBoolean done = new AtomicBoolean();
            AtomicInteger searches = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicInteger shortAnswers = new AtomicInteger();
            Thread searcher = new Thread(() -> {
                while (!done.get()) {
                    try {
                        long total = c.search(new SearchQuery("保密审查", false, null, null, null, null, null, null, null, null, null, 5, null)).total();
                        if (total < 3000) {
                            shortAnswers.incrementAndGet();
                        }
                        searches.incrementAndGet();
                    } catch (Throwable e) {
                        failure.set(e);
                        return;
                    }
                }
            });
            Thread writer = new Thread(() -> {
                // Updates while the copy runs: each must survive the move.
                for (int i = 0; i < 40 && !done.get(); i++) {
                    c.bulk(SearchIndex.PAGES, List.of(page("d" + i, "已更新" + i, "更新后的内容第" + i + "期，保密审查。", "gov", "办公室", "zwdt",
                            List.of(), "GENERAL", "NONE", t)));
                    try {
                        Thread.sleep(25);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            searcher.start();
            writer.start();
            SearchReindexer.Report report = new SearchReindexer(c, 200).reindex(SearchIndex.PAGES, false, line -> {
            });
            writer.join();
            c.refresh();
            Thread.sleep(300);
            done.set(true);
            searcher.join();

            assertThat(failure.get()).as("every search during the reindex answered").isNull();
            assertThat(searches.get()).isPositive();
            assertThat(shortAnswers.get()).as("no search saw a partial index").isZero();
            assertThat(report.from()).isEqualTo(before);
            assertThat(c.concreteIndices(SearchIndex.PAGES)).containsExactly(report.to());
            assertThat(report.oldDeleted()).isTrue();
            assertThat(c.count(SearchIndex.PAGES)).isEqualTo(3000);
            for (int i = 0; i < 40; i++) {
                String id = "d" + i;
                assertThat(c.search(new SearchQuery("更新后的内容第" + i + "期", true, null, null, null, null, null, null, null, null, null, 10, null))
                        .hits()).as("update of " + id + " made during the reindex survived").extracting(SearchHit::id).contains(id);
            }
        }
    }

    @Test
    void anUnreachableClusterFailsWithAClearMessage() {
        SearchClient dead = SearchClient.connect(URI.create("http://127.0.0.1:9"), new SearchClusterSettings(null, null, null, null, null, null, "x", null),
                new SearchClient.RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(100)));
        assertThatThrownBy(() -> dead.bulk(SearchIndex.PAGES, List.of(page("a", "t", "正文", "s", "u", "c", List.of(), "GENERAL", "NONE", Instant.now()))))
                .isInstanceOf(SearchUnavailableException.class)
                .hasMessageContaining("Elasticsearch at http://127.0.0.1:9 is unavailable")
                .hasMessageContaining("failed 3 times");
        assertThat(dead.health("external").reachable()).isFalse();
    }
}
