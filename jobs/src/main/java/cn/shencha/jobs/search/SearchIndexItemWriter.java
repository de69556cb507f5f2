package cn.shencha.jobs.search;

import cn.shencha.writers.search.IndexDocument;
import cn.shencha.writers.search.RejectedDocument;
import cn.shencha.writers.search.SearchClient;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import cn.shencha.writers.search.SearchIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Bulk-indexes a chunk of snapshots (pages and findings) into Elasticsearch. A document the cluster rejects goes to the
 * {@code index_dead_letter} table with the reason; an unreachable cluster fails the chunk after bounded retries, so
 * the step fails cleanly and a restart resumes from the last committed chunk.
 */
public class SearchIndexItemWriter implements ItemWriter<SearchDocuments>, StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(SearchIndexItemWriter.class);

    private final SearchCluster search;
    private final JdbcTemplate jdbc;
    private final long runId;
    private final int relaxRefreshAbove;
    private SearchClient.RelaxedRefresh relaxed;

    /**
     * @param relaxRefreshAbove a run that indexes more snapshots than this turns periodic refresh off for the step and
     *                          restores it at the end (a large load indexes faster without it)
     */
    public SearchIndexItemWriter(SearchCluster search, JdbcTemplate jdbc, long runId, int relaxRefreshAbove) {
        this.search = search;
        this.jdbc = jdbc;
        this.runId = runId;
        this.relaxRefreshAbove = relaxRefreshAbove;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        Integer toIndex = jdbc.queryForObject(
                "SELECT COUNT(DISTINCT snapshot_id) FROM crawl_frontier WHERE run_id = ? AND snapshot_id IS NOT NULL", Integer.class, runId);
        if (toIndex != null && toIndex > relaxRefreshAbove) {
            relaxed = search.client().relaxRefresh(SearchIndex.PAGES, SearchIndex.FINDINGS);
        }
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        if (relaxed != null) {
            try {
                relaxed.close();
            } catch (RuntimeException e) {
                log.warn("Could not restore the refresh interval of the search indices: {}", e.getMessage());
            }
            relaxed = null;
        }
        return null;
    }

    @Override
    public void write(Chunk<? extends SearchDocuments> chunk) {
        List<IndexDocument> pages = new ArrayList<>();
        List<IndexDocument> findings = new ArrayList<>();
        for (SearchDocuments docs : chunk) {
            pages.add(new IndexDocument(docs.page().id(), docs.page().source()));
            docs.findings().forEach(f -> findings.add(new IndexDocument(f.id(), f.source())));
        }
        deadLetter(SearchIndex.PAGES, search.bulk(SearchIndex.PAGES, pages));
        if (!findings.isEmpty()) {
            deadLetter(SearchIndex.FINDINGS, search.bulk(SearchIndex.FINDINGS, findings));
        }
    }

    private void deadLetter(SearchIndex index, List<RejectedDocument> rejected) {
        for (RejectedDocument r : rejected) {
            log.warn("Search index {} rejected document {}: {}", index, r.id(), r.reason());
            jdbc.update("INSERT INTO index_dead_letter (run_id, index_alias, document_id, reason, created_at) VALUES (?, ?, ?, ?, ?)",
                    runId, search.client().alias(index), r.id(), r.reason().length() > 4000 ? r.reason().substring(0, 4000) : r.reason(),
                    Timestamp.from(Instant.now()));
        }
    }
}
