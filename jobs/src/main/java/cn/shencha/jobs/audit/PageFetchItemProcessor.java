package cn.shencha.jobs.audit;

import cn.shencha.jobs.audit.internal.AuditStore;
import cn.shencha.readers.crawl.CrawlFrontier;
import cn.shencha.readers.crawl.FetchResult;
import cn.shencha.readers.crawl.FrontierEntry;
import cn.shencha.readers.extract.ExtractedDocument;
import cn.shencha.readers.extract.ExtractionException;
import org.springframework.batch.infrastructure.item.ItemProcessor;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Fetches a frontier URL and extracts its text. Unchanged pages (304, or the same text as the last snapshot) keep their
 * snapshot and are not analyzed again; broken pages and unreadable attachments are recorded as FAILED with the reason,
 * never thrown, so one bad page cannot stop the run.
 */
public class PageFetchItemProcessor implements ItemProcessor<FrontierEntry, CrawledPage> {

    private final SiteCrawler crawler;
    private final AuditStore store;

    public PageFetchItemProcessor(SiteCrawler crawler, AuditStore store) {
        this.crawler = crawler;
        this.store = store;
    }

    @Override
    public CrawledPage process(FrontierEntry entry) throws InterruptedException {
        URI uri = URI.create(entry.url());
        String requestedPageId = AuditStore.pageId(entry.url());
        AuditStore.PageState previous = store.pageState(requestedPageId);
        boolean conditional = previous != null && previous.lastSnapshotId() != null;
        crawler.awaitTurn(uri);
        FetchResult result = crawler.fetcher().fetch(uri, crawler.scope(),
                conditional ? previous.etag() : null, conditional ? previous.lastModified() : null);
        Instant now = Instant.now();
        String finalUrl = result.finalUri().toString();
        if (result.notModified() && conditional) {
            return unchanged(entry, result.status(), null, null, 0, finalUrl, requestedPageId, previous, previous.etag(),
                    previous.lastModified(), now);
        }
        if (!result.ok()) {
            return failed(entry, result.status(), result.contentType(), result.error() != null ? result.error()
                    : "HTTP " + result.status(), finalUrl, now);
        }
        ExtractedDocument doc;
        try {
            doc = crawler.extractor().extract(result.body(), result.contentType(), finalUrl);
        } catch (ExtractionException e) {
            return new CrawledPage(entry, CrawlFrontier.FAILED, result.status(), result.contentType(), null,
                    result.body().length, e.getMessage(), finalUrl, null, null, false, null, null, null, null, null, null,
                    List.of(), now);
        }
        String pageId = AuditStore.pageId(finalUrl);
        AuditStore.PageState state = pageId.equals(requestedPageId) ? previous : store.pageState(pageId);
        String textSha = sha256(doc.text().getBytes(StandardCharsets.UTF_8));
        if (state != null && textSha.equals(state.lastTextSha256())) {
            return unchanged(entry, result.status(), doc.contentType(), doc.charset(), result.body().length, finalUrl,
                    pageId, state, result.etag(), result.lastModified(), now);
        }
        String snapshotId = AuditStore.snapshotId(pageId, textSha, result.status());
        return new CrawledPage(entry, CrawlFrontier.FETCHED, result.status(), doc.contentType(), doc.charset(),
                result.body().length, null, finalUrl, pageId, snapshotId, true, doc.title(), doc.text(),
                sha256(result.body()), textSha, result.etag(), result.lastModified(), doc.links(), now);
    }

    private static CrawledPage unchanged(FrontierEntry entry, int status, String contentType, String charset, long bytes,
                                         String finalUrl, String pageId, AuditStore.PageState state, String etag,
                                         String lastModified, Instant now) {
        List<String> links = state.lastLinks() == null || state.lastLinks().isBlank() ? List.of()
                : Arrays.asList(state.lastLinks().split("\n"));
        return new CrawledPage(entry, CrawlFrontier.UNCHANGED, status, contentType, charset, bytes, null, finalUrl, pageId,
                state.lastSnapshotId(), false, null, null, null, state.lastTextSha256(), etag, lastModified, links, now);
    }

    private static CrawledPage failed(FrontierEntry entry, int status, String contentType, String error, String finalUrl,
                                      Instant now) {
        return new CrawledPage(entry, CrawlFrontier.FAILED, status == 0 ? null : status, contentType, null, 0, error,
                finalUrl, null, null, false, null, null, null, null, null, null, List.of(), now);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
