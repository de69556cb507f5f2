package cn.shencha.jobs.audit;

import cn.shencha.jobs.ShenchaApplication;
import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.jobs.support.MapSite;
import cn.shencha.jobs.support.TestSearchNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4's tamper acceptance on a live site: between two runs an article's body is changed and a column index gains
 * an entry; the second run raises exactly one TAMPERED finding, on the article, with the diff.
 */
class TamperDetectionIT {

    @Test
    void aChangedArticleIsTamperedAndANewColumnEntryIsNot(@TempDir Path data) throws Exception {
        String article = "<p>11月20日，区政府召开常务会议，研究部署冬季安全生产工作。会议强调，要压紧压实各方责任，"
                + "深入开展隐患排查整治，确保全区安全生产形势持续稳定。</p><p>会议由区长主持，各副区长出席。</p>";
        MapSite site = new MapSite();
        site.pages.put("/", MapSite.article("云川区人民政府", "<a href=\"/zwdt/index.html\">政务动态</a>"));
        site.pages.put("/zwdt/index.html", MapSite.article("政务动态", "<ul><li><a href=\"/zwdt/a.html\">区政府召开常务会议</a> 2026-11-20</li></ul>"));
        site.pages.put("/zwdt/a.html", MapSite.article("区政府召开常务会议", article));
        site.pages.put("/zwdt/b.html", MapSite.article("全区冬季防火工作部署会召开", "<p>11月24日，全区冬季森林防火工作部署会召开。</p>"));
        try (ConfigurableApplicationContext context = new SpringApplication(ShenchaApplication.class).run(
                "--shencha.data=" + data, "--shencha.search.url=" + TestSearchNode.url(),
                "--shencha.search.index-prefix=it-tamper-" + Long.toHexString(System.nanoTime()))) {
            String base = site.base();
            ShenchaProperties properties = context.getBean(ShenchaProperties.class);
            AuditTarget target = AuditTarget.of(new ShenchaProperties.Site("篡改测试", base, null, "0 0 8,12,18 * * *", "Asia/Shanghai",
                    List.of(), List.of(), true, null, null, Duration.ZERO), properties.crawl());
            AuditRunner runner = context.getBean(AuditRunner.class);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);

            assertThat(runner.run(target).completed()).isTrue();
            assertThat(tampered(jdbc)).as("a first reading has no baseline").isEmpty();

            site.pages.put("/zwdt/a.html", MapSite.article("区政府召开常务会议", article.replace("会议由区长主持，各副区长出席。", "本次会议由某某娱乐城冠名赞助。")));
            site.pages.put("/zwdt/index.html", MapSite.article("政务动态", "<ul><li><a href=\"/zwdt/b.html\">全区冬季防火工作部署会召开</a> 2026-11-24</li>"
                    + "<li><a href=\"/zwdt/a.html\">区政府召开常务会议</a> 2026-11-20</li></ul>"));
            assertThat(runner.run(target).completed()).isTrue();

            List<Map<String, Object>> findings = tampered(jdbc);
            assertThat(findings).hasSize(1);
            Map<String, Object> f = findings.get(0);
            assertThat((String) f.get("url")).endsWith("/zwdt/a.html");
            assertThat((String) f.get("evidence")).contains("某某娱乐城冠名赞助");
            assertThat((String) f.get("explanation")).contains("删除“会议由区长主持").contains("新增“本次会议由某某娱乐城冠名赞助");
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM review_task t JOIN finding f ON f.snapshot_id = t.snapshot_id"
                    + " WHERE f.category = 'TAMPERED'", Integer.class)).as("a reviewer confirms or dismisses it").isEqualTo(1);
        } finally {
            site.close();
        }
    }

    private static List<Map<String, Object>> tampered(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT p.url, f.evidence, f.explanation FROM finding f JOIN page p ON p.id = f.page_id"
                + " WHERE f.category = 'TAMPERED'");
    }
}
