package cn.shencha.jobs.audit;

import cn.shencha.jobs.ShenchaApplication;
import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.jobs.support.CrawlTestSite;
import cn.shencha.jobs.support.TestSearchNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4's acceptance on a hostile test site ({@link CrawlTestSite}): the run ends by itself; the site's request log
 * shows nothing robots.txt disallows and the other host's log shows nothing at all; every broken link is recorded; the
 * Chinese of every page and attachment is extracted correctly whatever the declared charset; spider traps are cut off;
 * site health tells fresh, stale and empty columns and active and inactive feeds apart.
 */
class CrawlTestSiteIT {

    @Test
    void crawlsAHostileSiteWithinItsBoundsAndReportsItsHealth(@TempDir Path data) throws Exception {
        try (CrawlTestSite site = CrawlTestSite.start();
             ConfigurableApplicationContext context = new SpringApplication(ShenchaApplication.class).run(
                     "--shencha.data=" + data, "--shencha.search.url=" + TestSearchNode.url(),
                     "--shencha.search.index-prefix=it-crawlsite-" + Long.toHexString(System.nanoTime()),
                     "--shencha.crawl.request-timeout=2s", "--shencha.crawl.max-depth=60",
                     "--shencha.crawl.max-pages-per-pattern=12", "--shencha.crawl.max-query-variants=3")) {
            URI base = site.baseUri();
            ShenchaProperties properties = context.getBean(ShenchaProperties.class);
            ShenchaProperties.Site config = new ShenchaProperties.Site("测试区", base.toString(), null, "0 0 8 * * *",
                    "Asia/Shanghai", List.of(), List.of(), true, null, null, Duration.ZERO, List.of(),
                    List.of(base.resolve("/feed.xml").toString(), base.resolve("/feed-quiet.xml").toString()));
            AuditTarget target = AuditTarget.of(config, properties.crawl());

            AuditRunner.Outcome outcome = context.getBean(AuditRunner.class).run(target);   // returns: the run ended by itself
            assertThat(outcome.completed()).as(outcome.failure()).isTrue();
            JsonNode summary = JsonMapper.builder().build().readTree(outcome.summary().toFile());

            // Nothing disallowed, nothing out of scope was requested.
            assertThat(site.requests()).isNotEmpty().noneMatch(r -> r.path().startsWith("/private/"));
            assertThat(site.outsideRequests()).as("requests to the other host").isEmpty();
            Map<String, String> skipped = new HashMap<>();
            summary.get("skipped").forEach(s -> skipped.put(path(s.get("url").asString()), s.get("reason").asString()));
            assertThat(skipped).containsEntry("/private/secret.html", "ROBOTS").containsEntry("/friend.html", "SCOPE");

            // Spider traps were cut off by the trap guard, not by running out of pages.
            assertThat(skipped.values()).contains("TRAP_REPEATING_PATH").anyMatch(r -> r.equals("TRAP_PATH_BUDGET")
                    || r.equals("TRAP_QUERY_VARIANTS"));
            long calendarPages = site.requests().stream().map(CrawlTestSite.Request::path)
                    .filter(p -> p.startsWith("/calendar/")).distinct().count();
            assertThat(calendarPages).as("calendar URLs fetched: 12 per pattern, with and without the query")
                    .isLessThanOrEqualTo(2 * 12);

            // Every broken link is recorded, with what went wrong.
            Map<String, JsonNode> broken = new HashMap<>();
            summary.get("brokenLinks").forEach(b -> broken.put(path(b.get("target").asString()), b));
            assertThat(broken).containsOnlyKeys("/loop/a", "/leave", "/error.html", "/missing.html", "/slow.html");
            assertThat(broken.get("/loop/a").get("error").asString()).isEqualTo("redirect loop");
            assertThat(broken.get("/leave").get("error").asString()).startsWith("redirect left the crawl scope");
            assertThat(broken.get("/error.html").get("status").asInt()).isEqualTo(500);
            assertThat(broken.get("/missing.html").get("status").asInt()).isEqualTo(404);
            assertThat(broken.get("/slow.html").get("status").isNull()).isTrue();
            assertThat(broken.get("/slow.html").get("error").asString()).startsWith("timed out");
            broken.values().forEach(b -> assertThat(path(b.get("source").asString())).isEqualTo("/"));
            assertThat(summary.at("/counts/brokenLinks").asInt()).isEqualTo(5);

            // The Chinese of every page and attachment is right, whatever the server declared.
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            Map<String, String> texts = new HashMap<>();
            jdbc.query("SELECT p.url, s.text FROM snapshot s JOIN page p ON p.id = s.page_id", rs -> {
                texts.put(path(rs.getString(1)), rs.getString(2));
            });
            assertThat(texts.get("/gbk.html")).contains(CrawlTestSite.GBK_TEXT).contains("请于十二月十日前完成资金拨付");
            assertThat(texts.get("/big5.html")).contains(CrawlTestSite.BIG5_TEXT);
            assertThat(texts.get("/files/checklist.docx")).contains(CrawlTestSite.DOCX_TEXT).contains("消防通道");
            assertThat(texts.get("/")).contains(CrawlTestSite.HOME_TEXT);
            assertThat(texts.get("/news/1.html")).contains("会议部署冬季安全生产工作");
            texts.forEach((p, t) -> assertThat(t).as(p).doesNotContain("\uFFFD").doesNotContain("锟斤拷"));
            assertThat(summary.get("fetched")).anySatisfy(f -> {
                assertThat(path(f.get("url").asString())).isEqualTo("/gbk.html");
                assertThat(f.get("charset").asString()).isEqualTo("GB18030");
            });

            // Site health: redirect chains, fresh / stale / empty columns, the home page, active and quiet feeds.
            JsonNode health = summary.get("health");
            Map<String, JsonNode> chains = new HashMap<>();
            health.get("redirectChains").forEach(c -> chains.put(path(c.get("url").asString()), c));
            assertThat(chains.get("/old").get("hops").asInt()).isEqualTo(2);
            assertThat(path(chains.get("/old").get("finalUrl").asString())).isEqualTo("/news/index.html");
            assertThat(chains).containsKeys("/loop/a", "/leave");
            Map<String, String> columns = new HashMap<>();
            health.get("columns").forEach(c -> columns.put(c.get("name").asString(), c.get("status").asString()));
            assertThat(columns).containsEntry("新闻动态", "FRESH").containsEntry("通知公告", "STALE")
                    .containsEntry("政策文件", "EMPTY");
            assertThat(health.at("/home/status").asString()).isEqualTo("FRESH");
            Map<String, JsonNode> feeds = new HashMap<>();
            health.get("feeds").forEach(f -> feeds.put(path(f.get("url").asString()), f));
            assertThat(feeds.get("/feed.xml").get("status").asString()).isEqualTo("ACTIVE");
            assertThat(feeds.get("/feed.xml").get("originalPostsInWindow").asInt()).isEqualTo(1);
            assertThat(feeds.get("/feed-quiet.xml").get("status").asString()).as("only a repost this week").isEqualTo("INACTIVE");
            assertThat(feeds.get("/feed-quiet.xml").get("postsInWindow").asInt()).isEqualTo(1);
            assertThat(summary.at("/counts/staleColumns").asInt()).isEqualTo(1);
            // empty: the policy column, and the trap's "栏目" directories (/trap/x/, /trap/x/x/), which list nothing
            Set<String> empty = new TreeSet<>();
            health.get("columns").forEach(c -> {
                if (c.get("status").asString().equals("EMPTY")) {
                    empty.add(path(c.get("url").asString()));
                }
            });
            assertThat(empty).contains("/policy/index.html").allMatch(p -> p.equals("/policy/index.html") || p.startsWith("/trap/"));
            assertThat(summary.at("/counts/emptyColumns").asInt()).isEqualTo(empty.size());
            assertThat(summary.at("/counts/inactiveFeeds").asInt()).isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM site_health WHERE run_id = ? AND kind = 'BROKEN_LINK'",
                    Integer.class, outcome.runId())).as("kept for the weekly report").isEqualTo(5);

            // The spider view stayed in the same bounds.
            Set<String> spiderPaths = new TreeSet<>();
            site.requests().stream().filter(r -> r.userAgent() != null && r.userAgent().contains("Baiduspider"))
                    .forEach(r -> spiderPaths.add(r.path()));
            assertThat(spiderPaths).isNotEmpty().noneMatch(p -> p.startsWith("/private/"));
        }
    }

    private static String path(String url) {
        String p = URI.create(url).getPath();
        return p == null || p.isEmpty() ? "/" : p;
    }
}
