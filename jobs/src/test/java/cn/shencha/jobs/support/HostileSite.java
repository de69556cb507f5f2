package cn.shencha.jobs.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A loopback site of hostile input (issue 15), next to clean pages that must come through untouched: a script bomb, a
 * text that makes backtracking regexes quadratic, a gzip bomb, a zip-bomb attachment, a 50 MB page, a page nested a
 * hundred thousand levels deep, a redirect loop, a server slower than the crawl's timeout, a corrupt PDF and DOCX, and
 * a GBK page that declares UTF-8.
 */
public final class HostileSite implements AutoCloseable {

    /** The clean pages, by path, with a sentence each carries. */
    public static final List<String[]> CLEAN = List.of(
            new String[]{"/clean/1.html", "区政府召开常务会议研究部署冬季安全生产工作"},
            new String[]{"/clean/2.html", "区民政局开展冬季走访慰问困难群众活动"},
            new String[]{"/clean/3.html", "区教育局发布寒假中小学生安全提示"},
            new String[]{"/clean/4.html", "区住建局推进老旧小区改造工程"});
    public static final String WRONG_CHARSET_TEXT = "区财政局关于做好冬季困难群众生活保障资金拨付工作的通知";
    public static final String BOMB_TEXT = "本页脚本写入的正文";
    /** The slow page answers after this long: more than the request timeout the test sets. */
    public static final int SLOW_SECONDS = 5;
    /** About 50 MB: under the fetch limit (52,428,800 bytes), far over the text limit. */
    public static final int BIG_PAGE_BYTES = 50_000_000;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "hostile-site");
        t.setDaemon(true);
        return t;
    });
    private final byte[] gzipBomb;
    private final byte[] zipBomb;
    private final byte[] bigPage;

    private HostileSite() throws IOException {
        gzipBomb = gzipBomb();
        zipBomb = zipBomb();
        bigPage = bigPage();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public static HostileSite start() throws IOException {
        return new HostileSite();
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** The script bomb of issue 15: a 70 KB page whose script would hold gigabytes if evaluated naively. */
    public static String scriptBomb() {
        StringBuilder js = new StringBuilder("document.write('<p>" + BOMB_TEXT + "</p>');var a='" + "x".repeat(64) + "';");
        for (int i = 0; i < 14; i++) {
            js.append("a=a+a;");
        }
        for (int i = 0; i < 5_000; i++) {
            js.append("var v").append(i).append("=a+a;");
        }
        return js.append("document.write(v1);").toString();
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title + "_测试区人民政府</title></head><body>"
                + body + "</body></html>";
    }

    private void handle(HttpExchange e) throws IOException {
        try (e) {
            String path = e.getRequestURI().getPath();
            switch (path) {
                case "/" -> {
                    StringBuilder links = new StringBuilder("<p>欢迎访问测试区人民政府门户网站</p><ul>");
                    for (String[] c : CLEAN) {
                        links.append("<li><a href=\"").append(c[0]).append("\">").append(c[1]).append("</a></li>");
                    }
                    for (String p : List.of("/bomb.html", "/regex.html", "/gzip-bomb.html", "/files/bomb.zip", "/big.html",
                            "/deep.html", "/loop/a", "/slow.html", "/files/corrupt.pdf", "/files/corrupt.docx",
                            "/charset.html")) {
                        links.append("<li><a href=\"").append(p).append("\">").append(p).append("</a></li>");
                    }
                    html(e, page("首页", links.append("</ul>").toString()));
                }
                case "/robots.txt" -> send(e, 200, "text/plain", "User-agent: *\nAllow: /\n".getBytes(StandardCharsets.UTF_8));
                case "/bomb.html" -> html(e, page("脚本炸弹", "<div class=\"article\"><p>区政府网站公告。</p></div><script>"
                        + scriptBomb() + "</script>"));
                case "/regex.html" -> html(e, page("配置文本", "<p>" + "server=a;".repeat(9_000) + "</p>"));
                case "/gzip-bomb.html" -> {
                    e.getResponseHeaders().set("Content-Encoding", "gzip");
                    send(e, 200, "text/html; charset=utf-8", gzipBomb);
                }
                case "/files/bomb.zip" -> send(e, 200, "application/zip", zipBomb);
                case "/big.html" -> send(e, 200, "text/html; charset=utf-8", bigPage);
                case "/deep.html" -> html(e, page("深层嵌套", "<div>".repeat(100_000) + "<p>嵌套很深的正文</p>"
                        + "</div>".repeat(100_000)));
                case "/loop/a" -> redirect(e, "/loop/b");
                case "/loop/b" -> redirect(e, "/loop/a");
                case "/slow.html" -> {
                    try {
                        Thread.sleep(SLOW_SECONDS * 1000L);
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                    html(e, page("很慢的页面", "<p>终于加载完成。</p>"));
                }
                case "/files/corrupt.pdf" -> send(e, 200, "application/pdf",
                        "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> garbage\n%%EOF".getBytes(StandardCharsets.ISO_8859_1));
                case "/files/corrupt.docx" -> {
                    byte[] body = new byte[4096];
                    new java.util.Random(15).nextBytes(body);
                    body[0] = 'P';
                    body[1] = 'K';
                    body[2] = 3;
                    body[3] = 4;
                    send(e, 200, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body);
                }
                case "/charset.html" -> send(e, 200, "text/html; charset=utf-8", ("<!DOCTYPE html><html><head><title>财政通知"
                        + "</title></head><body><p>" + WRONG_CHARSET_TEXT + "。请于十二月十日前完成资金拨付。</p></body></html>")
                        .getBytes(Charset.forName("GBK")));
                default -> {
                    for (String[] c : CLEAN) {
                        if (c[0].equals(path)) {
                            html(e, page(c[1], "<div class=\"article\"><h1>" + c[1] + "</h1><p>" + c[1] + "。</p></div>"
                                    + "<a href=\"/\">首页</a>"));
                            return;
                        }
                    }
                    send(e, 404, "text/html; charset=utf-8", page("404", "页面不存在").getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    /** 200 MB of spaces in 200 KB: four times the fetch limit once decoded. */
    private static byte[] gzipBomb() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write("<html><body>".getBytes(StandardCharsets.US_ASCII));
            byte[] block = new byte[1 << 20];
            java.util.Arrays.fill(block, (byte) ' ');
            for (int i = 0; i < 200; i++) {
                gz.write(block);
            }
        }
        return out.toByteArray();
    }

    /** A zip of a few hundred KB holding 500 MB: ten entries of 50 MB of text each. */
    private static byte[] zipBomb() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            byte[] block = new byte[1 << 20];
            java.util.Arrays.fill(block, (byte) 'a');
            for (int n = 0; n < 10; n++) {
                zip.putNextEntry(new ZipEntry("part" + n + ".txt"));
                for (int i = 0; i < 50; i++) {
                    zip.write(block);
                }
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static byte[] bigPage() {
        byte[] head = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>超大页面</title></head><body>"
                .getBytes(StandardCharsets.UTF_8);
        byte[] paragraph = "<p>区政府召开常务会议，研究部署冬季安全生产和民生保障工作。</p>\n".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "</body></html>".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[BIG_PAGE_BYTES];
        System.arraycopy(head, 0, body, 0, head.length);
        int at = head.length;
        while (at + paragraph.length + tail.length <= body.length) {
            System.arraycopy(paragraph, 0, body, at, paragraph.length);
            at += paragraph.length;
        }
        System.arraycopy(tail, 0, body, at, tail.length);
        for (int i = at + tail.length; i < body.length; i++) {
            body[i] = '\n';
        }
        return body;
    }

    private static void redirect(HttpExchange e, String to) throws IOException {
        e.getResponseHeaders().set("Location", to);
        e.sendResponseHeaders(302, -1);
    }

    private static void html(HttpExchange e, String html) throws IOException {
        send(e, 200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange e, int status, String type, byte[] body) throws IOException {
        if (e.getResponseHeaders().getFirst("Content-Type") == null) {
            e.getResponseHeaders().set("Content-Type", type);
        }
        e.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = e.getResponseBody()) {
                out.write(body);
            }
        } 
    }
}
