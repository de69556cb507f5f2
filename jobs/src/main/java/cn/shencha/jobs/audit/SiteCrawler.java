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

import cn.shencha.readers.crawl.FetchResult;
import cn.shencha.readers.crawl.HttpExchange;
import cn.shencha.readers.extract.ScriptDecoder;
import cn.shencha.readers.render.ChromiumRenderer;

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
public class SiteCrawler implements AutoCloseable {

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
    private final Map<Long, List<URI>> redirects = new HashMap<>();
    private final Map<Long, SpiderView.Check> spiderChecks = new HashMap<>();
    private final SpiderView spiderView;
    private final RenderView renderView;
    private final Map<Long, RenderView.Check> renderChecks = new HashMap<>();
    /** The run's browser, started with the first rendering; null before (or when rendering is off). */
    private ChromiumRenderer renderer;
    /** Why the browser could not be started, so a run tries once, not once per page. */
    private String rendererFailure;
    private static final int MAX_CACHED_RESOURCE_BYTES = 512 * 1024;
    /** Same-site scripts and style sheets a rendered page loaded this run (common.js once per run, not per page). */
    private final Map<String, ChromiumRenderer.Resource> renderResources = new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ChromiumRenderer.Resource> eldest) {
            return size() > 100;
        }
    };
    private static final int MAX_CACHED_SCRIPT_OUTPUT = 100_000;
    /** Same-site scripts decoded this run, by URL (a site's common.js is fetched once per run, not once per page). */
    private final Map<String, ScriptDecoder.Decoded> scripts = new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ScriptDecoder.Decoded> eldest) {
            return size() > 200;
        }
    };

    public SiteCrawler(AuditTarget target, ShenchaProperties.Crawl crawl, long runId) {
        this.target = target;
        this.spiderView = new SpiderView(crawl.spider(), runId);
        this.renderView = new RenderView(crawl.render());
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

    /**
     * Notes what fetching a frontier entry gave: the exchange its outcome (and snapshot) was made from, and the
     * redirects it followed.
     */
    public synchronized void recordFetch(long frontierId, FetchResult result) {
        if (result.finalExchange() != null) {
            responses.put(frontierId, result.finalExchange());
        }
        if (!result.redirects().isEmpty()) {
            redirects.put(frontierId, result.redirects());
        }
    }

    /** The redirects {@link #recordFetch} noted for a frontier entry, forgotten once taken; empty when none. */
    public synchronized List<URI> takeRedirects(long frontierId) {
        List<URI> r = redirects.remove(frontierId);
        return r == null ? List.of() : r;
    }

    /** The exchange {@link #recordFetch} noted for a frontier entry, forgotten once taken; null when none. */
    public synchronized HttpExchange takeResponse(long frontierId) {
        return responses.remove(frontierId);
    }

    public SpiderView spiderView() {
        return spiderView;
    }

    public RenderView renderView() {
        return renderView;
    }

    /**
     * Renders a fetched page in the run's headless Chromium (started on first use), answering the page's requests with
     * same-site resources fetched within the scope and robots rules, politely.
     *
     * @throws ChromiumRenderer.RenderException when the browser is missing or the page does not render
     */
    public ChromiumRenderer.RenderedPage render(URI page, String contentType, byte[] body)
            throws ChromiumRenderer.RenderException, InterruptedException {
        ChromiumRenderer browser;
        synchronized (this) {
            if (renderer == null) {
                if (rendererFailure != null) {
                    throw new ChromiumRenderer.RenderException(rendererFailure);
                }
                ShenchaProperties.Render r = renderView.settings();
                try {
                    renderer = ChromiumRenderer.start(new ChromiumRenderer.Settings(r.executable(), r.timeout(),
                            r.settle(), 5_000_000));
                } catch (ChromiumRenderer.RenderException e) {
                    rendererFailure = e.getMessage();
                    throw e;
                }
            }
            browser = renderer;
        }
        return browser.render(page, contentType, body, this::loadForRendering);
    }

    /** A request of a rendered page: answered when in scope and allowed by robots.txt, refused (null) otherwise. */
    private ChromiumRenderer.Resource loadForRendering(URI uri) throws InterruptedException {
        String key = uri.toString();
        synchronized (this) {
            ChromiumRenderer.Resource known = renderResources.get(key);
            if (known != null) {
                return known;
            }
        }
        FetchResult r = fetchResource(uri);
        if (r == null || r.status() == 0 || r.body() == null) {
            return null;
        }
        ChromiumRenderer.Resource resource = new ChromiumRenderer.Resource(r.status(), r.contentType(), r.body());
        if (r.ok() && r.body().length <= MAX_CACHED_RESOURCE_BYTES) {
            synchronized (this) {
                renderResources.put(key, resource);
            }
        }
        return resource;
    }

    /**
     * Fetches a resource a page uses (a script, a style sheet), politely, when it is in the site's scope and robots.txt
     * allows it; null otherwise.
     */
    private FetchResult fetchResource(URI uri) throws InterruptedException {
        if (scope.checkSyntax(uri) != CrawlScope.Verdict.IN_SCOPE || !robotsAllow(uri, CrawlFrontier.PAGE)) {
            return null;
        }
        awaitTurn(uri);
        return fetcher.fetch(uri, scope, null, null);
    }

    /** Notes a rendering made for a frontier entry, for the writer to store. */
    public synchronized void recordRenderCheck(long frontierId, RenderView.Check check) {
        renderChecks.put(frontierId, check);
    }

    /** The rendering noted for a frontier entry, forgotten once taken; null when none. */
    public synchronized RenderView.Check takeRenderCheck(long frontierId) {
        return renderChecks.remove(frontierId);
    }

    /** Ends the run's browser, if one was started. */
    @Override
    public void close() {
        ChromiumRenderer browser;
        synchronized (this) {
            browser = renderer;
            renderer = null;
        }
        if (browser != null) {
            browser.close();
        }
    }

    /** Notes a spider-view fetch made for a frontier entry, for the writer to store. */
    public synchronized void recordSpiderCheck(long frontierId, SpiderView.Check check) {
        spiderChecks.put(frontierId, check);
    }

    /** The spider-view fetch noted for a frontier entry, forgotten once taken; null when none. */
    public synchronized SpiderView.Check takeSpiderCheck(long frontierId) {
        return spiderChecks.remove(frontierId);
    }

    /**
     * What a same-site script writes, fetched once per run within the scope and robots rules (politely); an empty
     * result when it cannot be fetched.
     */
    public ScriptDecoder.Decoded script(String url) throws InterruptedException {
        synchronized (this) {
            ScriptDecoder.Decoded known = scripts.get(url);
            if (known != null) {
                return known;
            }
        }
        ScriptDecoder.Decoded decoded = ScriptDecoder.decode("");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return decoded;
        }
        FetchResult r = fetchResource(uri);
        if (r != null && r.ok() && r.body().length <= 2_000_000) {
            decoded = ScriptDecoder.decode(DocumentTextExtractor.decodeText(r.body(), r.contentType()));
            if (decoded.html().length() > MAX_CACHED_SCRIPT_OUTPUT) { // bounded memory for hostile scripts
                decoded = new ScriptDecoder.Decoded(decoded.html().substring(0, MAX_CACHED_SCRIPT_OUTPUT),
                        decoded.redirects(), decoded.readsReferrer(), decoded.obfuscated(), decoded.incompleteReason());
            }
        }
        synchronized (this) {
            scripts.put(url, decoded);
        }
        return decoded;
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
