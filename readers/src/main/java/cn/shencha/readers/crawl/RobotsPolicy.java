package cn.shencha.readers.crawl;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * robots.txt rules per host, parsed by crawler-commons and fetched once per host per crawl. A missing robots.txt
 * (4xx) allows everything; a server error or an unreachable robots.txt disallows everything for that host, as the
 * robots exclusion standard (RFC 9309) asks.
 */
public final class RobotsPolicy {

    private final PageFetcher fetcher;
    private final CrawlScope scope;
    private final String agentName;
    private final SimpleRobotRulesParser parser = new SimpleRobotRulesParser();
    private final Map<String, BaseRobotRules> rulesByHost = new ConcurrentHashMap<>();

    public RobotsPolicy(PageFetcher fetcher, CrawlScope scope, String agentName) {
        this.fetcher = fetcher;
        this.scope = scope;
        this.agentName = agentName;
    }

    public boolean allowed(URI uri) {
        return rules(uri).isAllowed(uri.toString());
    }

    /** The crawl delay robots.txt asks for, in milliseconds, or 0. */
    public long crawlDelayMillis(URI uri) {
        long delay = rules(uri).getCrawlDelay();
        return delay == BaseRobotRules.UNSET_CRAWL_DELAY ? 0 : Math.max(0, delay);
    }

    /** The sitemaps the host's robots.txt announces ({@code Sitemap:} lines), as absolute URLs. */
    public List<String> sitemaps(URI uri) {
        return List.copyOf(rules(uri).getSitemaps());
    }

    private BaseRobotRules rules(URI uri) {
        String key = uri.getScheme() + "://" + CrawlScope.hostKey(uri);
        return rulesByHost.computeIfAbsent(key, k -> load(URI.create(k + "/robots.txt")));
    }

    private BaseRobotRules load(URI robots) {
        FetchResult result = fetcher.fetch(robots, scope, null, null);
        if (result.ok()) {
            return parser.parseContent(robots.toString(), result.body(),
                    result.contentType() == null ? "text/plain" : result.contentType(), List.of(agentName));
        }
        if (result.error() == null && result.status() >= 400 && result.status() < 500) {
            return new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_ALL);
        }
        return new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_NONE);
    }
}
