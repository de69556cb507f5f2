package cn.shencha.jobs.audit;

import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.readers.crawl.CrawlFrontier;
import cn.shencha.readers.crawl.CrawlScope;
import cn.shencha.readers.crawl.CrawlTrapGuard;
import cn.shencha.readers.crawl.FrontierEntry;
import cn.shencha.readers.crawl.PageFetcher;
import cn.shencha.readers.crawl.RobotsPolicy;
import cn.shencha.readers.extract.DocumentTextExtractor;
import cn.shencha.readers.source.FeedParser;
import cn.shencha.readers.source.SitemapReader;

import cn.shencha.readers.crawl.HttpExchange;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One run's crawl machinery for one site: its scope, fetcher, robots rules, spider-trap guard, sitemap and feed
 * readers, and politeness clock. Shared by the crawl step's processor (which fetches) and writer (which decides what
 * discovered links may be queued).
 */
public class SiteCrawler {

    private final AuditTarget target;
    private final CrawlScope scope;
    private final PageFetcher fetcher;
    private final RobotsPolicy robots;
    private final DocumentTextExtractor extractor;
    private final CrawlTrapGuard trapGuard;
    private final SitemapReader sitemapReader = new SitemapReader();
    private final FeedParser feedParser = new FeedParser();
    private final Map<String, Long> lastRequestByHost = new HashMap<>();
    private final List<HttpExchange> exchanges = new ArrayList<>();
    private final Map<Long, HttpExchange> responses = new HashMap<>();

    public SiteCrawler(AuditTarget target, ShenchaProperties.Crawl crawl) {
        this.target = target;
        this.scope = target.scope();
        PageFetcher.Settings settings = new PageFetcher.Settings(crawl.userAgent(), crawl.connectTimeout(),
                crawl.requestTimeout(), crawl.maxBodyBytes(), 5);
        this.fetcher = new PageFetcher(settings);
        this.fetcher.onExchange(this::exchanged);
        this.robots = new RobotsPolicy(fetcher, scope, "shenchabot");
        this.extractor = new DocumentTextExtractor(new DocumentTextExtractor.Limits(crawl.maxBodyBytes(), 5_000_000,
                crawl.parseTimeout().toMillis()));
        this.trapGuard = new CrawlTrapGuard(new CrawlTrapGuard.Limits(crawl.maxUrlLength(), crawl.maxSegmentRepeats(),
                crawl.maxPagesPerPattern(), crawl.maxQueryVariants()));
    }

    private synchronized void exchanged(HttpExchange exchange) {
        exchanges.add(exchange);
    }

    /** Every exchange made since the last call (pages, redirect hops, robots.txt, sitemaps, feeds), in order. */
    public synchronized List<HttpExchange> drainExchanges() {
        List<HttpExchange> out = new ArrayList<>(exchanges);
        exchanges.clear();
        return out;
    }

    /** Notes the exchange whose response a frontier entry's outcome (and snapshot) was made from. */
    public synchronized void recordResponse(long frontierId, HttpExchange exchange) {
        if (exchange != null) {
            responses.put(frontierId, exchange);
        }
    }

    /** The exchange {@link #recordResponse} noted for a frontier entry, forgotten once taken; null when none. */
    public synchronized HttpExchange takeResponse(long frontierId) {
        return responses.remove(frontierId);
    }

    public CrawlTrapGuard trapGuard() {
        return trapGuard;
    }

    public SitemapReader sitemapReader() {
        return sitemapReader;
    }

    public FeedParser feedParser() {
        return feedParser;
    }

    /**
     * The scope a frontier URL is fetched under: the site's, except for a sitemap or feed configured for the site on
     * another host, which may be fetched (that URL only; its links still face the site's scope).
     */
    public CrawlScope scopeFor(String url, String source) {
        if (!CrawlFrontier.PAGE.equals(source) && target.isConfiguredSource(url)) {
            URI uri = URI.create(url);
            if (scope.checkSyntax(uri) != CrawlScope.Verdict.IN_SCOPE) {
                return new CrawlScope(java.util.Set.of(CrawlScope.hostKey(uri)), java.util.List.of(uri.getRawPath()),
                        target.allowPrivate());
            }
        }
        return scope;
    }

    /** The scope {@code entry} is fetched under; see {@link #scopeFor(String, String)}. */
    public CrawlScope scopeFor(FrontierEntry entry) {
        return scopeFor(entry.url(), entry.source());
    }

    /** Whether robots.txt of the site lets the crawler fetch a URL; configured sources on other hosts are exempt. */
    public boolean robotsAllow(URI uri, String source) {
        if (scopeFor(uri.toString(), source) != scope) {
            return true;
        }
        return robots.allowed(uri);
    }

    public AuditTarget target() {
        return target;
    }

    public CrawlScope scope() {
        return scope;
    }

    public PageFetcher fetcher() {
        return fetcher;
    }

    public RobotsPolicy robots() {
        return robots;
    }

    public DocumentTextExtractor extractor() {
        return extractor;
    }

    /** Waits until the site's politeness delay (or its robots.txt crawl delay, if longer) has passed for this host. */
    public void awaitTurn(URI uri) throws InterruptedException {
        long delay = Math.max(target.politenessDelayMillis(), robots.crawlDelayMillis(uri));
        String host = CrawlScope.hostKey(uri);
        Long last = lastRequestByHost.get(host);
        if (last != null && delay > 0) {
            long wait = last + delay - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
        }
        lastRequestByHost.put(host, System.currentTimeMillis());
    }
}
