package cn.shencha.writers.search;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import cn.shencha.rules.SearchTokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The page-snapshot search behind {@link SearchClient#search(SearchQuery)}: query, filters, facets, sorting with a
 * stable tie-breaker, search_after cursors, and highlights cut from the original text.
 *
 * <p>Chinese matching without analysis plugins: {@code text_tokens} and {@code title_tokens} hold each document's HanLP
 * tokens as keyword arrays, so "every query word" is a set of term queries; {@code text_folded} is the folded text
 * under the standard analyzer, which splits CJK into single characters, so a phrase query on it is an exact
 * (folded) substring match.
 */
final class PageSearch {

    /** Facet name → indexed field. */
    static final Map<String, String> FACETS = facets();
    private static final int FRAGMENT_CHARS = 90;
    private static final int FRAGMENTS = 2;

    private PageSearch() {
    }

    private static Map<String, String> facets() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("site", "site");
        m.put("unit", "unit");
        m.put("column", "column");
        m.put("category", "labels");
        m.put("importance", "importance");
        m.put("review_state", "review_state");
        return m;
    }

    static SearchResult run(SearchClient search, SearchQuery q) {
        List<String> tokens = q.text().isEmpty() ? List.of() : SearchTokenizer.queryTokens(q.text());
        String folded = SearchTokenizer.fold(q.text()).strip();
        if (!q.text().isEmpty() && tokens.isEmpty() && folded.isEmpty()) {
            return new SearchResult(0, true, List.of(), Map.of(), null, 0);
        }
        SearchRequest request = SearchRequest.of(s -> {
            s.index(search.alias(SearchIndex.PAGES)).size(q.size()).trackTotalHits(t -> t.enabled(true))
                    .source(src -> src.filter(f -> f.includes("url", "title", "fetched_at", "labels", "site", "unit", "column",
                            "importance", "review_state", "text", "main_start", "main_end")))
                    .query(query(q, tokens, folded));
            switch (q.sort()) {
                case RELEVANCE -> s.sort(so -> so.score(sc -> sc.order(SortOrder.Desc)))
                        .sort(so -> so.field(f -> f.field("fetched_at").order(SortOrder.Desc)));
                case NEWEST -> s.sort(so -> so.field(f -> f.field("fetched_at").order(SortOrder.Desc)));
                case OLDEST -> s.sort(so -> so.field(f -> f.field("fetched_at").order(SortOrder.Asc)));
            }
            s.sort(so -> so.field(f -> f.field("id").order(SortOrder.Asc)));
            if (q.after() != null && !q.after().isBlank()) {
                s.searchAfter(decodeCursor(q.after()));
            }
            FACETS.forEach((name, field) -> s.aggregations(name, a -> a.terms(t -> t.field(field).size(100))));
            s.aggregations("month", a -> a.dateHistogram(d -> d.field("fetched_at").calendarInterval(CalendarInterval.Month)
                    .format("yyyy-MM").minDocCount(1)));
            return s;
        });
        SearchResponse<Map> response = search.withRetry("search", () -> search.client().search(request, Map.class));
        List<SearchHit> hits = new ArrayList<>();
        List<FieldValue> lastSort = null;
        for (Hit<Map> hit : response.hits().hits()) {
            Map<?, ?> source = hit.source() == null ? Map.of() : hit.source();
            String text = source.get("text") == null ? "" : source.get("text").toString();
            Object labels = source.get("labels");
            hits.add(new SearchHit(hit.id(), str(source.get("url")), str(source.get("title")),
                    hit.score() == null ? 0 : hit.score(), (String) source.get("fetched_at"),
                    labels instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(),
                    fragments(text, folded, tokens, number(source.get("main_start"), 0), number(source.get("main_end"), text.length())), str(source.get("site")), str(source.get("unit")), str(source.get("column")),
                    str(source.get("importance")), str(source.get("review_state")), "/snapshots/" + hit.id()));
            lastSort = hit.sort();
        }
        Map<String, List<SearchResult.Facet>> facets = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(FACETS.keySet());
        names.add("month");
        for (String name : names) {
            List<SearchResult.Facet> values = new ArrayList<>();
            Aggregate a = response.aggregations().get(name);
            if (a == null) {
                continue;
            }
            if (a.isSterms()) {
                a.sterms().buckets().array().forEach(b -> values.add(new SearchResult.Facet(b.key().stringValue(), b.docCount())));
            } else if (a.isDateHistogram()) {
                a.dateHistogram().buckets().array().forEach(b -> values.add(new SearchResult.Facet(b.keyAsString(), b.docCount())));
            }
            facets.put(name, values);
        }
        var total = response.hits().total();
        boolean full = hits.size() == q.size();
        return new SearchResult(total == null ? hits.size() : total.value(),
                total == null || total.relation() == co.elastic.clients.elasticsearch.core.search.TotalHitsRelation.Eq,
                hits, facets, full && lastSort != null ? encodeCursor(lastSort) : null, response.took());
    }

    private static Query query(SearchQuery q, List<String> tokens, String folded) {
        return Query.of(qb -> qb.bool(b -> {
            if (!q.text().isEmpty()) {
                if (q.phrase()) {
                    b.must(m -> m.matchPhrase(p -> p.field("text_folded").query(folded)));
                    b.should(sh -> sh.matchPhrase(p -> p.field("title").query(folded).boost(2f)));
                } else {
                    b.must(m -> m.bool(any -> any
                            .should(sh -> sh.bool(all -> allTokens(all, "text_tokens", tokens)))
                            .should(sh -> sh.bool(all -> allTokens(all, "title_tokens", tokens).boost(2f)))
                            .should(sh -> sh.matchPhrase(p -> p.field("text_folded").query(folded).boost(3f)))
                            .minimumShouldMatch("1")));
                }
            }
            terms(b, "site", q.sites());
            terms(b, "column", q.columns());
            terms(b, "unit", q.units());
            terms(b, "labels", q.categories());
            terms(b, "importance", q.importances());
            terms(b, "review_state", q.reviewStates());
            if (q.from() != null || q.to() != null) {
                b.filter(f -> f.range(r -> r.date(d -> {
                    d.field("fetched_at");
                    if (q.from() != null) {
                        d.gte(q.from().toString());
                    }
                    if (q.to() != null) {
                        d.lt(q.to().toString());
                    }
                    return d;
                })));
            }
            return b;
        }));
    }

    private static void terms(BoolQuery.Builder b, String field, List<String> values) {
        if (!values.isEmpty()) {
            b.filter(f -> f.terms(t -> t.field(field).terms(v -> v.value(values.stream().map(FieldValue::of).toList()))));
        }
    }

    private static BoolQuery.Builder allTokens(BoolQuery.Builder b, String field, List<String> tokens) {
        for (String token : tokens) {
            b.must(m -> m.term(t -> t.field(field).value(token)));
        }
        return b;
    }

    /**
     * Up to two passages of the ORIGINAL text around the best matches, with 【】 around each match. Matching runs on
     * the folded text, which has the same length, so positions map one to one onto the original (繁體 stays 繁體).
     */
    static List<String> fragments(String original, String foldedQuery, List<String> tokens) {
        return fragments(original, foldedQuery, tokens, 0, original.length());
    }

    /**
     * Passages from the article body ({@code [mainStart, mainEnd)}, the extractor's main content) come first, so the
     * site's navigation, which repeats the common words on every page, does not crowd out the article.
     */
    static List<String> fragments(String original, String foldedQuery, List<String> tokens, int mainStart, int mainEnd) {
        if (original.isEmpty() || (foldedQuery.isEmpty() && tokens.isEmpty())) {
            return List.of();
        }
        String folded = SearchTokenizer.fold(original);
        if (folded.length() != original.length()) {
            return List.of(); // cannot happen with the same-length fold; never mark the wrong characters
        }
        List<int[]> matches = new ArrayList<>();
        List<String> needles = new ArrayList<>();
        if (!foldedQuery.isEmpty()) {
            needles.add(foldedQuery);
        }
        tokens.stream().filter(t -> !t.isBlank() && !needles.contains(t)).forEach(needles::add);
        boolean[] marked = new boolean[folded.length()];
        for (String needle : needles) {
            for (int i = folded.indexOf(needle); i >= 0 && matches.size() < 200; i = folded.indexOf(needle, i + needle.length())) {
                if (!marked[i] && !marked[i + needle.length() - 1]) {
                    matches.add(new int[]{i, i + needle.length()});
                    for (int k = i; k < i + needle.length(); k++) {
                        marked[k] = true;
                    }
                }
            }
        }
        if (matches.isEmpty()) {
            return List.of();
        }
        matches.sort(Comparator.comparingInt(m -> m[0]));
        // Windows around matches, best first: the one holding the most matches (phrase matches weigh most).
        List<int[]> windows = new ArrayList<>();
        for (int[] m : matches) {
            int start = Math.max(0, m[0] - FRAGMENT_CHARS / 3);
            int end = Math.min(original.length(), start + FRAGMENT_CHARS);
            boolean inMain = m[0] >= mainStart && m[1] <= mainEnd;
            windows.add(new int[]{start, end, score(matches, start, end) + (inMain ? 1_000_000 : 0)});
        }
        windows.sort(Comparator.comparingInt((int[] w) -> -w[2]).thenComparingInt(w -> w[0]));
        List<int[]> chosen = new ArrayList<>();
        for (int[] w : windows) {
            if (chosen.stream().noneMatch(c -> w[0] < c[1] && w[1] > c[0])) {
                chosen.add(w);
            }
            if (chosen.size() == FRAGMENTS) {
                break;
            }
        }
        chosen.sort(Comparator.comparingInt(w -> w[0]));
        List<String> out = new ArrayList<>();
        for (int[] w : chosen) {
            StringBuilder sb = new StringBuilder();
            int pos = w[0];
            for (int[] m : matches) {
                if (m[0] < w[0] || m[1] > w[1]) {
                    continue;
                }
                sb.append(original, pos, m[0]).append('【').append(original, m[0], m[1]).append('】');
                pos = m[1];
            }
            sb.append(original, pos, w[1]);
            out.add(sb.toString().replaceAll("\\s+", " ").strip());
        }
        return out;
    }

    private static int score(List<int[]> matches, int start, int end) {
        int s = 0;
        for (int[] m : matches) {
            if (m[0] >= start && m[1] <= end) {
                s += m[1] - m[0];
            }
        }
        return s;
    }

    /** The sort values of a page's last hit, as an opaque URL-safe cursor. */
    static String encodeCursor(List<FieldValue> sort) {
        List<Object> values = new ArrayList<>();
        for (FieldValue v : sort) {
            values.add(switch (v._kind()) {
                case Long -> Map.of("l", v.longValue());
                case Double -> Map.of("d", v.doubleValue());
                case String -> Map.of("s", v.stringValue());
                case Boolean -> Map.of("b", v.booleanValue());
                case Null -> Map.of("n", 0);
                default -> Map.of("s", String.valueOf(v._get()));
            });
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                SearchClient.JSON.writeValueAsString(values).getBytes(StandardCharsets.UTF_8));
    }

    static List<FieldValue> decodeCursor(String cursor) {
        try {
            var node = SearchClient.JSON.readTree(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
            List<FieldValue> values = new ArrayList<>();
            for (var v : node) {
                if (v.has("l")) {
                    values.add(FieldValue.of(v.get("l").asLong()));
                } else if (v.has("d")) {
                    values.add(FieldValue.of(v.get("d").asDouble()));
                } else if (v.has("s")) {
                    values.add(FieldValue.of(v.get("s").asString()));
                } else if (v.has("b")) {
                    values.add(FieldValue.of(v.get("b").asBoolean()));
                } else {
                    values.add(FieldValue.NULL);
                }
            }
            return values;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a search cursor: " + cursor, e);
        }
    }

    private static int number(Object o, int fallback) {
        return o instanceof Number n ? n.intValue() : fallback;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

}
