package cn.shencha.writers.search;

import java.util.List;

/**
 * One search result: a page snapshot and the fragments that matched, with 【】 around the matches.
 *
 * @param id         the snapshot id: the archived copy is {@code /snapshots/{id}} in the console
 * @param fragments  highlighted passages of the snapshot's original text
 */
public record SearchHit(String id, String url, String title, double score, String fetchedAt, List<String> labels,
                        List<String> fragments, String site, String unit, String column, String importance,
                        String reviewState, String snapshotLink) {
}
