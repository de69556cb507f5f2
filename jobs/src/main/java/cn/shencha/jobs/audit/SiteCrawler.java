package cn.shencha.jobs.audit;

import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.readers.crawl.CrawlScope;
import cn.shencha.readers.crawl.PageFetcher;
import cn.shencha.readers.crawl.RobotsPolicy;
import cn.shencha.readers.extract.DocumentTextExtractor;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * One run's crawl machinery for one site: its scope, fetcher, robots rules and politeness clock. Shared by the crawl
 * step's processor (which fetches) and writer (which decides what discovered links may be queued).
 */
public class SiteCrawler {

    private final AuditTarget target;
    private final CrawlScope scope;
    private final PageFetcher fetcher;
    private final RobotsPolicy robots;
    private final DocumentTextExtractor extractor;
    private final Map<String, Long> lastRequestByHost = new HashMap<>();

    public SiteCrawler(AuditTarget target, ShenchaProperties.Crawl crawl) {
        this.target = target;
        this.scope = target.scope();
        PageFetcher.Settings settings = new PageFetcher.Settings(crawl.userAgent(), crawl.connectTimeout(),
                crawl.requestTimeout(), crawl.maxBodyBytes(), 5);
        this.fetcher = new PageFetcher(settings);
        this.robots = new RobotsPolicy(fetcher, scope, "shenchabot");
        this.extractor = new DocumentTextExtractor(new DocumentTextExtractor.Limits(crawl.maxBodyBytes(), 5_000_000,
                crawl.parseTimeout().toMillis()));
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
