package cn.shencha.readers.render;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Headless Chromium as the crawler drives it (Debian's chromium, which {@code bin/test} installs): scripts run, the
 * page gets only what the loader gives it, and the browser itself reaches no server.
 */
class ChromiumRendererTest {

    private static HttpServer outside;
    private static final List<String> outsideRequests = new CopyOnWriteArrayList<>();
    private static ChromiumRenderer renderer;

    @BeforeAll
    static void start() throws Exception {
        outside = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        outside.createContext("/", exchange -> {
            outsideRequests.add(exchange.getRequestURI().toString());
            byte[] body = "document.body.insertAdjacentHTML('beforeend','<a href=\"http://spam.example/\">x</a>')"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        outside.start();
        renderer = ChromiumRenderer.start(new ChromiumRenderer.Settings("chromium", Duration.ofSeconds(20),
                Duration.ofMillis(300), 0));
    }

    @AfterAll
    static void stop() {
        if (renderer != null) {
            renderer.close();
        }
        if (outside != null) {
            outside.stop(0);
        }
    }

    @Test
    void scriptsBuildTheDocumentFromWhatTheLoaderGivesAndNothingElseIsFetched() throws Exception {
        String other = "http://127.0.0.1:" + outside.getAddress().getPort();
        String page = """
                <!DOCTYPE html><html><head><meta charset="utf-8"><title>通知公告</title>
                <script src="/js/site.js"></script>
                <script src="%1$s/evil.js"></script>
                </head><body><p>区政府办公室关于做好2026年度信息公开工作的通知</p>
                <img src="%1$s/pixel.png">
                <script>
                  var d = document.createElement('div'); d.style.display = 'none';
                  var words = [28595, 38376, 36172, 22330];
                  var a = document.createElement('a');
                  a.href = atob('aHR0cDovL2Nhc2luby5leGFtcGxlLw==');
                  a.textContent = String.fromCharCode.apply(null, words);
                  d.appendChild(a); document.body.appendChild(d);
                  fetch('%1$s/beacon').catch(function () {});
                  setTimeout(function () { document.body.setAttribute('data-late', 'yes'); }, 50);
                </script></body></html>
                """.formatted(other);
        List<URI> asked = new CopyOnWriteArrayList<>();
        ChromiumRenderer.RenderedPage rendered = renderer.render(URI.create("http://portal.test/tzgg/1.html"),
                "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8), uri -> {
                    asked.add(uri);
                    if (uri.getHost().equals("portal.test") && uri.getPath().equals("/js/site.js")) {
                        return new ChromiumRenderer.Resource(200, "application/javascript",
                                "document.title = '通知公告（已渲染）';".getBytes(StandardCharsets.UTF_8));
                    }
                    return null; // out of scope
                });

        assertThat(rendered.html()).contains("http://casino.example/").contains("澳门赌场")
                .contains("display: none").contains("data-late=\"yes\"").contains("通知公告（已渲染）");
        assertThat(rendered.loaded()).containsExactly("http://portal.test/js/site.js");
        assertThat(rendered.refused()).anyMatch(u -> u.endsWith("/evil.js")).anyMatch(u -> u.endsWith("/beacon"))
                .noneMatch(u -> u.endsWith("/pixel.png")); // images are not even requested
        // the loader was asked about scripts and fetches, never about the image; the other server saw no request at all
        assertThat(asked).noneMatch(u -> u.getPath().endsWith(".png"));
        assertThat(outsideRequests).isEmpty();
    }

    @Test
    void oneBrowserRendersPageAfterPageAndAHangingPageEndsAtTheTimeout() throws Exception {
        try (ChromiumRenderer quick = ChromiumRenderer.start(new ChromiumRenderer.Settings("chromium",
                Duration.ofSeconds(3), Duration.ZERO, 0))) {
            for (int i = 0; i < 3; i++) {
                String body = "<html><body><script>document.write('<p>第" + i + "页</p>')</script></body></html>";
                var r = quick.render(URI.create("http://portal.test/p" + i + ".html"), "text/html; charset=utf-8",
                        body.getBytes(StandardCharsets.UTF_8), uri -> null);
                assertThat(r.html()).contains("第" + i + "页");
            }
            // a script that never arrives: the loader hangs past the timeout; the document is taken as it is
            long started = System.nanoTime();
            var r = quick.render(URI.create("http://portal.test/slow.html"), "text/html; charset=utf-8",
                    "<html><body><p>正文</p><script src=\"/never.js\"></script></body></html>".getBytes(StandardCharsets.UTF_8),
                    uri -> {
                        Thread.sleep(10_000);
                        return null;
                    });
            assertThat(r.html()).contains("正文");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(9));
        }
    }

    @Test
    void aMissingBrowserIsAClearError() {
        assertThatThrownBy(() -> ChromiumRenderer.start(new ChromiumRenderer.Settings("/nonexistent/chromium",
                null, null, 0)))
                .isInstanceOf(ChromiumRenderer.RenderException.class)
                .hasMessageContaining("Chromium not found").hasMessageContaining("/nonexistent/chromium");
    }
}
