package cn.shencha.jobs.audit;

/** A stored snapshot's text, as the analyze step reads it. */
public record SnapshotText(String snapshotId, String pageId, String text) {
}
