package cn.shencha.writers.search;

import java.util.List;

/** One search result: the page snapshot and the fragments that matched, with 【】 around the matches. */
public record SearchHit(String id, String url, String title, double score, String fetchedAt, List<String> labels,
                        List<String> fragments) {
}
