package cn.shencha.jobs.search;

import cn.shencha.rules.SearchTokenizer;

import java.util.List;
import java.util.Map;

/**
 * The search documents of one snapshot: the page snapshot itself and one document per finding, each with its stable
 * id, so that indexing the same snapshot again overwrites rather than adds.
 */
public record SearchDocuments(Document page, List<Document> findings) {

    /** One document for one index alias. */
    public record Document(String id, Map<String, Object> source) {
    }

    /**
     * The searchable fields of a page snapshot, added to {@code source}: URL and column, the title and text with their
     * folded form and HanLP tokens (the same tokenizer the queries use). One place, for the index step and the benchmark.
     */
    public static Map<String, Object> addPageText(Map<String, Object> source, String url, String title, String text) {
        String t = title == null ? "" : title;
        String body = text == null ? "" : text;
        source.put("url", url);
        source.put("column", SnapshotDocumentItemProcessor.column(url));
        source.put("title", t);
        source.put("title_tokens", SearchTokenizer.documentTokens(t));
        String folded = SearchTokenizer.fold(body);
        source.put("text", body);
        source.put("text_folded", folded);
        source.put("text_tokens", SearchTokenizer.documentTokensOfFolded(folded));
        return source;
    }
}
