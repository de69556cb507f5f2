package cn.shencha.jobs.audit;

import cn.shencha.rules.SecrecyAnalyzer;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/** Runs the rules over a snapshot's text. */
public final class SnapshotAnalysisItemProcessor implements ItemProcessor<SnapshotText, AnalyzedSnapshot> {

    private final SecrecyAnalyzer analyzer;

    public SnapshotAnalysisItemProcessor(SecrecyAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    @Override
    public AnalyzedSnapshot process(SnapshotText item) {
        return new AnalyzedSnapshot(item.snapshotId(), item.pageId(), analyzer.analyze(item.text()));
    }
}
