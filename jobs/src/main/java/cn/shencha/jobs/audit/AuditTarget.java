package cn.shencha.jobs.audit;

import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.readers.crawl.CrawlFrontier;
import cn.shencha.readers.crawl.CrawlScope;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one run of {@code auditJob} audits, carried in the job parameters so that a restart audits exactly the same.
 * The site id and the run key identify the job instance (one instance per run); everything else rides along.
 */
public record AuditTarget(String siteId, String name, URI startUrl, String unit, List<String> allowedHosts,
                          List<String> pathPrefixes, boolean allowPrivate, int maxPages, int maxDepth,
                          long politenessDelayMillis, List<String> sitemaps, List<String> feeds) {

    public AuditTarget {
        allowedHosts = List.copyOf(allowedHosts);
        pathPrefixes = List.copyOf(pathPrefixes);
        sitemaps = sitemaps == null ? List.of() : List.copyOf(sitemaps);
        feeds = feeds == null ? List.of() : List.copyOf(feeds);
    }

    /** A configured site, with crawl defaults filled in. */
    public static AuditTarget of(ShenchaProperties.Site site, ShenchaProperties.Crawl defaults) {
        URI start = parseStartUrl(site.url());
        Duration delay = site.politenessDelay() != null ? site.politenessDelay() : defaults.politenessDelay();
        return new AuditTarget(siteIdOf(start), site.name() == null || site.name().isBlank() ? start.getHost() : site.name(),
                start, site.unit(), site.allowedHosts(), site.pathPrefixes(), site.allowPrivate(),
                site.maxPages() != null ? site.maxPages() : defaults.maxPages(),
                site.maxDepth() != null ? site.maxDepth() : defaults.maxDepth(), delay.toMillis(),
                sourceUrls(site.sitemaps(), "sitemap"), sourceUrls(site.feeds(), "feed"));
    }

    /** Configured sitemap or feed URLs, checked like a start URL. */
    private static List<String> sourceUrls(List<String> urls, String what) {
        List<String> out = new ArrayList<>();
        for (String u : urls == null ? List.<String>of() : urls) {
            if (u == null || u.isBlank()) {
                continue;
            }
            try {
                out.add(parseStartUrl(u).toString());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad " + what + " URL: " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * Parses and checks a start URL given on the command line or in configuration.
     *
     * @throws IllegalArgumentException with a message fit for the user
     */
    public static URI parseStartUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("a site needs a URL");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("only http and https sites can be audited: " + url);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the URL has no host: " + url);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        try {
            return new URI(scheme, uri.getRawAuthority().toLowerCase(Locale.ROOT), path, uri.getRawQuery(), null).normalize();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + url);
        }
    }

    /** A site's stable id: derived from its start URL's scheme and authority, so it survives renames. */
    public static String siteIdOf(URI start) {
        return CrawlFrontier.sha256(start.getScheme() + "://" + CrawlScope.hostKey(start)).substring(0, 16);
    }

    /** Whether a URL is one of the sitemaps or feeds configured for the site (fetched even on another host). */
    public boolean isConfiguredSource(String url) {
        return sitemaps.contains(url) || feeds.contains(url);
    }

    public CrawlScope scope() {
        Set<String> hosts = new LinkedHashSet<>();
        hosts.add(CrawlScope.hostKey(startUrl));
        hosts.addAll(allowedHosts);
        return new CrawlScope(hosts, pathPrefixes, allowPrivate);
    }

    public JobParameters toJobParameters(String runKey) {
        return new JobParametersBuilder()
                .addString("site", siteId, true)
                .addString("runKey", runKey, true)
                .addString("site.name", name, false)
                .addString("site.url", startUrl.toString(), false)
                .addString("site.unit", unit == null ? "" : unit, false)
                .addString("site.allowedHosts", String.join(" ", allowedHosts), false)
                .addString("site.pathPrefixes", String.join(" ", pathPrefixes), false)
                .addString("site.allowPrivate", Boolean.toString(allowPrivate), false)
                .addLong("site.maxPages", (long) maxPages, false)
                .addLong("site.maxDepth", (long) maxDepth, false)
                .addLong("site.politenessDelayMillis", politenessDelayMillis, false)
                .addString("site.sitemaps", String.join(" ", sitemaps), false)
                .addString("site.feeds", String.join(" ", feeds), false)
                .toJobParameters();
    }

    public static AuditTarget fromJobParameters(JobParameters p) {
        return new AuditTarget(p.getString("site"), p.getString("site.name"), URI.create(p.getString("site.url")),
                emptyToNull(p.getString("site.unit")), words(p.getString("site.allowedHosts")),
                words(p.getString("site.pathPrefixes")), Boolean.parseBoolean(p.getString("site.allowPrivate")),
                p.getLong("site.maxPages").intValue(), p.getLong("site.maxDepth").intValue(),
                p.getLong("site.politenessDelayMillis"), words(p.getString("site.sitemaps")), words(p.getString("site.feeds")));
    }

    /** A fresh run key: the start instant, so runs sort by time and never collide. */
    public static String newRunKey() {
        return Instant.now().toString();
    }

    private static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        if (s != null) {
            for (String w : s.trim().split("\\s+")) {
                if (!w.isEmpty()) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
