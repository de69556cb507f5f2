package cn.shencha.jobs.audit;

import cn.shencha.jobs.audit.internal.AuditStore;
import cn.shencha.readers.crawl.CrawlFrontier;
import cn.shencha.readers.crawl.FetchResult;
import cn.shencha.readers.crawl.FrontierEntry;
import cn.shencha.readers.extract.ExtractedDocument;
import cn.shencha.readers.extract.DocumentTextExtractor;
import cn.shencha.readers.extract.ExtractionException;
import cn.shencha.readers.extract.ScriptDecoder;
import cn.shencha.readers.render.ChromiumRenderer;
import cn.shencha.readers.source.Feed;
import cn.shencha.readers.source.FeedItem;
import cn.shencha.readers.source.Sitemap;
import cn.shencha.readers.source.SourceFormatException;
import cn.shencha.readers.source.SourceSniffer;
import org.springframework.batch.infrastructure.item.ItemProcessor;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Fetches a frontier URL and extracts its text. Unchanged pages (304, or the same text as the last snapshot) keep their
 * snapshot and are not analyzed again; broken pages and unreadable attachments are recorded as FAILED with the reason,
 * never thrown, so one bad page cannot stop the run.
 *
 * <p>Sitemaps yield the pages (and further sitemaps) they list. Feeds — queued as feeds, or met as links and
 * recognised by their content — yield their items, each a document of its own made from the item's content, title,
 * link and date: the item's link is never fetched for it, so an item linking outside the site (a new-media account's
 * article) is audited from the feed. A malformed sitemap or feed is FAILED with the parser's reason.
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
        boolean page = CrawlFrontier.PAGE.equals(entry.source());
        String requestedPageId = AuditStore.pageId(entry.url());
        AuditStore.PageState previous = page ? store.pageState(requestedPageId) : null;
        // A page due for its spider view is fetched in full, so the two views can be compared even when unchanged.
        boolean spiderDue = page && crawler.spiderView().due(requestedPageId,
                previous == null ? null : previous.spiderCheckedAt(), previous == null ? null : previous.lastContentType(),
                Instant.now());
        boolean conditional = previous != null && previous.lastSnapshotId() != null && !spiderDue;
        crawler.awaitTurn(uri);
        FetchResult result = crawler.fetcher().fetch(uri, crawler.scopeFor(entry),
                conditional ? previous.etag() : null, conditional ? previous.lastModified() : null);
        crawler.recordFetch(entry.id(), result);
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
        SourceSniffer.Kind kind = switch (entry.source()) {
            case CrawlFrontier.SITEMAP -> SourceSniffer.Kind.SITEMAP;
            case CrawlFrontier.FEED -> SourceSniffer.Kind.FEED;
            default -> SourceSniffer.sniff(result.body(), result.contentType());
        };
        if (kind == SourceSniffer.Kind.SITEMAP) {
            return sitemap(entry, result, finalUrl, now);
        }
        if (kind == SourceSniffer.Kind.FEED) {
            return feed(entry, result, finalUrl, now);
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
        if ("text/html".equals(doc.contentType())) {
            doc = withSiteScripts(doc, finalUrl);
            if (page) {
                SpiderView.Section section = spiderDue ? spiderView(entry, uri, doc, pageId, state)
                        : state == null ? null : SpiderView.stored(state.spiderOnlyText(), state.spiderOnlyLinks(),
                        state.spiderOnlyExternal());
                if (section != null) {
                    doc = section.appendTo(doc);
                }
                doc = withRenderedView(entry, result, finalUrl, doc, pageId, state, now);
            }
        }
        // Feeds a page announces are links too: stored with the snapshot, they are queued again when it is unchanged.
        List<String> links = new ArrayList<>(new LinkedHashSet<>(concat(doc.links(), doc.feedLinks())));
        String textSha = sha256(doc.text().getBytes(StandardCharsets.UTF_8));
        String hidden = AuditStore.formatHiddenRanges(doc.hidden());
        if (sameContent(state, textSha, hidden)) {
            return unchanged(entry, result.status(), doc.contentType(), doc.charset(), result.body().length, finalUrl,
                    pageId, state, result.etag(), result.lastModified(), now);
        }
        String snapshotId = snapshotId(pageId, textSha, hidden, result.status());
        return new CrawledPage(entry, CrawlFrontier.FETCHED, result.status(), doc.contentType(), doc.charset(),
                result.body().length, null, finalUrl, pageId, snapshotId, true, doc.title(), doc.text(),
                sha256(result.body()), textSha, result.etag(), result.lastModified(), links, now,
                doc.mainStart(), doc.mainEnd(), doc.hidden(), null, null, null, List.of(), List.of(), null,
                doc.partialReason());
    }

    /**
     * Appends what only the page rendered in headless Chromium shows, when rendering is configured: rendered afresh when
     * the page changed or its last rendering is older than the interval, else (and when the rendering fails) what the
     * last rendering showed.
     */
    private ExtractedDocument withRenderedView(FrontierEntry entry, FetchResult result, String finalUrl,
                                               ExtractedDocument doc, String pageId, AuditStore.PageState state,
                                               Instant now) throws InterruptedException {
        RenderView view = crawler.renderView();
        if (!view.settings().enabled()) {
            return doc;
        }
        SpiderView.Section stored = state == null ? null : SpiderView.stored(state.renderedOnlyText(),
                state.renderedOnlyLinks(), state.renderedOnlyExternal());
        ExtractedDocument withStored = stored == null ? doc : stored.appendTo(doc, RenderView.REASON);
        boolean changed = !sameContent(state, sha256(withStored.text().getBytes(StandardCharsets.UTF_8)),
                AuditStore.formatHiddenRanges(withStored.hidden()));
        if (!view.due(result.body(), changed, state == null ? null : state.renderedAt(), now)) {
            return withStored;
        }
        String contentType = doc.charset() == null ? result.contentType() : "text/html; charset=" + doc.charset();
        SpiderView.Section section = null;
        String error = null;
        int loaded = 0;
        List<String> refused = List.of();
        try {
            var rendered = crawler.render(URI.create(finalUrl), contentType, result.body());
            loaded = rendered.loaded().size();
            refused = rendered.refused();
            ExtractedDocument seen = crawler.extractor().extract(rendered.html().getBytes(StandardCharsets.UTF_8),
                    "text/html; charset=UTF-8", finalUrl);
            section = SpiderView.difference(doc, seen, finalUrl);
        } catch (ChromiumRenderer.RenderException | ExtractionException e) {
            error = e.getMessage();
        }
        crawler.recordRenderCheck(entry.id(), new RenderView.Check(finalUrl, pageId, error, section, loaded, refused,
                Instant.now()));
        if (error != null) {
            return withStored;
        }
        return section == null ? doc : section.appendTo(doc, RenderView.REASON);
    }

    /** Appends what the page's same-site scripts write (each script fetched once per run). */
    private ExtractedDocument withSiteScripts(ExtractedDocument doc, String location) throws InterruptedException {
        if (doc.scriptSources().isEmpty()) {
            return doc;
        }
        List<ScriptDecoder.Decoded> decoded = new ArrayList<>();
        for (String src : doc.scriptSources().subList(0, Math.min(20, doc.scriptSources().size()))) {
            ScriptDecoder.Decoded d = crawler.script(src);
            if (!d.isEmpty()) {
                decoded.add(d);
            }
        }
        return decoded.isEmpty() ? doc : DocumentTextExtractor.appendScripts(doc, decoded, location);
    }

    /**
     * Fetches the page again as a search-engine spider (same scope; the URL already passed robots.txt) and returns what
     * only the spider got, noting the fetch for the run's summary. When the spider fetch fails, the page keeps the
     * spider view it had.
     */
    private SpiderView.Section spiderView(FrontierEntry entry, URI uri, ExtractedDocument visitor, String pageId,
                                          AuditStore.PageState state) throws InterruptedException {
        var settings = crawler.spiderView().settings();
        crawler.awaitTurn(uri);
        FetchResult spider = crawler.fetcher().fetch(uri, crawler.scopeFor(entry), null, null, settings.userAgent(),
                settings.referer() == null || settings.referer().isBlank() ? null
                        : settings.referer() + URLEncoder.encode(uri.getHost(), StandardCharsets.UTF_8));
        String finalUrl = spider.finalUri().toString();
        SpiderView.Section section = null;
        String error = spider.error() != null ? spider.error() : spider.ok() ? null : "HTTP " + spider.status();
        if (error == null) {
            try {
                ExtractedDocument seen = crawler.extractor().extract(spider.body(), spider.contentType(), finalUrl);
                section = SpiderView.difference(visitor, seen, finalUrl);
            } catch (ExtractionException e) {
                error = e.getMessage();
            }
        }
        crawler.recordSpiderCheck(entry.id(), new SpiderView.Check(entry.url(), pageId, settings.userAgent(),
                spider.status() == 0 ? null : spider.status(), finalUrl, error, section, Instant.now(), spider.finalExchange()));
        if (error != null) {
            return state == null ? null
                    : SpiderView.stored(state.spiderOnlyText(), state.spiderOnlyLinks(), state.spiderOnlyExternal());
        }
        return section;
    }

    private CrawledPage sitemap(FrontierEntry entry, FetchResult result, String finalUrl, Instant now) {
        Sitemap sitemap;
        try {
            sitemap = crawler.sitemapReader().read(result.body(), result.contentType(), finalUrl);
        } catch (SourceFormatException e) {
            return failed(entry, result.status(), result.contentType(), e.getMessage(), finalUrl, now);
        }
        String bodySha = sha256(result.body());
        return new CrawledPage(entry, sourceState(finalUrl, bodySha), result.status(), mediaType(result.contentType()), null,
                result.body().length, null, finalUrl, null, null, false, null, null, bodySha, null, null, null,
                sitemap.pages(), now, 0, 0, List.of(), null, null, null, sitemap.sitemaps(), List.of(), CrawlFrontier.SITEMAP);
    }

    private CrawledPage feed(FrontierEntry entry, FetchResult result, String finalUrl, Instant now) {
        Feed feed;
        try {
            feed = crawler.feedParser().parse(result.body(), result.contentType(), finalUrl);
        } catch (SourceFormatException e) {
            return failed(entry, result.status(), result.contentType(), e.getMessage(), finalUrl, now);
        }
        String type = switch (feed.format()) {
            case "atom" -> "application/atom+xml";
            case "json" -> "application/feed+json";
            default -> "application/rss+xml";
        };
        List<CrawledPage> items = new ArrayList<>();
        List<String> links = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        int index = 0;
        for (FeedItem item : feed.items()) {
            index++;
            String key = item.id() != null && !item.id().isBlank() ? item.id() : item.link() != null ? item.link()
                    : "#" + index + ":" + sha256(item.text().getBytes(StandardCharsets.UTF_8));
            if (!keys.add(key)) {
                continue;
            }
            if (item.link() != null) {
                links.add(item.link());
            }
            ExtractedDocument doc = item.toDocument(type);
            if (doc.text().isBlank()) {
                continue;
            }
            String url = item.link() != null ? item.link() : finalUrl + "#" + key;
            String pageId = AuditStore.pageId("feed-item|" + finalUrl + "|" + key);
            AuditStore.PageState state = store.pageState(pageId);
            String textSha = sha256(doc.text().getBytes(StandardCharsets.UTF_8));
            String hidden = AuditStore.formatHiddenRanges(doc.hidden());
            if (sameContent(state, textSha, hidden)) {
                items.add(new CrawledPage(entry, CrawlFrontier.UNCHANGED, result.status(), type, "UTF-8", 0, null, url,
                        pageId, state.lastSnapshotId(), false, null, null, null, textSha, null, null, doc.links(), now,
                        0, 0, List.of(), item.published(), finalUrl, key, List.of(), List.of(), null));
                continue;
            }
            byte[] itemBytes = doc.text().getBytes(StandardCharsets.UTF_8);
            items.add(new CrawledPage(entry, CrawlFrontier.FETCHED, result.status(), type, "UTF-8", itemBytes.length, null,
                    url, pageId, snapshotId(pageId, textSha, hidden, result.status()), true, doc.title(), doc.text(),
                    sha256(itemBytes), textSha, null, null, doc.links(), now, doc.mainStart(), doc.mainEnd(), doc.hidden(),
                    item.published(), finalUrl, key, List.of(), List.of(), null));
        }
        String bodySha = sha256(result.body());
        return new CrawledPage(entry, sourceState(finalUrl, bodySha), result.status(), type, null, result.body().length,
                null, finalUrl, null, null, false, feed.title(), null, bodySha, null, null, null, links, now, 0, 0,
                List.of(), null, null, null, List.of(), items, CrawlFrontier.FEED);
    }

    /** FETCHED for a sitemap or feed read for the first time or changed since the last run, else UNCHANGED. */
    private String sourceState(String url, String bodySha) {
        return bodySha.equals(store.sourceBodySha256(url)) ? CrawlFrontier.UNCHANGED : CrawlFrontier.FETCHED;
    }

    /**
     * Whether freshly extracted content is what the page's last snapshot holds: the same text, hidden the same way (a
     * block newly hidden by CSS changes nothing in the text, yet it is new content to audit).
     */
    private static boolean sameContent(AuditStore.PageState state, String textSha, String hidden) {
        if (state == null || !textSha.equals(state.lastTextSha256())) {
            return false;
        }
        String before = state.lastHiddenRanges() == null ? "" : state.lastHiddenRanges();
        return before.equals(hidden);
    }

    /** A snapshot's id; content with hidden ranges is told apart from the same text with nothing hidden. */
    private static String snapshotId(String pageId, String textSha, String hidden, int status) {
        return hidden.isEmpty() ? AuditStore.snapshotId(pageId, textSha, status)
                : AuditStore.snapshotId(pageId, textSha + "|" + sha256(hidden.getBytes(StandardCharsets.UTF_8)), status);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip();
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
