package cn.shencha.jobs.audit;

import cn.shencha.rules.Analysis;

/** A snapshot and what the rules found in it. */
public record AnalyzedSnapshot(String snapshotId, String pageId, Analysis analysis) {
}
