package cn.shencha.writers.search;

import java.util.List;
import java.util.Map;

/**
 * One page of search results.
 *
 * @param total      how many snapshots match (exact up to 10,000, then a lower bound: see {@code totalIsExact})
 * @param hits       this page's hits
 * @param facets     per facet (site, column, unit, category, importance, review_state, month) the values and their counts
 *                   among all matches
 * @param nextCursor pass to {@link SearchQuery#withAfter(String)} for the next page; null on the last page
 * @param tookMillis the cluster's own time for the query
 */
public record SearchResult(long total, boolean totalIsExact, List<SearchHit> hits, Map<String, List<Facet>> facets,
                           String nextCursor, long tookMillis) {

    public record Facet(String value, long count) {
    }
}
