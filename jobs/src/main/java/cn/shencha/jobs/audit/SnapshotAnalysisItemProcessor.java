package cn.shencha.jobs.audit;

import cn.shencha.jobs.audit.internal.AuditStore;
import cn.shencha.rules.HiddenRange;
import cn.shencha.rules.SecrecyAnalyzer;
import org.springframework.batch.infrastructure.item.ItemProcessor;

import java.util.List;

/**
 * Runs the rules over a snapshot's text, with the ranges of that text the crawler found hidden from visitors (so the
 * HIDDEN_LINK rules can weigh hidden blocks and their links). Findings index the snapshot's stored text.
 */
public final class SnapshotAnalysisItemProcessor implements ItemProcessor<SnapshotText, AnalyzedSnapshot> {

    private final SecrecyAnalyzer analyzer;
    private final AuditStore store;

    /** An analysis of the text alone, without hidden ranges. */
    public SnapshotAnalysisItemProcessor(SecrecyAnalyzer analyzer) {
        this(analyzer, null);
    }

    /** @param store where the snapshots' hidden ranges are read from, or null to analyze the text alone */
    public SnapshotAnalysisItemProcessor(SecrecyAnalyzer analyzer, AuditStore store) {
        this.analyzer = analyzer;
        this.store = store;
    }

    @Override
    public AnalyzedSnapshot process(SnapshotText item) {
        List<HiddenRange> hidden = store == null ? List.of() : store.hiddenRanges(item.snapshotId());
        return new AnalyzedSnapshot(item.snapshotId(), item.pageId(), analyzer.analyze(item.text(), hidden));
    }
}
