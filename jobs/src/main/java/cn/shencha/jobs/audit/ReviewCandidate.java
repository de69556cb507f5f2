package cn.shencha.jobs.audit;

/**
 * An analyzed snapshot with findings and no review task yet.
 *
 * @param maxSecrecySeverity the most severe finding among the secrecy categories, or null when there is none
 */
public record ReviewCandidate(String snapshotId, String pageId, String siteId, String importance,
                              String maxSecrecySeverity) {
}
