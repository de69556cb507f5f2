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

    @Test
    void theBrowserRunsUnprivilegedWithItsSandboxAndPagesGetNoWebRtc() throws Exception {
        String status = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + renderer.pid() + "/status"));
        String cmdline = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + renderer.pid() + "/cmdline"))
                .replace('\0', ' ');
        boolean root = java.nio.file.Files.getAttribute(java.nio.file.Path.of("/proc/self"), "unix:uid").equals(0);
        if (root) {
            assertThat(status).containsPattern("(?m)^Uid:\\s+65534\\s+65534\\s+65534\\s+65534$")
                    .containsPattern("(?m)^Groups:\\s*$").containsPattern("(?m)^NoNewPrivs:\\s+1$");
        }
        assertThat(cmdline).doesNotContain("--no-sandbox")
                .contains("--force-webrtc-ip-handling-policy=disable_non_proxied_udp");
        // Its renderers are sandboxed: a user namespace of their own and a seccomp filter.
        String browserNs = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/" + renderer.pid() + "/ns/user"))
                .toString();
        String page = "<!DOCTYPE html><html><body><p id=\"r\"></p><script>document.getElementById('r').textContent ="
                + " 'rtc:' + typeof RTCPeerConnection + ',' + typeof webkitRTCPeerConnection;"
                + " var f = document.createElement('iframe'); document.body.appendChild(f);"
                + " document.getElementById('r').textContent += ',frame:' + typeof f.contentWindow.RTCPeerConnection;"
                + "</script></body></html>";
        ChromiumRenderer.RenderedPage rendered = renderer.render(URI.create("http://portal.example/rtc.html"),
                "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8), uri -> null);
        assertThat(rendered.html()).contains("rtc:undefined,undefined,frame:undefined");
        List<ProcessHandle> renderers = ProcessHandle.of(renderer.pid()).orElseThrow().descendants()
                .filter(p -> java.nio.file.Files.exists(java.nio.file.Path.of("/proc/" + p.pid() + "/cmdline"))).toList();
        boolean sandboxed = false;
        for (ProcessHandle p : renderers) {
            try {
                String args = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + p.pid() + "/cmdline"));
                if (!args.contains("--type=renderer")) {
                    continue;
                }
                String ns = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/" + p.pid() + "/ns/user")).toString();
                String st = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + p.pid() + "/status"));
                sandboxed |= !ns.equals(browserNs) && st.matches("(?s).*\\nSeccomp:\\s+2\\n.*");
            } catch (java.io.IOException gone) {
                // a renderer that ended meanwhile
            }
        }
        assertThat(sandboxed).as("a renderer in its own user namespace under seccomp").isTrue();
    }
}
