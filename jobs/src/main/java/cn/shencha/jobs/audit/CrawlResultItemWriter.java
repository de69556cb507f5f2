package cn.shencha.jobs.audit;

import cn.shencha.jobs.audit.internal.AuditStore;
import cn.shencha.readers.crawl.CrawlFrontier;
import cn.shencha.readers.crawl.CrawlScope;
import cn.shencha.readers.crawl.CrawlTrapGuard;
import cn.shencha.archive.warc.WarcLocation;
import cn.shencha.readers.crawl.HttpExchange;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stores each crawled page (page row, new snapshot, frontier outcome) and queues the links it found. Every discovered
 * link is recorded once per run: in scope, not a spider trap and allowed by robots.txt it becomes PENDING; otherwise it
 * is recorded as SKIPPED with the reason (SCOPE, SCHEME, TRAP_URL_LENGTH, TRAP_REPEATING_PATH, TRAP_QUERY_VARIANTS,
 * TRAP_PATH_BUDGET, ROBOTS, DEPTH, PAGE_LIMIT) and never fetched. Session ids are removed from links before anything
 * else, so they cannot make one page look like many.
 *
 * <p>Sitemaps (configured, or announced by robots.txt) are queued at the start; the pages they list are queued like
 * links, the sitemaps a sitemap index lists as sitemaps. Configured feeds are queued at the start too; a feed's items
 * are stored as documents of their own (one frontier row each, source FEED_ITEM) and their in-scope links are queued.
 *
 * <p>Every exchange of the chunk (pages, redirect hops, robots.txt, sitemaps, feeds) is recorded in the run's WARC file
 * with the chunk ({@link CrawlCapture}); a snapshot and its frontier row keep where their response record is.
 */
public class CrawlResultItemWriter implements ItemWriter<CrawledPage>, StepExecutionListener {

    private final SiteCrawler crawler;
    private final CrawlFrontier frontier;
    private final AuditStore store;
    private final long runId;
    private final CrawlCapture capture;

    public CrawlResultItemWriter(SiteCrawler crawler, CrawlFrontier frontier, AuditStore store, long runId,
                                 CrawlCapture capture) {
        this.crawler = crawler;
        this.frontier = frontier;
        this.store = store;
        this.runId = runId;
        this.capture = capture;
    }

    /**
     * Seeds the run: registers the site and queues its start URL, its sitemaps and its feeds (idempotent, so a restart
     * seeds nothing twice), after replaying the URLs already queued into the trap guard's counts.
     */
    @Override
    public void beforeStep(StepExecution stepExecution) {
        capture.open();
        AuditTarget target = crawler.target();
        for (String url : frontier.countedUrls(runId)) {
            try {
                crawler.trapGuard().admit(URI.create(url));
            } catch (IllegalArgumentException e) {
                // recorded before canonicalization was strict: not counted
            }
        }
        store.upsertSite(target.siteId(), target.name(), target.startUrl().toString());
        enqueue(target, target.startUrl().toString(), 0, null, CrawlFrontier.PAGE);
        List<String> sitemaps = new ArrayList<>(target.sitemaps());
        sitemaps.addAll(crawler.robots().sitemaps(target.startUrl()));
        for (String sitemap : sitemaps) {
            enqueue(target, sitemap, 0, null, CrawlFrontier.SITEMAP);
        }
        for (String feed : target.feeds()) {
            enqueue(target, feed, 0, null, CrawlFrontier.FEED);
        }
    }

    /** Records what the step fetched outside any chunk (robots.txt read while seeding) and closes the WARC file. */
    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        try {
            capture.record(crawler.drainExchanges());
        } finally {
            capture.close();
        }
        return stepExecution.getExitStatus();
    }

    @Override
    public void write(Chunk<? extends CrawledPage> chunk) {
        AuditTarget target = crawler.target();
        Map<HttpExchange, WarcLocation> captured = capture.record(crawler.drainExchanges());
        for (CrawledPage page : chunk) {
            WarcLocation at = captured.get(crawler.takeResponse(page.entry().id()));
            if (page.snapshotId() != null) {
                store.savePage(target.siteId(), runId, page, at);
            }
            if (page.sourceKind() != null && page.bodySha256() != null) {
                store.saveSource(target.siteId(), page.finalUrl(), page.sourceKind(), page.bodySha256(),
                        CrawlFrontier.FEED.equals(page.sourceKind()) ? page.items().size()
                                : page.links().size() + page.sitemaps().size(), page.fetchedAt());
            }
            frontier.complete(page.entry().id(), page.state(), page.httpStatus(), page.contentType(), page.charset(),
                    page.bytes(), page.error(), page.finalUrl(), page.pageId(), page.snapshotId());
            store.saveCaptureLocation(page.entry().id(), at);
            store.saveRedirects(page.entry().id(), crawler.takeRedirects(page.entry().id()));
            SpiderView.Check spider = crawler.takeSpiderCheck(page.entry().id());
            if (spider != null) {
                SpiderView.Section only = spider.section();
                store.saveSpiderCheck(target.siteId(), runId, page.pageId() != null ? page.pageId() : spider.pageId(),
                        spider.url(), spider.userAgent(), spider.status(), spider.finalUrl(), spider.error(), spider.ok(),
                        only == null ? null : only.text(), only == null ? null : only.links(),
                        only == null ? null : only.externalLinks(), spider.fetchedAt(), captured.get(spider.exchange()));
            }
            RenderView.Check render = crawler.takeRenderCheck(page.entry().id());
            if (render != null) {
                SpiderView.Section only = render.section();
                store.saveRenderCheck(target.siteId(), runId, page.pageId() != null ? page.pageId() : render.pageId(),
                        render.url(), render.error(), only == null ? null : only.text(), only == null ? null : only.links(),
                        only == null ? null : only.externalLinks(), render.loaded(), render.refused(), render.renderedAt());
            }
            for (CrawledPage item : page.items()) {
                if (item.snapshotId() != null) {
                    store.savePage(target.siteId(), runId, item, at);
                }
                frontier.recordFeedItem(runId, target.siteId(), page.finalUrl(), item.itemKey(), item.finalUrl(),
                        page.entry().depth() + 1, item.state(), item.contentType(), item.bytes(), item.pageId(),
                        item.snapshotId());
            }
            for (String link : page.links()) {
                enqueue(target, link, page.entry().depth() + 1, page.entry().url(), CrawlFrontier.PAGE);
            }
            for (String sitemap : page.sitemaps()) {
                enqueue(target, sitemap, page.entry().depth(), page.entry().url(), CrawlFrontier.SITEMAP);
            }
        }
    }

    /** Queues or records one discovered link; shared with the seeding of the start URL. */
    void enqueue(AuditTarget target, String link, int depth, String parent) {
        enqueue(target, link, depth, parent, CrawlFrontier.PAGE);
    }

    /** Queues or records one discovered URL of a source kind (PAGE, SITEMAP, FEED). */
    void enqueue(AuditTarget target, String link, int depth, String parent, String source) {
        String canonical = CrawlTrapGuard.canonical(link);
        URI uri;
        try {
            uri = URI.create(canonical);
        } catch (IllegalArgumentException e) {
            return;
        }
        CrawlScope.Verdict verdict = crawler.scopeFor(canonical, source).checkSyntax(uri);
        boolean page = CrawlFrontier.PAGE.equals(source);
        String skip = null;
        if (verdict != CrawlScope.Verdict.IN_SCOPE) {
            skip = verdict == CrawlScope.Verdict.SCHEME ? "SCHEME" : "SCOPE";
        } else {
            CrawlTrapGuard.Verdict trap = crawler.trapGuard().check(uri);
            if (trap != CrawlTrapGuard.Verdict.ADMIT) {
                skip = trap.name();
            } else if (!crawler.robotsAllow(uri, source)) {
                skip = "ROBOTS";
            } else if (page && depth > target.maxDepth()) {
                skip = "DEPTH";
            } else if (frontier.countCounted(runId) >= target.maxPages()) {
                skip = "PAGE_LIMIT";
            }
        }
        boolean added = frontier.enqueue(runId, target.siteId(), canonical, depth, parent,
                skip == null ? CrawlFrontier.PENDING : CrawlFrontier.SKIPPED, skip, source);
        if (added && skip == null) {
            crawler.trapGuard().admit(uri);
        }
    }
}
