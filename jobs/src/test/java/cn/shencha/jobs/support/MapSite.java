package cn.shencha.jobs.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small site on loopback whose pages a test edits between runs: path → body (HTML, or JavaScript for {@code .js}),
 * 404 for anything else; every request's path is logged.
 */
public final class MapSite implements AutoCloseable {

    /** The pages, editable while the site runs. */
    public final Map<String, String> pages = new ConcurrentHashMap<>();
    /** The path of every request, in order. */
    public final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    public MapSite() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                requests.add(path);
                String body = pages.get(path);
                byte[] bytes = (body == null ? "not found" : body).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", body == null ? "text/plain"
                        : path.endsWith(".js") ? "application/javascript; charset=UTF-8" : "text/html; charset=UTF-8");
                exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        server.start();
    }

    /** The site's base URL, ending in a slash. */
    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** An article page of a district portal: navigation, the article with its title, a footer. */
    public static String article(String title, String body) {
        return "<!DOCTYPE html><html><head><meta charset=\"UTF-8\"><title>" + title + "</title></head><body>"
                + "<div class=\"nav\"><a href=\"/\">首页</a> <a href=\"/zwdt/index.html\">政务动态</a></div>"
                + "<div class=\"article\"><h1>" + title + "</h1>" + body + "</div>"
                + "<div class=\"footer\">主办单位：云川区人民政府办公室</div></body></html>";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
