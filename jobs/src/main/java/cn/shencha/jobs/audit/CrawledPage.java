package cn.shencha.jobs.audit;

import cn.shencha.readers.crawl.FrontierEntry;
import cn.shencha.rules.HiddenRange;

import java.time.Instant;
import java.util.List;

/**
 * What the crawl step learned about one frontier URL: the fetch outcome and, when content arrived, the snapshot.
 *
 * @param state      the frontier state to record: FETCHED (new content), UNCHANGED, or FAILED
 * @param snapshotId the snapshot the page now has (new or unchanged), or null when nothing usable arrived
 * @param newSnapshot whether the snapshot is new and must be stored
 * @param links      the links to enqueue (for unchanged pages, the links of the stored snapshot)
 * @param mainStart  where the main content starts in {@code text}
 * @param mainEnd    where it ends
 * @param hidden     the ranges of {@code text} a visitor does not see
 * @param published  for a feed item, its date as the feed gave it; else null
 * @param sourceUrl  for a feed item, the feed it was read from; else null
 * @param itemKey    for a feed item, its key within the feed (id or link); else null
 * @param sitemaps   further sitemaps a sitemap index lists, to enqueue as sitemaps
 * @param items      for a feed, its items as documents of their own
 * @param sourceKind SITEMAP or FEED when the URL was read as a sitemap or a feed (no snapshot of its own), else null
 * @param partialReason why extraction kept only part of the content (see {@code ExtractedDocument#partialReason}), or
 *                   null when it was read whole
 */
public record CrawledPage(FrontierEntry entry, String state, Integer httpStatus, String contentType, String charset,
                          long bytes, String error, String finalUrl, String pageId, String snapshotId,
                          boolean newSnapshot, String title, String text, String bodySha256, String textSha256,
                          String etag, String lastModified, List<String> links, Instant fetchedAt,
                          int mainStart, int mainEnd, List<HiddenRange> hidden, String published, String sourceUrl,
                          String itemKey, List<String> sitemaps, List<CrawledPage> items, String sourceKind,
                          String partialReason) {

    public CrawledPage {
        links = links == null ? List.of() : List.copyOf(links);
        hidden = hidden == null ? List.of() : List.copyOf(hidden);
        sitemaps = sitemaps == null ? List.of() : List.copyOf(sitemaps);
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** An outcome read whole. */
    public CrawledPage(FrontierEntry entry, String state, Integer httpStatus, String contentType, String charset,
                       long bytes, String error, String finalUrl, String pageId, String snapshotId,
                       boolean newSnapshot, String title, String text, String bodySha256, String textSha256,
                       String etag, String lastModified, List<String> links, Instant fetchedAt,
                       int mainStart, int mainEnd, List<HiddenRange> hidden, String published, String sourceUrl,
                       String itemKey, List<String> sitemaps, List<CrawledPage> items, String sourceKind) {
        this(entry, state, httpStatus, contentType, charset, bytes, error, finalUrl, pageId, snapshotId, newSnapshot, title,
                text, bodySha256, textSha256, etag, lastModified, links, fetchedAt, mainStart, mainEnd, hidden, published,
                sourceUrl, itemKey, sitemaps, items, sourceKind, null);
    }

    /** A page outcome without extraction details (failed, unchanged). */
    public CrawledPage(FrontierEntry entry, String state, Integer httpStatus, String contentType, String charset,
                       long bytes, String error, String finalUrl, String pageId, String snapshotId,
                       boolean newSnapshot, String title, String text, String bodySha256, String textSha256,
                       String etag, String lastModified, List<String> links, Instant fetchedAt) {
        this(entry, state, httpStatus, contentType, charset, bytes, error, finalUrl, pageId, snapshotId, newSnapshot, title,
                text, bodySha256, textSha256, etag, lastModified, links, fetchedAt, 0, text == null ? 0 : text.length(),
                List.of(), null, null, null, List.of(), List.of(), null, null);
    }
}
