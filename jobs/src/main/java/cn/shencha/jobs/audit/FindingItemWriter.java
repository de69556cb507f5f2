package cn.shencha.jobs.audit;

import cn.shencha.jobs.audit.internal.AuditStore;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Stores each snapshot's findings, grade and labels, marking the snapshot analyzed — and, when the analysis did not
 * cover the whole item, not fully analyzed with the reason ({@code snapshot.analysis_incomplete}), which routes it for
 * review whatever it found.
 */
public final class FindingItemWriter implements ItemWriter<AnalyzedSnapshot> {

    private final AuditStore store;

    public FindingItemWriter(AuditStore store) {
        this.store = store;
    }

    @Override
    public void write(Chunk<? extends AnalyzedSnapshot> chunk) {
        for (AnalyzedSnapshot item : chunk) {
            store.saveAnalysis(item.snapshotId(), item.pageId(), item.analysis());
        }
    }
}
