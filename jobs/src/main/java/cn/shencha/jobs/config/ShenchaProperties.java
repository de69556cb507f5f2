package cn.shencha.jobs.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything Shencha reads from {@code application.yml} under {@code shencha.}. See the README's Configuration section.
 *
 * @param data    the data directory: database, search node, run summaries, WARC files, ledgers
 * @param sites   the sites audited on a schedule
 * @param crawl   crawl defaults a site can override
 * @param review  routing of findings to the review levels and the secrecy bureau
 * @param search  the search cluster (a local node when no URL is set)
 * @param rules   the rule pack
 * @param organization the issuing office named on ledgers and reports
 * @param units   the units (departments, towns) whose published items they review, by URL prefix
 * @param signing the key that signs ledgers, reports and archival packages
 * @param console the web console and its security policy
 * @param warc    WARC capture of every fetch
 * @param health  site health checks of every run
 * @param report  the weekly report (reportJob)
 * @param duty    the duty reading log
 */
@ConfigurationProperties("shencha")
public record ShenchaProperties(
        @DefaultValue("data") Path data,
        @DefaultValue List<Site> sites,
        @DefaultValue Crawl crawl,
        @DefaultValue Review review,
        @DefaultValue Search search,
        @DefaultValue Rules rules,
        @DefaultValue("区人民政府办公室") String organization,
        @DefaultValue List<Unit> units,
        @DefaultValue Signing signing,
        @DefaultValue Console console,
        @DefaultValue Warc warc,
        @DefaultValue Health health,
        @DefaultValue Report report,
        @DefaultValue Duty duty,
        @DefaultValue Trail trail) {

    /**
     * The weekly audit report (issue 8).
     *
     * @param schedule   when reportJob reports on the week just ended (Spring cron); default Monday 08:00
     * @param zone       the zone of the schedule and of the report's weeks and days
     * @param perUnit    whether reportJob also writes one report per unit besides the district's
     * @param consoleUrl the console's address, for the links from a report's open items to their pages
     */
    public record Report(@DefaultValue("0 0 8 * * MON") String schedule,
                         @DefaultValue("Asia/Shanghai") String zone,
                         @DefaultValue("true") boolean perUnit,
                         String consoleUrl) {
    }

    /**
     * The duty reading log (值班读网表, ch. 6).
     *
     * @param confirmBy the time of the next morning by which a reading must be confirmed; at that time an unconfirmed
     *                  or missed reading of the day before is flagged
     */
    public record Duty(@DefaultValue("08:00") java.time.LocalTime confirmBy) {
    }

    /**
     * A unit (单位) that publishes on the portal and reviews its own items at levels 1 to 3.
     *
     * @param id          a short code (letters, digits, '-', '_'), e.g. {@code fgw}
     * @param name        its Chinese name, e.g. 区发展和改革局
     * @param kind        DEPARTMENT, TOWN or DISTRICT (the district office owns every item no other unit claims)
     * @param urlPrefixes published URLs starting with one of these belong to the unit (longest prefix wins)
     */
    public record Unit(String id, String name, @DefaultValue("DEPARTMENT") String kind,
                       @DefaultValue List<String> urlPrefixes) {
    }

    /**
     * @param keystore PKCS#12 keystore with the signing key and certificate chain; empty: demo mode generates a
     *                 self-signed key under the data directory and says so on everything it signs
     * @param alias    the key's alias in the keystore
     * @param password the keystore and key password
     * @param tsaUrl   an RFC 3161 time-stamping authority; when set, signatures are PAdES B-T instead of B-B
     * @param trustAnchors PEM files of CA (or signer) certificates that verification trusts besides the configured
     *                 signing certificate, e.g. the CA of the office's certificate and of the TSA (ADR 12)
     */
    public record Signing(Path keystore, String alias, String password, String tsaUrl, List<Path> trustAnchors) {
    }

    /**
     * The keyed audit trail (ADR 12).
     *
     * @param keyFile            the HMAC key file; empty: {@code DATA/keys/trail-hmac.keys}, generated (0600) on first use
     * @param checkpointSchedule when {@code serve} signs a checkpoint of the chain head (Spring cron, zone of reports)
     */
    public record Trail(Path keyFile, @DefaultValue("0 5 0 * * *") String checkpointSchedule) {
    }

    /**
     * @param port              the console's HTTP port (loopback unless {@code address} says otherwise)
     * @param address           the address the console listens on
     * @param sessionTimeout    idle time after which a console session ends
     * @param passwordMaxAge    a password older than this must be changed at the next login (ch. 5: every 3 months)
     * @param maxFailedLogins   failed logins in a row, from one source address, after which that source may not try
     *                          that account for {@code lockout} (other sources still may: the administrator keeps a way in)
     * @param lockout           how long a source stays refused (an administrator's reset or {@code shencha user unlock}
     *                          ends it earlier)
     * @param draftMaxBytes     the largest draft a user may upload for pre-publication review
     * @param sourceMaxFailedLogins failed logins from one source address, whatever the accounts, within {@code lockout}
     *                          after which that source may not try any account until {@code lockout} has passed
     * @param accountLockFailures failed logins in a row from all sources together that lock the account itself (until
     *                          {@code lockout} has passed, a reset or {@code shencha user unlock})
     * @param tls               the console's TLS certificate (PKCS#12); empty: plain HTTP
     * @param forwardedHeaders  honour X-Forwarded-For/-Proto of a reverse proxy on loopback or a private network (the
     *                          proxy terminates TLS)
     */
    public record Console(@DefaultValue("8080") int port,
                          @DefaultValue("127.0.0.1") String address,
                          @DefaultValue("30m") Duration sessionTimeout,
                          @DefaultValue("90d") Duration passwordMaxAge,
                          @DefaultValue("5") int maxFailedLogins,
                          @DefaultValue("30m") Duration lockout,
                          @DefaultValue("20971520") long draftMaxBytes,
                          @DefaultValue("20") int sourceMaxFailedLogins,
                          @DefaultValue("20") int accountLockFailures,
                          @DefaultValue Tls tls,
                          @DefaultValue("false") boolean forwardedHeaders) {
    }

    /**
     * @param keystore the PKCS#12 file with the console's key and certificate chain; empty: no TLS
     * @param password its password (keystore and key)
     * @param alias    the key's alias, when the file holds more than one
     */
    public record Tls(Path keystore, String password, String alias) {
    }

    /**
     * Site health (issue 4 item 6; the national government-website inspection's single-veto items and ch. 8 §3.2).
     *
     * @param columns       column kinds and how old their newest dated item may be; a column index page belongs to the
     *                      first kind one of whose words its name (ColumnName meta, else its title) contains
     * @param homeMaxAge    the home page must change at least this often
     * @param feedWindow    a new-media feed must publish {@code feedMinOriginal} original posts in this window
     * @param repostMarkers an item whose title or text starts with one of these is a repost, not an original post
     * @param zone          the zone dates on pages are read in
     */
    public record Health(@DefaultValue List<Column> columns,
                         @DefaultValue("14d") Duration homeMaxAge,
                         @DefaultValue("7d") Duration feedWindow,
                         @DefaultValue("1") int feedMinOriginal,
                         @DefaultValue({"转发", "转载", "【转", "[转", "转自"}) List<String> repostMarkers,
                         @DefaultValue("Asia/Shanghai") String zone) {

        @ConstructorBinding
        public Health {
            if (columns == null || columns.isEmpty()) {
                columns = List.of(new Column("动态要闻", List.of("动态", "要闻", "新闻", "资讯"), Duration.ofDays(14)),
                        new Column("通知公告和政策文件", List.of("通知公告", "通知", "公告", "政策文件", "政策", "文件"),
                                Duration.ofDays(183)));
            }
            repostMarkers = repostMarkers == null ? List.of() : List.copyOf(repostMarkers);
        }
    }

    /** A kind of column: its name, the words that identify it, the age its newest item may have. */
    public record Column(String name, List<String> words, Duration maxAge) {
    }

    /**
     * WARC capture: every request the crawl makes and its response, under {@code DATA/warc/<site-id>/}.
     *
     * @param maxFileSize a WARC file is closed and the next begun once it reaches this size
     * @param operator    the warcinfo {@code operator} field; empty: the site's unit, else its name
     */
    public record Warc(@DefaultValue("1GB") org.springframework.util.unit.DataSize maxFileSize, String operator) {
    }

    /**
     * @param directory an edited rule pack (a directory of YAML files); empty uses the pack shipped in the rules module.
     *                  Edits are picked up while Shencha runs, including the registries kept there.
     * @param publishedFigures CSV of released economic figures (region,indicator,period,value,source), in place of the
     *                  directory's published-figures.csv
     * @param caseRegistry CSV of case statuses (case_number,status[,decided_on,note]), in place of the directory's
     *                  case-registry.csv
     */
    public record Rules(Path directory, Path publishedFigures, Path caseRegistry) {
    }

    /**
     * One audited site.
     *
     * @param schedule      a Spring cron expression (second minute hour day month weekday); default three readings a day
     *                      (ch. 6: 早、中、晚)
     * @param allowedHosts  hosts besides the start URL's host that the crawl may fetch
     * @param pathPrefixes  restrict the crawl to these path prefixes (empty: the whole host)
     * @param allowPrivate  allow loopback and private addresses (a site on an intranet, the demo, tests)
     * @param sitemaps      sitemap URLs whose pages seed the crawl, besides those robots.txt announces
     * @param feeds         feed URLs (RSS 2.0, Atom, JSON Feed — e.g. a new-media account export) whose items are
     *                      audited as documents of their own, even when they link outside the site
     */
    public record Site(String name, String url, String unit,
                       @DefaultValue("0 0 8,12,18 * * *") String schedule,
                       @DefaultValue("Asia/Shanghai") String zone,
                       @DefaultValue List<String> allowedHosts,
                       @DefaultValue List<String> pathPrefixes,
                       @DefaultValue("false") boolean allowPrivate,
                       Integer maxPages, Integer maxDepth, Duration politenessDelay,
                       @DefaultValue List<String> sitemaps,
                       @DefaultValue List<String> feeds) {

        @ConstructorBinding
        public Site {
            sitemaps = sitemaps == null ? List.of() : List.copyOf(sitemaps);
            feeds = feeds == null ? List.of() : List.copyOf(feeds);
        }

        /** A site without configured sitemaps or feeds (robots.txt and pages may still announce them). */
        public Site(String name, String url, String unit, String schedule, String zone, List<String> allowedHosts,
                    List<String> pathPrefixes, boolean allowPrivate, Integer maxPages, Integer maxDepth,
                    Duration politenessDelay) {
            this(name, url, unit, schedule, zone, allowedHosts, pathPrefixes, allowPrivate, maxPages, maxDepth,
                    politenessDelay, List.of(), List.of());
        }
    }

    /**
     * Crawl defaults.
     *
     * @param maxUrlLength       spider-trap defense: longer URLs are skipped (TRAP_URL_LENGTH)
     * @param maxSegmentRepeats  spider-trap defense: a path segment or run of segments repeated back to back more often
     *                           than this ({@code /a/b/a/b/a/b}) is skipped (TRAP_REPEATING_PATH)
     * @param maxPagesPerPattern spider-trap defense: URLs queued per path pattern (digits normalized) (TRAP_PATH_BUDGET)
     * @param maxQueryVariants   spider-trap defense: distinct query strings queued per path (TRAP_QUERY_VARIANTS)
     * @param spider             re-fetching pages as a search-engine spider to catch cloaked spam
     * @param render             rendering pages in headless Chromium to see what their scripts write
     */
    public record Crawl(@DefaultValue("5000") int maxPages,
                        @DefaultValue("8") int maxDepth,
                        @DefaultValue("500ms") Duration politenessDelay,
                        @DefaultValue("10s") Duration connectTimeout,
                        @DefaultValue("30s") Duration requestTimeout,
                        @DefaultValue("52428800") long maxBodyBytes,
                        @DefaultValue("60s") Duration parseTimeout,
                        @DefaultValue("ShenchaBot/0.1 (government website secrecy audit)") String userAgent,
                        @DefaultValue("2000") int maxUrlLength,
                        @DefaultValue("2") int maxSegmentRepeats,
                        @DefaultValue("1000") int maxPagesPerPattern,
                        @DefaultValue("50") int maxQueryVariants,
                        @DefaultValue Spider spider,
                        @DefaultValue Render render) {
    }

    /**
     * Rendering in headless Chromium (issue 4 item 5): scripts obfuscated past what the static decoder unwraps (DOM
     * building, packers, timers) show what they write only when run. Off unless configured. A rendered HTML page with
     * scripts is compared with its static text; what the rendering adds, when it adds links leaving the site, is audited
     * as hidden content of the page ({@code script-rendered}). The browser reaches no server itself: the crawler answers
     * its requests within the site's scope and robots rules.
     *
     * @param enabled    whether to render at all
     * @param executable the Chromium binary (a path or a name on PATH)
     * @param timeout    how long one page may take to render
     * @param settle     how long scripts may run after the page's load event
     * @param interval   a page with scripts is rendered when it changes and at least this often
     */
    public record Render(@DefaultValue("false") boolean enabled,
                         @DefaultValue("chromium") String executable,
                         @DefaultValue("15s") Duration timeout,
                         @DefaultValue("500ms") Duration settle,
                         @DefaultValue("7d") Duration interval) {
    }

    /**
     * The spider view (issue 4 item 5): hacked portals show injected links only to search-engine spiders. HTML pages
     * are fetched a second time as a spider — within the same scope and robots rules — and what only the spider gets
     * (lines and links, when it adds links leaving the site) is audited as hidden content of the page.
     *
     * @param enabled    whether to fetch the spider view at all
     * @param userAgent  the spider's User-Agent
     * @param referer    a Referer sent with the spider view (a search engine's result page: some injections key on
     *                   it); empty sends none
     * @param interval   every page is seen as a spider at least this often
     * @param sampleRate besides, this fraction of the other pages (chosen afresh each run) is seen as a spider
     */
    public record Spider(@DefaultValue("true") boolean enabled,
                         @DefaultValue("Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)")
                         String userAgent,
                         @DefaultValue("https://www.baidu.com/s?wd=") String referer,
                         @DefaultValue("7d") Duration interval,
                         @DefaultValue("0.1") double sampleRate) {
    }

    /**
     * @param bureauSeverity  findings of a secrecy category at or above this severity send the item to the secrecy
     *                        bureau (ch. 4 §8)
     * @param dueDays         working time a review may take before it is overdue (ch. 4 §9 counts it toward the
     *                        disclosure time limit)
     */
    public record Review(@DefaultValue("MEDIUM") String bureauSeverity,
                         @DefaultValue("5") int dueDays) {
    }

    /**
     * @param url       an external Elasticsearch 9 cluster; empty starts and uses a local node under the data directory
     * @param apiKey    API key for the external cluster
     * @param trustStore PKCS#12 trust store for the external cluster's TLS certificate
     * @param indexPrefix prefix of every index and alias name
     * @param distribution the Elasticsearch distribution zip the local node runs from
     * @param heap      the local node's JVM heap
     * @param bulkSize  snapshots per bulk request (one chunk of the index step; each brings its findings along)
     * @param relaxRefreshAbove an index step with more snapshots than this turns periodic refresh off while it runs
     */
    public record Search(String url, String apiKey, String username, String password,
                         Path trustStore, String trustStorePassword,
                         @DefaultValue("shencha") String indexPrefix,
                         Path distribution,
                         @DefaultValue("512m") String heap,
                         Integer port,
                         @DefaultValue("120s") Duration startupTimeout,
                         @DefaultValue("1000") int relaxRefreshAbove,
                         @DefaultValue("100") int bulkSize) {
    }
}
