package cn.shencha.jobs.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Serves the bundled demo portal of the fictional 云川区人民政府 on a loopback port: the pages under
 * {@code demo-portal/} on the classpath, plus PDF and DOCX attachments rendered at start-up from their text sources.
 * It answers conditional requests (ETag, Last-Modified) like a real portal, and logs every request so tests can prove
 * what the crawler touched. Like a hacked portal that cloaks, it answers a search-engine spider (a User-Agent naming
 * Baiduspider) with {@code NAME.spider.html} where such a variant of {@code NAME.html} exists.
 */
public final class DemoPortalServer implements AutoCloseable {

    static final String ROOT = "demo-portal/";
    private static final String LAST_MODIFIED = DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.of(2026, 11, 20, 8, 0, 0, 0, ZoneOffset.UTC));

    /** One request the server answered. */
    public record Request(String method, String path, String userAgent, int status) {
    }

    private record Content(byte[] body, String contentType, String etag) {
    }

    private final Map<String, Content> files;
    private final Map<String, Content> spiderVariants = new HashMap<>();
    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private DemoPortalServer(Map<String, Content> files, HttpServer server) {
        this.server = server;
        Map<String, Content> pages = new HashMap<>();
        files.forEach((path, content) -> {
            if (path.endsWith(".spider.html")) {
                spiderVariants.put(path.substring(0, path.length() - ".spider.html".length()) + ".html", content);
            } else {
                pages.put(path, content);
            }
        });
        this.files = pages;
    }

    /** Starts the portal on 127.0.0.1 at the given port (0 for any free port). */
    public static DemoPortalServer start(int port) throws IOException {
        Map<String, Content> files = load();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        DemoPortalServer portal = new DemoPortalServer(files, server);
        server.createContext("/", portal::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "demo-portal");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return portal;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Every request answered so far, in order. */
    public List<Request> requests() {
        return Collections.unmodifiableList(new ArrayList<>(requests));
    }

    /** The paths the portal serves (pages, attachments, robots.txt). */
    public List<String> paths() {
        return files.keySet().stream().sorted().toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/")) {
                path = path + "index.html";
            }
            Content content = files.get(path);
            String agent = exchange.getRequestHeaders().getFirst("User-Agent");
            if (agent != null && agent.contains("Baiduspider") && spiderVariants.containsKey(path)) {
                content = spiderVariants.get(path);
            }
            String method = exchange.getRequestMethod();
            int status;
            if (!method.equals("GET") && !method.equals("HEAD")) {
                status = 405;
                exchange.sendResponseHeaders(status, -1);
            } else if (content == null) {
                status = 404;
                byte[] body = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>404</title></head><body>页面不存在</body></html>"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
            } else {
                exchange.getResponseHeaders().set("ETag", content.etag());
                exchange.getResponseHeaders().set("Last-Modified", LAST_MODIFIED);
                String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
                if (content.etag().equals(ifNoneMatch)) {
                    status = 304;
                    exchange.sendResponseHeaders(status, -1);
                } else {
                    status = 200;
                    exchange.getResponseHeaders().set("Content-Type", content.contentType());
                    boolean head = method.equals("HEAD");
                    exchange.sendResponseHeaders(status, head ? -1 : content.body().length);
                    if (!head) {
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(content.body());
                        }
                    }
                }
            }
            requests.add(new Request(method, exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("User-Agent"), status));
        }
    }

    private static Map<String, Content> load() throws IOException {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(DemoPortalServer.class.getClassLoader());
        Map<String, Content> files = new HashMap<>();
        for (Resource resource : resolver.getResources("classpath*:" + ROOT + "**/*")) {
            if (!resource.isReadable()) {
                continue;
            }
            String url = resource.getURL().toString();
            int at = url.lastIndexOf(ROOT);
            String relative = url.substring(at + ROOT.length());
            if (relative.isEmpty() || relative.endsWith("/") || relative.equals("EXPECTED.json")) {
                continue;
            }
            byte[] bytes;
            try (InputStream in = resource.getInputStream()) {
                bytes = in.readAllBytes();
            }
            if (relative.startsWith("attachments-src/")) {
                String name = relative.substring("attachments-src/".length());
                DemoAttachments.Source source = DemoAttachments.Source.parse(new String(bytes, StandardCharsets.UTF_8));
                if (name.endsWith(".pdf.txt")) {
                    put(files, "/attach/" + name.substring(0, name.length() - 4), DemoAttachments.pdf(source), "application/pdf");
                } else if (name.endsWith(".docx.txt")) {
                    put(files, "/attach/" + name.substring(0, name.length() - 4), DemoAttachments.docx(source),
                            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
                }
                continue;
            }
            put(files, "/" + relative, bytes, contentType(relative));
        }
        if (!files.containsKey("/index.html")) {
            throw new IOException("the demo portal is not on the classpath (no " + ROOT + "index.html)");
        }
        return files;
    }

    private static void put(Map<String, Content> files, String path, byte[] body, String type) {
        files.put(path, new Content(body, type, "\"" + sha256(body).substring(0, 20) + "\""));
    }

    private static String contentType(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".html") || n.endsWith(".htm")) {
            return "text/html"; // no charset parameter: the pages declare their own (one is GBK)
        }
        if (n.endsWith(".txt")) {
            return "text/plain; charset=utf-8";
        }
        if (n.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (n.endsWith(".xml")) {
            return "application/xml";
        }
        if (n.endsWith(".png")) {
            return "image/png";
        }
        if (n.endsWith(".jpg") || n.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        return "application/octet-stream";
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
