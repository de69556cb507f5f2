package cn.shencha.jobs.audit;

import cn.shencha.jobs.audit.internal.AuditStore;
import cn.shencha.rules.Analysis;
import cn.shencha.rules.Finding;
import cn.shencha.rules.HiddenRange;
import cn.shencha.rules.TamperCheck;
import cn.shencha.rules.SecrecyAnalyzer;
import org.springframework.batch.infrastructure.item.ItemProcessor;

import java.util.List;
import java.util.Optional;

/**
 * Runs the rules over a snapshot's text, with the ranges of that text the crawler found hidden from visitors (so the
 * HIDDEN_LINK rules can weigh hidden blocks and their links), and compares its article body with the page's baseline
 * for TAMPERED. Findings index the snapshot's stored text.
 *
 * <p>An analysis that did not cover the whole item — the rules stopped early ({@link Analysis#complete()} false), or
 * extraction kept only part of the item (its scripts over the decoding budget) — is passed on as incomplete, with the
 * reason: the writer stores it as not fully analyzed and the route step opens a review task for it even without any
 * finding, so such an item never looks clean.
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
        Analysis analysis = analyzer.analyze(item.text(), hidden);
        if (store != null) {
            analysis = coveringExtraction(analysis, store.partialReason(item.snapshotId()));
            AuditStore.TamperBaseline baseline = store.tamperBaseline(item.snapshotId(), item.pageId(), item.text().length());
            if (baseline != null) {
                Optional<Finding> tampered = TamperCheck.compare(baseline.baselineBody(), item.text(), baseline.bodyStart(),
                        baseline.bodyEnd(), isIndexPage(baseline.url()), baseline.baselineId());
                if (tampered.isPresent()) {
                    analysis = analysis.withExtraFindings(List.of(tampered.get()));
                }
            }
        }
        return new AnalyzedSnapshot(item.snapshotId(), item.pageId(), analysis);
    }

    /**
     * An analysis of what extraction kept of an item, as an analysis of the item: incomplete when extraction kept only
     * part of it ({@code partialReason} not null) — the rules saw all the text there was, but not all of the item.
     */
    public static Analysis coveringExtraction(Analysis analysis, String partialReason) {
        return partialReason == null || !analysis.complete() ? analysis
                : analysis.incomplete("only part of the item was extracted: " + partialReason);
    }

    /** A column index (list) page: the site root, a directory, or an index/list file (/zwdt/index.html, /tzgg/list_2.html). */
    static boolean isIndexPage(String url) {
        String path;
        try {
            path = java.net.URI.create(url).getPath();
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            return true;
        }
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
        return name.startsWith("index") || name.startsWith("list") || name.startsWith("default");
    }
}
