package cn.shencha.jobs.audit;

import cn.shencha.jobs.audit.internal.AuditStore;
import cn.shencha.readers.crawl.CrawlFrontier;
import cn.shencha.readers.crawl.CrawlScope;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

import java.net.URI;

/**
 * Stores each crawled page (page row, new snapshot, frontier outcome) and queues the links it found. Every discovered
 * link is recorded once per run: in scope and allowed by robots.txt it becomes PENDING; otherwise it is recorded as
 * SKIPPED with the reason (SCOPE, ROBOTS, DEPTH, PAGE_LIMIT) and never fetched.
 */
public class CrawlResultItemWriter implements ItemWriter<CrawledPage>, StepExecutionListener {

    private final SiteCrawler crawler;
    private final CrawlFrontier frontier;
    private final AuditStore store;
    private final long runId;

    public CrawlResultItemWriter(SiteCrawler crawler, CrawlFrontier frontier, AuditStore store, long runId) {
        this.crawler = crawler;
        this.frontier = frontier;
        this.store = store;
        this.runId = runId;
    }

    /** Seeds the run: registers the site and queues its start URL (idempotent, so a restart seeds nothing twice). */
    @Override
    public void beforeStep(StepExecution stepExecution) {
        AuditTarget target = crawler.target();
        store.upsertSite(target.siteId(), target.name(), target.startUrl().toString());
        enqueue(target, target.startUrl().toString(), 0, null);
    }

    @Override
    public void write(Chunk<? extends CrawledPage> chunk) {
        AuditTarget target = crawler.target();
        for (CrawledPage page : chunk) {
            if (page.snapshotId() != null) {
                store.savePage(target.siteId(), runId, page);
            }
            frontier.complete(page.entry().id(), page.state(), page.httpStatus(), page.contentType(), page.charset(),
                    page.bytes(), page.error(), page.finalUrl(), page.pageId(), page.snapshotId());
            for (String link : page.links()) {
                enqueue(target, link, page.entry().depth() + 1, page.entry().url());
            }
        }
    }

    /** Queues or records one discovered link; shared with the seeding of the start URL. */
    void enqueue(AuditTarget target, String link, int depth, String parent) {
        URI uri;
        try {
            uri = URI.create(link);
        } catch (IllegalArgumentException e) {
            return;
        }
        CrawlScope.Verdict verdict = crawler.scope().checkSyntax(uri);
        String skip = null;
        if (verdict != CrawlScope.Verdict.IN_SCOPE) {
            skip = verdict == CrawlScope.Verdict.SCHEME ? "SCHEME" : "SCOPE";
        } else if (!crawler.robots().allowed(uri)) {
            skip = "ROBOTS";
        } else if (depth > target.maxDepth()) {
            skip = "DEPTH";
        } else if (frontier.countCounted(runId) >= target.maxPages()) {
            skip = "PAGE_LIMIT";
        }
        frontier.enqueue(runId, target.siteId(), link, depth, parent, skip == null ? CrawlFrontier.PENDING : CrawlFrontier.SKIPPED, skip);
    }
}
