package cn.shencha.writers.search;

/** A document the cluster refused (a mapping conflict, a too-large field): kept by the caller, never dropped. */
public record RejectedDocument(String id, String reason) {
}
