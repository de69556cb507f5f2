package cn.shencha.jobs.audit;

import cn.shencha.readers.crawl.FrontierEntry;

import java.time.Instant;
import java.util.List;

/**
 * What the crawl step learned about one frontier URL: the fetch outcome and, when content arrived, the snapshot.
 *
 * @param state      the frontier state to record: FETCHED (new content), UNCHANGED, or FAILED
 * @param snapshotId the snapshot the page now has (new or unchanged), or null when nothing usable arrived
 * @param newSnapshot whether the snapshot is new and must be stored
 * @param links      the links to enqueue (for unchanged pages, the links of the stored snapshot)
 */
public record CrawledPage(FrontierEntry entry, String state, Integer httpStatus, String contentType, String charset,
                          long bytes, String error, String finalUrl, String pageId, String snapshotId,
                          boolean newSnapshot, String title, String text, String bodySha256, String textSha256,
                          String etag, String lastModified, List<String> links, Instant fetchedAt) {
}
