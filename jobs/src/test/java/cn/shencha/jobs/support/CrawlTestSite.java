package cn.shencha.jobs.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hostile little portal for crawl tests, on loopback: a redirect loop, a two-hop redirect chain, a redirect off the
 * site, a 500, a 404, a page slower than the crawl's timeout, spider traps (an endless calendar and a path that
 * repeats itself), robots-disallowed pages, a GBK page served with a wrong UTF-8 header, an undeclared Big5 page, a
 * DOCX attachment, an external link, columns whose newest item is fresh, stale or missing (dated relative to today), and
 * two new-media feeds (one active, one not). The external link and the off-site redirect point at a second server,
 * {@link #outside()}, whose request log must stay empty. Every request is logged.
 */
public final class CrawlTestSite implements AutoCloseable {

    /** One request answered. */
    public record Request(String path, String userAgent) {
    }

    /** Texts the pages carry, to check the extracted Chinese against. */
    public static final String GBK_TEXT = "区财政局关于做好冬季困难群众生活保障资金拨付工作的通知";
    public static final String BIG5_TEXT = "區政府召開常務會議，研究部署秋冬季安全生產工作";
    public static final String DOCX_TEXT = "附件：冬季安全生产检查表（第一批）";
    public static final String HOME_TEXT = "欢迎访问测试区人民政府门户网站";
    /** The slow page answers after this long: more than the request timeout the test sets. */
    public static final int SLOW_SECONDS = 6;

    private static final Pattern CALENDAR = Pattern.compile("/calendar/(\\d+)\\.html");

    private final HttpServer server;
    private final HttpServer outside;
    private final ExecutorService threads = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "crawl-test-site");
        t.setDaemon(true);
        return t;
    });
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Request> outsideRequests = new CopyOnWriteArrayList<>();
    private final LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    private CrawlTestSite() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        outside = HttpServer.create(new InetSocketAddress(loopback, 0), 20);
        outside.createContext("/", e -> {
            try (e) {
                outsideRequests.add(new Request(e.getRequestURI().toString(), e.getRequestHeaders().getFirst("User-Agent")));
                e.sendResponseHeaders(200, -1);
            }
        });
        outside.setExecutor(threads);
        outside.start();
        server = HttpServer.create(new InetSocketAddress(loopback, 0), 50);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public static CrawlTestSite start() throws IOException {
        return new CrawlTestSite();
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** The other host: linked and redirected to, never to be fetched. */
    public URI outside() {
        return URI.create("http://127.0.0.1:" + outside.getAddress().getPort() + "/");
    }

    public List<Request> requests() {
        return Collections.unmodifiableList(new ArrayList<>(requests));
    }

    public List<Request> outsideRequests() {
        return Collections.unmodifiableList(new ArrayList<>(outsideRequests));
    }

    @Override
    public void close() {
        server.stop(0);
        outside.stop(0);
        threads.shutdownNow();
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title + "_测试区人民政府</title></head><body>"
                + body + "</body></html>";
    }

    private String date(int daysAgo) {
        return today.minusDays(daysAgo).toString();
    }

    private void handle(HttpExchange e) throws IOException {
        try (e) {
            String path = e.getRequestURI().getPath();
            String query = e.getRequestURI().getRawQuery();
            requests.add(new Request(path + (query == null ? "" : "?" + query), e.getRequestHeaders().getFirst("User-Agent")));
            Matcher calendar = CALENDAR.matcher(path);
            switch (path) {
                case "/robots.txt" -> send(e, 200, "text/plain", "User-agent: *\nDisallow: /private/\n".getBytes(StandardCharsets.UTF_8));
                case "/", "/index.html" -> html(e, page("首页", "<h1>" + HOME_TEXT + "</h1><ul>"
                        + "<li><a href=\"/news/index.html\">新闻动态</a></li>"
                        + "<li><a href=\"/notice/index.html\">通知公告</a></li>"
                        + "<li><a href=\"/policy/index.html\">政策文件</a></li>"
                        + "<li><a href=\"/gbk.html\">财政通知</a></li>"
                        + "<li><a href=\"/big5.html\">繁體頁面</a></li>"
                        + "<li><a href=\"/files/checklist.docx\">检查表</a></li>"
                        + "<li><a href=\"/loop/a\">循环跳转</a></li>"
                        + "<li><a href=\"/old\">旧地址</a></li>"
                        + "<li><a href=\"/leave\">跳出本站</a></li>"
                        + "<li><a href=\"/error.html\">出错页面</a></li>"
                        + "<li><a href=\"/missing.html\">不存在的页面</a></li>"
                        + "<li><a href=\"/slow.html\">很慢的页面</a></li>"
                        + "<li><a href=\"/calendar/0.html\">活动日历</a></li>"
                        + "<li><a href=\"/trap/x/\">栏目</a></li>"
                        + "<li><a href=\"/private/secret.html\">内部页面</a></li>"
                        + "<li><a href=\"" + outside() + "friend.html\">友情链接：外部网站</a></li>"
                        + "</ul><p>更新日期：" + date(1) + "</p>"));
                case "/news/index.html" -> html(e, page("新闻动态", "<ul><li><a href=\"/news/1.html\">区政府召开冬季安全生产会议</a>"
                        + "<span>" + date(3) + "</span></li><li><a href=\"/news/2.html\">区领导调研重点项目</a><span>" + date(9)
                        + "</span></li></ul>"));
                case "/news/1.html" -> html(e, page("区政府召开冬季安全生产会议", "<h1>区政府召开冬季安全生产会议</h1><p>会议部署冬季安全生产工作。</p>"));
                case "/news/2.html" -> html(e, page("区领导调研重点项目", "<h1>区领导调研重点项目</h1><p>区领导到重点项目工地调研。</p>"));
                case "/notice/index.html" -> html(e, page("通知公告", "<ul><li><a href=\"/notice/1.html\">关于开展消防检查的通知</a>"
                        + "<span>" + date(200) + "</span></li></ul>"));
                case "/notice/1.html" -> html(e, page("关于开展消防检查的通知", "<h1>关于开展消防检查的通知</h1><p>各单位做好消防自查。</p>"));
                case "/policy/index.html" -> html(e, page("政策文件", "<p>本栏目暂无信息。</p>"));
                case "/gbk.html" -> {
                    String body = "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">"
                            + "<title>财政通知</title></head><body><h1>" + GBK_TEXT + "</h1><p>各街道：请于十二月十日前完成资金拨付。</p></body></html>";
                    send(e, 200, "text/html; charset=utf-8", body.getBytes(Charset.forName("GBK")));
                }
                case "/big5.html" -> {
                    String body = "<html><head><title>繁體頁面</title></head><body><p>" + BIG5_TEXT
                            + "，要求各鄉鎮、各部門切實履行職責，確保人民群眾生命財產安全。</p></body></html>";
                    send(e, 200, "text/html", body.getBytes(Charset.forName("Big5")));
                }
                case "/files/checklist.docx" -> send(e, 200,
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx(DOCX_TEXT));
                case "/loop/a" -> redirect(e, "/loop/b");
                case "/loop/b" -> redirect(e, "/loop/a");
                case "/old" -> redirect(e, "/moved");
                case "/moved" -> redirect(e, "/news/index.html");
                case "/leave" -> redirect(e, outside() + "landing.html");
                case "/error.html" -> send(e, 500, "text/html; charset=utf-8", page("出错", "服务器内部错误").getBytes(StandardCharsets.UTF_8));
                case "/slow.html" -> {
                    try {
                        Thread.sleep(SLOW_SECONDS * 1000L);
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                    html(e, page("很慢的页面", "<p>终于加载完成。</p>"));
                }
                case "/feed.xml" -> send(e, 200, "application/rss+xml", rss("测试发布", List.of(
                        new String[]{"测试区冬季送温暖活动启动", date(2), "冬季送温暖活动在各社区启动。"},
                        new String[]{"转发：全国冬季安全生产电视电话会议召开", date(1), "转载自新华社。"})).getBytes(StandardCharsets.UTF_8));
                case "/feed-quiet.xml" -> send(e, 200, "application/rss+xml", rss("测试政务", List.of(
                        new String[]{"转发：冬季防火提示", date(2), "转载。"},
                        new String[]{"区民政局开展走访慰问", date(20), "走访慰问困难群众。"})).getBytes(StandardCharsets.UTF_8));
                default -> {
                    if (calendar.matches()) {
                        // an endless calendar: every month links to the next one
                        int n = Integer.parseInt(calendar.group(1));
                        html(e, page("活动日历", "<p>第" + n + "月活动</p><a href=\"/calendar/" + (n + 1) + ".html\">下个月</a>"
                                + "<a href=\"/calendar/" + (n + 1) + ".html?view=list&amp;n=" + n + "\">列表</a>"));
                    } else if (path.startsWith("/trap/")) {
                        // a relative link that makes the path longer forever: /trap/x/x/x/...
                        html(e, page("栏目", "<a href=\"x/\">下一级</a>"));
                    } else {
                        send(e, 404, "text/html; charset=utf-8", page("404", "页面不存在").getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        }
    }

    private String rss(String title, List<String[]> items) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>")
                .append(title).append("</title><link>").append(baseUri()).append("</link>");
        int i = 0;
        for (String[] item : items) {
            i++;
            sb.append("<item><title>").append(item[0]).append("</title><guid isPermaLink=\"false\">").append(title).append('-')
                    .append(i).append("</guid><pubDate>")
                    .append(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                            LocalDate.parse(item[1]).atTime(10, 0).atZone(ZoneId.of("Asia/Shanghai"))))
                    .append("</pubDate><description>").append(item[2]).append("</description></item>");
        }
        return sb.append("</channel></rss>").toString();
    }

    private static byte[] docx(String text) throws IOException {
        try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.createParagraph().createRun().setText(text);
            doc.createParagraph().createRun().setText("检查项目：消防通道、应急照明、燃气管道。");
            doc.write(out);
            return out.toByteArray();
        }
    }

    private static void redirect(HttpExchange e, String to) throws IOException {
        e.getResponseHeaders().set("Location", to);
        e.sendResponseHeaders(302, -1);
    }

    private static void html(HttpExchange e, String html) throws IOException {
        send(e, 200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange e, int status, String type, byte[] body) throws IOException {
        e.getResponseHeaders().set("Content-Type", type);
        e.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = e.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
