package cn.shencha.writers.search;

import java.util.Map;

/** One document to index under a stable id (indexing it again overwrites it). */
public record IndexDocument(String id, Map<String, Object> source) {
}
