package cn.shencha.jobs.audit;

/**
 * An analyzed snapshot with findings and no review task yet.
 *
 * @param url                the item's published URL (the unit it belongs to follows from it)
 * @param itemKind           PAGE, ATTACHMENT, FEED_ITEM or DRAFT
 * @param maxSecrecySeverity the most severe finding among the secrecy categories, or null when there is none
 */
public record ReviewCandidate(String snapshotId, String pageId, String siteId, String url, String itemKind,
                              String importance, String maxSecrecySeverity) {
}
