package cn.shencha.readers.crawl;

/** One URL waiting in (or taken from) a run's crawl frontier. */
public record FrontierEntry(long id, long runId, String siteId, String url, int depth, String parentUrl) {
}
