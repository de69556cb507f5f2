package cn.shencha.jobs.audit;

import cn.shencha.jobs.ShenchaApplication;
import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.jobs.support.HostileSite;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15's hostile-input regression set, on a loopback site ({@link HostileSite}) under the test JVM's heap: the
 * audit completes; every hostile item is recorded with its reason — the script-bomb page and the 50 MB page as
 * partially read and not fully analyzed, routed for review though nothing was found; the regex text analyzed; the bombs,
 * the corrupt files, the loop and the slow server as failed fetches or extractions — and every clean page of the site is
 * analyzed whole.
 */
class HostileInputIT {

    @Test
    void everyHostileItemIsRecordedWithItsReasonAndNothingElseIsLost(@TempDir Path data) throws Exception {
        try (HostileSite site = HostileSite.start();
             ConfigurableApplicationContext context = new SpringApplication(ShenchaApplication.class).run(
                     "--shencha.data=" + data, "--shencha.search.url=" + TestSearchNode.url(),
                     "--shencha.search.index-prefix=it-hostile-" + Long.toHexString(System.nanoTime()),
                     "--shencha.crawl.request-timeout=2s", "--shencha.crawl.spider.enabled=false")) {
            URI base = site.baseUri();
            ShenchaProperties properties = context.getBean(ShenchaProperties.class);
            ShenchaProperties.Site config = new ShenchaProperties.Site("测试区", base.toString(), null, "0 0 8 * * *",
                    "Asia/Shanghai", List.of(), List.of(), true, null, null, Duration.ZERO, List.of(), List.of());
            AuditTarget target = AuditTarget.of(config, properties.crawl());

            long started = System.nanoTime();
            AuditRunner.Outcome outcome = context.getBean(AuditRunner.class).run(target);
            System.out.printf("hostile site audited in %d ms, heap max %d MB%n", (System.nanoTime() - started) / 1_000_000,
                    Runtime.getRuntime().maxMemory() >> 20);
            assertThat(outcome.completed()).as(outcome.failure()).isTrue();
            JsonNode summary = JsonMapper.builder().build().readTree(outcome.summary().toFile());
            Map<String, JsonNode> fetched = new HashMap<>();
            summary.get("fetched").forEach(f -> fetched.put(path(f.get("url").asString()), f));
            Map<String, JsonNode> broken = new HashMap<>();
            summary.get("brokenLinks").forEach(b -> broken.put(path(b.get("target").asString()), b));
            Map<String, JsonNode> notAnalyzed = new HashMap<>();
            summary.get("notFullyAnalyzed").forEach(n -> notAnalyzed.put(path(n.get("url").asString()), n));
            fetched.forEach((p, f) -> System.out.println("  " + p + " " + f.get("state").asString() + " "
                    + (f.get("error").isNull() ? "" : f.get("error").asString()) + " "
                    + (f.has("partialReason") ? f.get("partialReason").asString() : "")));

            // The script bomb: kept as far as it decoded, recorded as partial, not fully analyzed, routed for review.
            JsonNode bomb = fetched.get("/bomb.html");
            assertThat(bomb.get("state").asString()).isEqualTo("FETCHED");
            assertThat(bomb.get("partialReason").asString()).startsWith("script decoding stopped");
            assertThat(notAnalyzed.get("/bomb.html").get("reason").asString()).contains("script decoding stopped");
            assertThat(summary.at("/counts/partiallyDecoded").asInt()).isGreaterThanOrEqualTo(1);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            Map<String, Object> bombRow = jdbc.queryForMap("SELECT s.id, s.text, s.analyzed_at, s.analysis_incomplete,"
                    + " (SELECT COUNT(*) FROM review_task t WHERE t.snapshot_id = s.id) AS tasks FROM snapshot s"
                    + " JOIN page p ON p.id = s.page_id WHERE p.url = ?", base.resolve("/bomb.html").toString());
            assertThat((String) bombRow.get("text")).contains("区政府网站公告").contains(HostileSite.BOMB_TEXT);
            assertThat(bombRow.get("analyzed_at")).isNotNull();
            assertThat(((Number) bombRow.get("tasks")).intValue()).as("not fully analyzed: never clean").isEqualTo(1);
            assertThat(summary.get("reviewTasks").toString()).contains(base.resolve("/bomb.html").toString());

            // The regex text is analyzed to its end (its cost is the rules' budget, issue 15 item 5).
            JsonNode regex = fetched.get("/regex.html");
            assertThat(regex.get("state").asString()).isEqualTo("FETCHED");
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM snapshot s JOIN page p ON p.id = s.page_id"
                    + " WHERE p.url = ? AND s.analyzed_at IS NOT NULL", Integer.class, base.resolve("/regex.html").toString()))
                    .isEqualTo(1);

            // The 50 MB page: its text is cut at the limit, so it is partial and not fully analyzed.
            JsonNode big = fetched.get("/big.html");
            assertThat(big.get("state").asString()).isEqualTo("FETCHED");
            assertThat(big.get("bytes").asLong()).isEqualTo(HostileSite.BIG_PAGE_BYTES);
            assertThat(big.get("partialReason").asString()).startsWith("text cut at");
            assertThat(notAnalyzed).containsKey("/big.html");

            // Bombs, corrupt files, the loop and the slow server: failed, each with what went wrong.
            assertThat(fetched.get("/gzip-bomb.html").get("state").asString()).isEqualTo("FAILED");
            assertThat(fetched.get("/gzip-bomb.html").get("error").asString()).contains("larger than");
            JsonNode zip = fetched.get("/files/bomb.zip");
            assertThat(zip).as("the zip bomb is recorded").isNotNull();
            assertThat(zip.get("state").asString().equals("FAILED") ? zip.get("error").asString()
                    : zip.has("partialReason") ? zip.get("partialReason").asString() : "whole").isNotBlank();
            assertThat(fetched.get("/files/corrupt.pdf").get("state").asString()).isEqualTo("FAILED");
            assertThat(fetched.get("/files/corrupt.pdf").get("error").asString()).startsWith("cannot extract text");
            assertThat(fetched.get("/files/corrupt.docx").get("state").asString()).isEqualTo("FAILED");
            assertThat(fetched.get("/files/corrupt.docx").get("error").asString()).isNotBlank();
            assertThat(broken.get("/loop/a").get("error").asString()).isEqualTo("redirect loop");
            assertThat(broken.get("/slow.html").get("error").asString()).startsWith("timed out");

            // The deep page and the page in the wrong charset are read.
            assertThat(fetched.get("/deep.html").get("state").asString()).isEqualTo("FETCHED");
            Map<String, String> texts = new HashMap<>();
            jdbc.query("SELECT p.url, s.text, s.analyzed_at, s.analysis_incomplete FROM snapshot s JOIN page p ON p.id = s.page_id",
                    rs -> {
                        texts.put(path(rs.getString(1)), rs.getString(2));
                        if (rs.getTimestamp(3) == null) {
                            texts.put(path(rs.getString(1)) + "#unanalyzed", "");
                        }
                        if (rs.getString(4) != null) {
                            texts.put(path(rs.getString(1)) + "#incomplete", rs.getString(4));
                        }
                    });
            assertThat(texts.get("/deep.html")).contains("嵌套很深的正文");
            assertThat(texts.get("/charset.html")).contains(HostileSite.WRONG_CHARSET_TEXT);

            // Nothing else is lost: every clean page is there, analyzed whole.
            for (String[] clean : HostileSite.CLEAN) {
                assertThat(fetched.get(clean[0]).get("state").asString()).as(clean[0]).isEqualTo("FETCHED");
                assertThat(texts.get(clean[0])).as(clean[0]).contains(clean[1]);
                assertThat(texts).as(clean[0]).doesNotContainKeys(clean[0] + "#unanalyzed", clean[0] + "#incomplete");
            }
            assertThat(texts).doesNotContainKeys("/#unanalyzed", "/#incomplete", "/charset.html#incomplete",
                    "/deep.html#incomplete");
        }
    }

    private static String path(String url) {
        String p = URI.create(url).getPath();
        return p == null || p.isEmpty() ? "/" : p;
    }
}
