package cn.shencha.jobs.console;

import cn.shencha.jobs.ShenchaApplication;
import cn.shencha.jobs.audit.AuditRunner;
import cn.shencha.jobs.audit.AuditTarget;
import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.jobs.review.Role;
import cn.shencha.jobs.review.UserAccounts;
import cn.shencha.jobs.support.TestSearchNode;
import com.sun.net.httpserver.HttpServer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A running console on a real database and search node, with one audited test site of two units: the district office
 * (everything) and 区发改局 (/fgw/). One page of each unit carries a personal-information finding; the district's page
 * also carries hostile markup in its text (script, onerror, javascript: payloads). One user per role per unit, password
 * {@link #PASSWORD}.
 */
final class ConsoleFixture implements AutoCloseable {

    static final String PASSWORD = "Console2026ok";

    /** The text a script payload would write into the title if it ran. */
    static final String PWNED = "PWNED";

    final HttpServer site;
    final ConfigurableApplicationContext context;
    final String base;
    final String siteBase;
    final Path data;

    private ConsoleFixture(HttpServer site, ConfigurableApplicationContext context, Path data) {
        this.site = site;
        this.context = context;
        this.data = data;
        this.base = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
        this.siteBase = "http://127.0.0.1:" + site.getAddress().getPort() + "/";
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html><head><meta charset=\"UTF-8\"><title>" + title + "</title></head><body>"
                + "<div class=\"article\"><h1>" + title + "</h1>" + body + "</div></body></html>";
    }

    static ConsoleFixture start(Path data, Map<String, String> extra) throws Exception {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("/", page("云川区人民政府", "<a href=\"/zwdt/a.html\">公示</a> <a href=\"/fgw/b.html\">发改动态</a>"));
        // Payloads appear as TEXT on the page (escaped in its HTML), so the extracted text carries them verbatim:
        // rendered without escaping, each would run.
        pages.put("/zwdt/a.html", page("困难群众救助名单公示&lt;script&gt;document.title='" + PWNED + "'&lt;/script&gt;",
                "<p>经审核，拟对以下困难群众给予临时救助：张三，身份证号 610802198503121234，联系电话 13912345678。</p>"
                        + "<p>&lt;img src=x onerror=\"document.title='" + PWNED + "'\"&gt; 公示期间如有异议请来电。</p>"
                        + "<p>&lt;a href=\"javascript:document.title='" + PWNED + "'\"&gt;点击查看&lt;/a&gt;"
                        + " &lt;script&gt;document.title='" + PWNED + "'&lt;/script&gt;</p>"));
        pages.put("/fgw/b.html", page("发改局走访企业",
                "<p>局长走访了企业负责人李四（身份证号 610802197601019876，手机 13800001111），了解项目进展。</p>"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = pages.get(exchange.getRequestURI().getPath());
                byte[] bytes = (body == null ? "not found" : body).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", body == null ? "text/plain" : "text/html; charset=UTF-8");
                exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        server.start();
        String siteBase = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        List<String> args = new ArrayList<>(List.of(
                "--shencha.data=" + data, "--shencha.search.url=" + TestSearchNode.url(),
                "--shencha.search.index-prefix=it-console-" + Long.toHexString(System.nanoTime()),
                "--spring.main.web-application-type=servlet", "--shencha.console.port=0",
                "--shencha.units[0].id=bgs", "--shencha.units[0].name=云川区人民政府办公室", "--shencha.units[0].kind=DISTRICT",
                "--shencha.units[1].id=fgw", "--shencha.units[1].name=云川区发展和改革局",
                "--shencha.units[1].url-prefixes[0]=" + siteBase + "fgw/"));
        extra.forEach((k, v) -> args.add("--" + k + "=" + v));
        ConfigurableApplicationContext context = new SpringApplication(ShenchaApplication.class).run(args.toArray(String[]::new));
        ConsoleFixture f = new ConsoleFixture(server, context, data);
        ShenchaProperties properties = context.getBean(ShenchaProperties.class);
        AuditTarget target = AuditTarget.of(new ShenchaProperties.Site("控制台测试", siteBase, null, "0 0 8,12,18 * * *",
                "Asia/Shanghai", List.of(), List.of(), true, null, null, Duration.ZERO), properties.crawl());
        if (!context.getBean(AuditRunner.class).run(target).completed()) {
            f.close();
            throw new IllegalStateException("the audit of the console test site did not complete");
        }
        UserAccounts accounts = context.getBean(UserAccounts.class);
        for (Role role : Role.values()) {
            if (role.unitBound()) {
                accounts.create("test", user(role, "bgs"), role.chineseName() + "甲", "bgs", EnumSet.of(role), PASSWORD, false, false);
                accounts.create("test", user(role, "fgw"), role.chineseName() + "乙", "fgw", EnumSet.of(role), PASSWORD, false, false);
            } else {
                accounts.create("test", user(role, null), role.chineseName() + "丙", null, EnumSet.of(role), PASSWORD, false, false);
            }
        }
        return f;
    }

    /** The test user of a role (and unit, for unit-bound roles): info_officer.bgs, secrecy_reviewer ... */
    static String user(Role role, String unit) {
        String name = "t-" + role.name().toLowerCase().replace('_', '-');
        return unit == null ? name : name + "." + unit;
    }

    JdbcTemplate jdbc() {
        return context.getBean(JdbcTemplate.class);
    }

    /** The review task of the page at this path of the test site. */
    String taskOf(String path) {
        return jdbc().queryForObject("SELECT t.id FROM review_task t JOIN page p ON p.id = t.page_id WHERE p.url = ?",
                String.class, siteBase + path.substring(1));
    }

    @Override
    public void close() {
        context.close();
        site.stop(0);
    }
}
