package cn.shencha.writers.search;

import java.time.Instant;
import java.util.List;

/**
 * A searcher's query over page snapshots: full text plus filters, sorting and a cursor for deep pagination.
 *
 * @param text        the words to find; simplified and traditional alike; empty lists everything the filters allow
 * @param phrase      true: the text must occur exactly as given (after 繁→简 and 全角→半角 folding)
 * @param sites       site ids (any of)
 * @param columns     columns (栏目), the first path segment of a page's URL (any of)
 * @param units       responsible units (any of); the console restricts an officer to his own
 * @param categories  finding category codes (any of)
 * @param importances GENERAL, IMPORTANT, SPECIAL (any of)
 * @param reviewStates NONE (no findings), OPEN, APPROVED, AMEND, TAKEN_DOWN (any of)
 * @param from        fetched at or after (inclusive), or null
 * @param to          fetched before (exclusive), or null
 * @param sort        RELEVANCE (default), NEWEST, OLDEST
 * @param size        hits per page, 1 to 1000
 * @param after       the cursor of the previous page's last hit ({@link SearchResult#nextCursor()}), or null
 */
public record SearchQuery(String text, boolean phrase, List<String> sites, List<String> columns, List<String> units,
                          List<String> categories, List<String> importances, List<String> reviewStates,
                          Instant from, Instant to, Sort sort, int size, String after) {

    public enum Sort { RELEVANCE, NEWEST, OLDEST }

    public SearchQuery {
        text = text == null ? "" : text.strip();
        sites = sites == null ? List.of() : List.copyOf(sites);
        columns = columns == null ? List.of() : List.copyOf(columns);
        units = units == null ? List.of() : List.copyOf(units);
        categories = categories == null ? List.of() : List.copyOf(categories);
        importances = importances == null ? List.of() : List.copyOf(importances);
        reviewStates = reviewStates == null ? List.of() : List.copyOf(reviewStates);
        sort = sort == null ? Sort.RELEVANCE : sort;
        if (size < 1 || size > 1000) {
            throw new IllegalArgumentException("size must be between 1 and 1000, got " + size);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("the date range is empty: from " + from + " is not before to " + to);
        }
    }

    /** Full text only, ranked by relevance. */
    public static SearchQuery of(String text, int size) {
        return new SearchQuery(text, false, null, null, null, null, null, null, null, null, Sort.RELEVANCE, size, null);
    }

    public SearchQuery withAfter(String cursor) {
        return new SearchQuery(text, phrase, sites, columns, units, categories, importances, reviewStates, from, to, sort, size, cursor);
    }
}
