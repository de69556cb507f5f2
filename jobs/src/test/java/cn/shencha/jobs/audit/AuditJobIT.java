package cn.shencha.jobs.audit;

import cn.shencha.jobs.ShenchaApplication;
import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.jobs.demo.DemoPortalServer;
import cn.shencha.jobs.search.SearchCluster;
import cn.shencha.jobs.support.PostgresTestDatabase;
import cn.shencha.jobs.support.TestSearchNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * auditJob end to end on the demo portal, against a real Elasticsearch node and each real database: H2 in file mode
 * and the machine's PostgreSQL. A second run must update, not duplicate, and must not re-analyze unchanged pages.
 */
class AuditJobIT {

    private static DemoPortalServer portal;

    @BeforeAll
    static void startPortal() throws Exception {
        portal = DemoPortalServer.start(0);
    }

    @AfterAll
    static void stopPortal() {
        portal.close();
    }

    /**
     * The demo portal's EXPECTED.json names, for every page, the categories planted in it (empty for clean pages):
     * the findings of each page must be exactly those categories.
     */
    static void assertMatchesExpected(JsonNode summary, DemoPortalServer portal) throws Exception {
        JsonNode expected;
        try (var in = AuditJobIT.class.getResourceAsStream("/demo-portal/EXPECTED.json")) {
            expected = JsonMapper.builder().build().readTree(in);
        }
        java.util.Map<String, Set<String>> found = new java.util.HashMap<>();
        summary.get("findings").forEach(f -> found.computeIfAbsent(
                java.net.URI.create(f.get("url").asString()).getPath(), k -> new java.util.TreeSet<>()).add(f.get("category").asString()));
        List<String> mismatches = new ArrayList<>();
        for (JsonNode page : expected.get("pages")) {
            Set<String> want = new java.util.TreeSet<>();
            page.get("expected").forEach(c -> want.add(c.isString() ? c.asString() : c.get("category").asString()));
            Set<String> got = new java.util.TreeSet<>(found.getOrDefault(page.get("path").asString(), Set.of()));
            if (page.has("aliases")) {
                page.get("aliases").forEach(a -> got.addAll(found.getOrDefault(a.asString(), Set.of())));
            }
            if (!want.equals(got)) {
                mismatches.add(page.get("path").asString() + ": expected " + want + ", found " + got);
            }
        }
        assertThat(mismatches).as("pages whose findings differ from EXPECTED.json").isEmpty();
    }

    /**
     * The run's WARC files read back with jwarc: every record's block digest verifies, there is a response and a
     * request record for every fetch that got a response, and every snapshot's stored location holds the response its
     * body came from (same URL, same payload hash).
     */
    static void assertWarcMatchesSnapshots(JdbcTemplate jdbc, Path data, long runId, JsonNode summary) throws Exception {
        Path root = data.resolve("warc");
        List<String> files = jdbc.queryForList("SELECT name FROM warc_file WHERE run_id = ? ORDER BY sequence", String.class, runId);
        assertThat(files).isNotEmpty();
        java.util.Map<String, Integer> responses = new java.util.HashMap<>();
        int requests = 0;
        for (String file : files) {
            try (org.netpreserve.jwarc.WarcReader reader = new org.netpreserve.jwarc.WarcReader(root.resolve(file))) {
                reader.calculateBlockDigest();
                boolean firstRecord = true;
                for (org.netpreserve.jwarc.WarcRecord r : reader) {
                    assertThat(r.calculatedBlockDigest()).isEqualTo(r.blockDigest());
                    if (firstRecord) {
                        assertThat(r).isInstanceOf(org.netpreserve.jwarc.Warcinfo.class);
                        firstRecord = false;
                    }
                    if (r instanceof org.netpreserve.jwarc.WarcResponse resp) {
                        responses.merge(resp.target(), 1, Integer::sum);
                        assertThat(resp.payloadDigest()).isPresent();
                    } else if (r instanceof org.netpreserve.jwarc.WarcRequest req) {
                        requests++;
                        assertThat(req.concurrentTo()).hasSize(1);
                    }
                }
            }
        }
        assertThat(requests).isEqualTo(responses.values().stream().mapToInt(Integer::intValue).sum());
        assertThat(responses).containsKey(java.net.URI.create(summary.at("/site/url").asString()).resolve("/robots.txt").toString());
        for (JsonNode f : summary.get("fetched")) {
            if (f.get("status").isNumber()) {
                assertThat(responses).as("a response record for " + f.get("url").asString()).containsKey(f.get("finalUrl").asString());
            }
        }
        List<java.util.Map<String, Object>> snapshots = jdbc.queryForList("SELECT s.id, p.url, s.body_sha256, s.warc_file, s.warc_offset"
                + " FROM snapshot s JOIN page p ON p.id = s.page_id WHERE s.first_run_id = ? AND s.source_url IS NULL", runId);
        assertThat(snapshots).isNotEmpty();
        for (java.util.Map<String, Object> s : snapshots) {
            assertThat(s.get("warc_file")).as("WARC location of " + s.get("url")).isNotNull();
            cn.shencha.archive.warc.WarcReplay.ArchivedResponse archived = cn.shencha.archive.warc.WarcReplay.read(root,
                    new cn.shencha.archive.warc.WarcLocation((String) s.get("warc_file"), ((Number) s.get("warc_offset")).longValue()));
            assertThat(archived.target().toString()).isEqualTo(s.get("url"));
            assertThat(PageFetchItemProcessor.sha256(archived.body())).as("archived body of " + s.get("url"))
                    .isEqualTo(s.get("body_sha256"));
        }
    }

    /**
     * Cloaked and scripted spam: the first run sees every HTML page as Baiduspider too (recorded in the summary), and the
     * page that shows spam only to the spider and the page that writes it from an obfuscated script are flagged with
     * the decoded phrases as evidence.
     */
    private static void assertSpiderViewAndScriptsFlagged(JsonNode summary) {
        JsonNode spider = summary.get("spiderFetches");
        assertThat(spider.size()).isEqualTo(summary.at("/counts/spiderFetched").asInt()).isGreaterThanOrEqualTo(20);
        List<String> differing = new ArrayList<>();
        spider.forEach(f -> {
            assertThat(f.get("userAgent").asString()).contains("Baiduspider");
            if (f.get("differs").asBoolean()) {
                differing.add(java.net.URI.create(f.get("url").asString()).getPath());
            }
        });
        assertThat(differing).containsExactly("/bmdt/2026/1121-01.html");
        assertThat(portal.requests()).filteredOn(r -> r.userAgent() != null && r.userAgent().contains("Baiduspider"))
                .isNotEmpty().allSatisfy(r -> assertThat(r.path()).doesNotStartWith("/admin/"));
        java.util.Map<String, String> evidence = new java.util.HashMap<>();
        summary.get("findings").forEach(f -> {
            if (f.get("category").asString().equals("HIDDEN_LINK")) {
                evidence.merge(java.net.URI.create(f.get("url").asString()).getPath(), f.get("evidence").asString(),
                        (a, b) -> a + "\n" + b);
            }
        });
        assertThat(evidence.get("/bmdt/2026/1121-01.html")).contains("线上娱乐官方网址").contains("网贷秒下款");
        assertThat(evidence.get("/bmdt/2026/1122-01.html")).contains("百家乐在线");
    }

    /**
     * Site health of the demo portal: every column index page with its newest dated item (verdicts depend on today's
     * date and are proven on the crawl test site), the home page, and the new-media feed with its newest post.
     */
    private static void assertHealthOfTheDemo(JsonNode summary) {
        java.util.Map<String, String> newest = new java.util.TreeMap<>();
        summary.at("/health/columns").forEach(c -> newest.put(java.net.URI.create(c.get("url").asString()).getPath()
                + " " + c.get("name").asString(), c.get("newestItem").isNull() ? null : c.get("newestItem").asString()));
        assertThat(newest).containsEntry("/bmdt/index.html 部门动态", "2026-11-22")
                .containsEntry("/tzgg/index.html 通知公告", "2026-11-20")
                .containsKeys("/zwdt/index.html 政务动态", "/zcwj/index.html 政策文件");
        summary.at("/health/columns").forEach(c -> {
            if (c.get("name").asString().equals("政务动态")) {
                assertThat(c.get("kind").asString()).isEqualTo("动态要闻");
                assertThat(c.get("maxAgeDays").asInt()).isEqualTo(14);
            }
        });
        assertThat(summary.at("/health/home/url").asString()).isEqualTo(summary.at("/site/url").asString());
        assertThat(summary.at("/health/home/status").asString()).as("first seen now").isEqualTo("FRESH");
        JsonNode feed = summary.at("/health/feeds/0");
        assertThat(feed.get("url").asString()).endsWith("/xmt/yunchuanfabu.xml");
        assertThat(feed.get("newestPost").asString()).isEqualTo("2026-11-25");
        assertThat(summary.at("/counts/brokenLinks").asInt()).isEqualTo(summary.get("brokenLinks").size());
    }

    /** {@code shencha replay URL} prints the archived page: its status line, headers and body. */
    private static void assertReplayPrintsThePage(Path data) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        String url = portal.baseUri().resolve("/tzgg/index.html").toString();
        int code = cn.shencha.jobs.cli.ShenchaCli.run(List.of("--data", data.toString(), "replay", url),
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(code).as(err.toString(java.nio.charset.StandardCharsets.UTF_8)).isZero();
        assertThat(printed).startsWith("HTTP/1.1 200").containsIgnoringCase("content-type: text/html").contains("通知公告");
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("SHENCHA-");
        int missing = cn.shencha.jobs.cli.ShenchaCli.run(List.of("--data", data.toString(), "replay", url, "--at", "2001-01-01"),
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(missing).as("nothing was archived in 2001").isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void auditsTheDemoPortalAndRerunsIdempotently(String database, @TempDir Path data) throws Exception {
        List<String> args = new ArrayList<>(List.of("--shencha.data=" + data,
                "--shencha.search.url=" + TestSearchNode.url(),
                "--shencha.search.index-prefix=it-" + database + "-" + Long.toHexString(System.nanoTime())));
        PostgresTestDatabase pg = database.equals("postgresql") ? PostgresTestDatabase.create() : null;
        if (pg != null) {
            args.add("--spring.datasource.url=" + pg.url());
            args.add("--spring.datasource.username=" + pg.user());
            args.add("--spring.datasource.password=" + pg.password());
        }
        try (ConfigurableApplicationContext context = new SpringApplication(ShenchaApplication.class).run(args.toArray(String[]::new))) {
            AuditRunner runner = context.getBean(AuditRunner.class);
            ShenchaProperties properties = context.getBean(ShenchaProperties.class);
            ShenchaProperties.Site site = new ShenchaProperties.Site("演示", portal.baseUri().toString(), null,
                    "0 0 8,12,18 * * *", "Asia/Shanghai", List.of(), List.of(), true, null, null, Duration.ZERO);
            AuditTarget target = AuditTarget.of(site, properties.crawl());

            AuditRunner.Outcome first = runner.run(target);
            assertThat(first.completed()).as(first.failure()).isTrue();
            JsonNode summary = JsonMapper.builder().build().readTree(first.summary().toFile());
            assertThat(summary.get("format").asString()).isEqualTo("shencha-run-summary/1");
            JsonNode counts = summary.get("counts");
            assertThat(counts.get("fetched").asInt()).isGreaterThanOrEqualTo(24);
            assertThat(counts.get("skippedByRobots").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(counts.get("skippedByScope").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(counts.get("brokenLinks").asInt()).isGreaterThanOrEqualTo(1);
            Set<String> categories = new HashSet<>();
            summary.get("findings").forEach(f -> categories.add(f.get("category").asString()));
            assertThat(categories).hasSizeGreaterThanOrEqualTo(5);
            assertThat(counts.get("reviewTasksCreated").asInt()).isPositive();
            assertMatchesExpected(summary, portal);
            // Never touched: robots-disallowed pages and other hosts.
            assertThat(portal.requests()).noneMatch(r -> r.path().startsWith("/admin/"));
            assertSpiderViewAndScriptsFlagged(summary);
            assertHealthOfTheDemo(summary);

            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            assertWarcMatchesSnapshots(jdbc, data, first.runId(), summary);
            if (pg == null) {
                assertReplayPrintsThePage(data);
            }
            SearchCluster search = context.getBean(SearchCluster.class);
            search.refresh();
            long pagesInIndex = search.count(SearchCluster.PAGES);
            long findingsInIndex = search.count(SearchCluster.FINDINGS);
            int snapshots = jdbc.queryForObject("SELECT COUNT(*) FROM snapshot", Integer.class);
            int findings = jdbc.queryForObject("SELECT COUNT(*) FROM finding", Integer.class);
            int tasks = jdbc.queryForObject("SELECT COUNT(*) FROM review_task", Integer.class);
            assertThat(pagesInIndex).isEqualTo(snapshots);
            assertThat(findingsInIndex).isEqualTo(findings);

            AuditRunner.Outcome second = runner.run(target);
            assertThat(second.completed()).isTrue();
            assertThat(second.runId()).isNotEqualTo(first.runId());
            JsonNode again = JsonMapper.builder().build().readTree(second.summary().toFile()).get("counts");
            assertThat(again.get("analyzed").asInt()).as("unchanged pages are not analyzed again").isZero();
            assertThat(again.get("findings").asInt()).isEqualTo(counts.get("findings").asInt());
            search.refresh();
            assertThat(search.count(SearchCluster.PAGES)).isEqualTo(pagesInIndex);
            assertThat(search.count(SearchCluster.FINDINGS)).isEqualTo(findingsInIndex);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM snapshot", Integer.class)).isEqualTo(snapshots);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM review_task", Integer.class)).isEqualTo(tasks);
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }
}
