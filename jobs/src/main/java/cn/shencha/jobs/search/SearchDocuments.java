package cn.shencha.jobs.search;

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
}
