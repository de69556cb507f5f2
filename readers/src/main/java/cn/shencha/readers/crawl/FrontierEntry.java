package cn.shencha.readers.crawl;

/**
 * One URL waiting in (or taken from) a run's crawl frontier.
 *
 * @param source what the URL is: {@link CrawlFrontier#PAGE} (a page or attachment), {@link CrawlFrontier#SITEMAP} or
 *               {@link CrawlFrontier#FEED}
 */
public record FrontierEntry(long id, long runId, String siteId, String url, int depth, String parentUrl, String source) {

    public FrontierEntry {
        source = source == null ? CrawlFrontier.PAGE : source;
    }

    /** A page entry. */
    public FrontierEntry(long id, long runId, String siteId, String url, int depth, String parentUrl) {
        this(id, runId, siteId, url, depth, parentUrl, CrawlFrontier.PAGE);
    }
}
