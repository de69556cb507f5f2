package cn.shencha.jobs.audit;

import cn.shencha.jobs.ShenchaApplication;
import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.jobs.support.MapSite;
import cn.shencha.jobs.support.TestSearchNode;
import cn.shencha.readers.extract.DocumentTextExtractor;
import cn.shencha.readers.extract.ExtractedDocument;
import cn.shencha.readers.extract.ScriptDecoder;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4 item 5, rendering: a hacked page whose same-site script builds its spam links with the DOM (nothing the
 * static decoder unwraps) is flagged HIDDEN_LINK from its rendering, with the decoded phrases as evidence; a page whose
 * scripts do ordinary things is not; Chromium fetches nothing itself (the second server's log stays empty, the site's
 * shows only in-scope requests); and a second run of the unchanged site analyzes nothing again.
 */
class RenderIT {

    /** The injected script: links and words assembled from character codes and base64, appended by the DOM. */
    private static final String INJECTED_JS = """
            (function () {
              var box = document.createElement('div');
              box.style.position = 'absolute'; box.style.left = '-9999px';
              var words = [[28595, 38376, 36172, 22330], [30334, 23478, 20048, 22312, 32447], [32593, 36151, 31186, 19979, 27454]];
              var hosts = ['aHR0cDovL3d3dy5hbWR1Y2hhbmcuZXhhbXBsZS8=', 'aHR0cDovL2JqbC5leGFtcGxlLw==', 'aHR0cDovL2xvYW4uZXhhbXBsZS8='];
              for (var i = 0; i < words.length; i++) {
                var a = document.createElement('a');
                a.href = atob(hosts[i]);
                a.textContent = String.fromCharCode.apply(null, words[i]);
                box.appendChild(a);
              }
              document.body.appendChild(box);
            })();
            """;

    @Test
    void domBuiltSpamIsFlaggedFromTheRenderingAndTheBrowserReachesNothingItself(@TempDir Path data) throws Exception {
        List<String> outsideLog = new CopyOnWriteArrayList<>();
        HttpServer outside = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        outside.createContext("/", exchange -> {
            try (exchange) {
                outsideLog.add(exchange.getRequestURI().toString());
                byte[] b = "document.title='x'".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, b.length);
                exchange.getResponseBody().write(b);
            }
        });
        outside.start();
        String elsewhere = "http://localhost:" + outside.getAddress().getPort();

        MapSite site = new MapSite();
        site.pages.put("/", MapSite.article("云川区人民政府", "<ul><li><a href=\"/zwdt/index.html\">政务动态</a></li></ul>"));
        site.pages.put("/zwdt/index.html", MapSite.article("政务动态", "<ul><li><a href=\"/zwdt/a.html\">区政府召开常务会议</a> 2026-11-20</li>"
                + "<li><a href=\"/zwdt/b.html\">全区冬季防火工作部署会召开</a> 2026-11-24</li></ul>"));
        site.pages.put("/zwdt/a.html", MapSite.article("区政府召开常务会议", "<p>11月20日，区政府召开常务会议，研究部署冬季安全生产工作。</p>"
                + "<p id=\"views\"></p><script src=\"/js/common.js\"></script>"
                + "<script>document.getElementById('views').textContent = '本页已在新窗口打开';"
                + "var s = document.createElement('a'); s.href = 'https://www.gov.cn/'; s.textContent = '中国政府网';"
                + "document.body.appendChild(s);</script>"));
        site.pages.put("/zwdt/b.html", MapSite.article("全区冬季防火工作部署会召开", "<p>11月24日，全区冬季森林防火工作部署会召开。</p>"
                + "<script src=\"/js/common.js\"></script><script src=\"/js/stat.js\"></script>"
                + "<script src=\"" + elsewhere + "/track.js\"></script><img src=\"" + elsewhere + "/pixel.gif\">"));
        site.pages.put("/js/common.js", "var site = {name: '云川区人民政府'};");
        site.pages.put("/js/stat.js", INJECTED_JS);
        String base = site.base();

        // Without rendering the spam is out of sight: the static text of the page and its decoded scripts lack it.
        ExtractedDocument statically = DocumentTextExtractor.appendScripts(new DocumentTextExtractor().extract(
                site.pages.get("/zwdt/b.html").getBytes(StandardCharsets.UTF_8), "text/html; charset=UTF-8", base + "zwdt/b.html"),
                List.of(ScriptDecoder.decode(INJECTED_JS)), base + "zwdt/b.html");
        assertThat(statically.text()).doesNotContain("澳门赌场");
        assertThat(statically.links()).noneMatch(l -> l.contains("example"));

        try (ConfigurableApplicationContext context = new SpringApplication(ShenchaApplication.class).run(
                "--shencha.data=" + data, "--shencha.search.url=" + TestSearchNode.url(),
                "--shencha.search.index-prefix=it-render-" + Long.toHexString(System.nanoTime()),
                "--shencha.crawl.render.enabled=true", "--shencha.crawl.spider.enabled=false")) {
            ShenchaProperties properties = context.getBean(ShenchaProperties.class);
            AuditTarget target = AuditTarget.of(new ShenchaProperties.Site("渲染测试", base, null, "0 0 8,12,18 * * *",
                    "Asia/Shanghai", List.of(), List.of(), true, null, null, Duration.ZERO), properties.crawl());
            AuditRunner runner = context.getBean(AuditRunner.class);

            AuditRunner.Outcome first = runner.run(target);
            assertThat(first.completed()).isTrue();
            JsonNode summary = JsonMapper.builder().build().readTree(first.summary().toFile());
            // the two pages with scripts were rendered; both showed links their HTML lacks (one to www.gov.cn)
            assertThat(summary.at("/counts/rendered").asInt()).isEqualTo(2);
            assertThat(summary.at("/counts/renderedDiffering").asInt()).as(summary.get("renders").toString()).isEqualTo(2);
            assertThat(summary.at("/counts/renderFailed").asInt()).isZero();
            Map<String, JsonNode> renders = new HashMap<>();
            summary.get("renders").forEach(r -> renders.put(java.net.URI.create(r.get("url").asString()).getPath(), r));
            assertThat(renders.get("/zwdt/b.html").get("renderedOnlyLinks").toString())
                    .contains("http://www.amduchang.example/", "http://bjl.example/", "http://loan.example/");
            assertThat(renders.get("/zwdt/b.html").get("refused").toString()).contains(elsewhere + "/track.js");
            assertThat(renders.get("/zwdt/a.html").get("renderedOnlyLinks").toString()).isEqualTo("[\"https://www.gov.cn/\"]");

            Map<String, String> evidence = new HashMap<>();
            summary.get("findings").forEach(f -> {
                if (f.get("category").asString().equals("HIDDEN_LINK")) {
                    evidence.merge(java.net.URI.create(f.get("url").asString()).getPath(),
                            f.get("evidence").asString() + " | " + f.get("explanation").asString(), (x, y) -> x + "\n" + y);
                }
            });
            assertThat(evidence).as("a script linking to www.gov.cn is no spam").containsOnlyKeys("/zwdt/b.html");
            assertThat(evidence.get("/zwdt/b.html")).contains("澳门赌场").contains("百家乐在线").contains("网贷秒下款")
                    .contains("只在浏览器执行页面脚本后才出现");

            // Chromium fetched nothing itself: the other server saw no request, the site only its pages and scripts
            assertThat(outsideLog).isEmpty();
            assertThat(site.requests).allMatch(p -> site.pages.containsKey(p) || p.equals("/robots.txt") || p.equals("/sitemap.xml")
                    || p.equals("/favicon.ico"));

            // an unchanged site: nothing analyzed again, nothing rendered again, the finding stands
            AuditRunner.Outcome second = runner.run(target);
            assertThat(second.completed()).isTrue();
            JsonNode again = JsonMapper.builder().build().readTree(second.summary().toFile());
            assertThat(again.at("/counts/analyzed").asInt()).isZero();
            assertThat(again.at("/counts/rendered").asInt()).isZero();
            List<String> paths = new ArrayList<>();
            again.get("fetched").forEach(f -> paths.add(f.get("state").asString()));
            assertThat(paths).doesNotContain("FETCHED");
        } finally {
            site.close();
            outside.stop(0);
        }
    }
}
