package cn.shencha.readers.crawl;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PageFetcherTest {

    private static HttpServer server;
    private static URI base;

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/loop-a" -> redirect(exchange, "/loop-b");
                case "/loop-b" -> redirect(exchange, "/loop-a");
                case "/away" -> redirect(exchange, "http://other.example.org/");
                case "/moved" -> redirect(exchange, "/page");
                case "/big" -> {
                    exchange.sendResponseHeaders(200, 5000);
                    exchange.getResponseBody().write(new byte[5000]);
                }
                case "/page" -> {
                    if ("\"v1\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                        exchange.sendResponseHeaders(304, -1);
                    } else {
                        byte[] body = "<p>正文</p>".getBytes(StandardCharsets.UTF_8);
                        exchange.getResponseHeaders().set("ETag", "\"v1\"");
                        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                        exchange.sendResponseHeaders(200, body.length);
                        exchange.getResponseBody().write(body);
                    }
                }
                case "/chunked" -> {
                    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                    exchange.sendResponseHeaders(200, 0);
                    for (int i = 0; i < 3; i++) {
                        exchange.getResponseBody().write(("第" + i + "段。").getBytes(StandardCharsets.UTF_8));
                        exchange.getResponseBody().flush();
                    }
                }
                case "/gzip" -> {
                    java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
                    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(zipped)) {
                        gz.write("<p>压缩的正文</p>".getBytes(StandardCharsets.UTF_8));
                    }
                    exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                    exchange.sendResponseHeaders(200, zipped.size());
                    exchange.getResponseBody().write(zipped.toByteArray());
                }
                case "/bomb" -> {
                    java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
                    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(zipped)) {
                        gz.write(new byte[100_000]);
                    }
                    exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                    exchange.sendResponseHeaders(200, zipped.size());
                    exchange.getResponseBody().write(zipped.toByteArray());
                }
                case "/drip" -> {
                    exchange.sendResponseHeaders(200, 100);
                    try {
                        for (int i = 0; i < 100; i++) {
                            exchange.getResponseBody().write('x');
                            exchange.getResponseBody().flush();
                            Thread.sleep(100);
                        }
                    } catch (InterruptedException | java.io.IOException e) {
                        // the client gave up
                    }
                }
                default -> exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange exchange, String to) throws java.io.IOException {
        exchange.getResponseHeaders().set("Location", to);
        exchange.sendResponseHeaders(302, -1);
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private final PageFetcher fetcher = new PageFetcher(new PageFetcher.Settings("test", Duration.ofSeconds(2),
            Duration.ofSeconds(5), 1000, 5));

    private CrawlScope scope() {
        return CrawlScope.ofStartUrl(base, true);
    }

    @Test
    void followsAnInScopeRedirect() {
        FetchResult r = fetcher.fetch(base.resolve("/moved"), scope(), null, null);
        assertThat(r.ok()).isTrue();
        assertThat(r.finalUri()).isEqualTo(base.resolve("/page"));
        assertThat(r.redirects()).containsExactly(base.resolve("/page"));
    }

    @Test
    void keepsTheExchangeBytesOfEveryHop() {
        List<HttpExchange> seen = new java.util.ArrayList<>();
        PageFetcher recording = new PageFetcher(new PageFetcher.Settings("test", Duration.ofSeconds(2),
                Duration.ofSeconds(5), 1000, 5));
        recording.onExchange(seen::add);
        FetchResult r = recording.fetch(base.resolve("/moved"), scope(), null, null, "Baiduspider-test");
        assertThat(r.exchanges()).hasSize(2).containsExactlyElementsOf(seen);
        String first = new String(r.exchanges().get(0).responseHead(), StandardCharsets.ISO_8859_1);
        assertThat(first).startsWith("HTTP/1.1 302").containsIgnoringCase("Location: /page").endsWith("\r\n\r\n");
        String request = new String(r.finalExchange().request(), StandardCharsets.ISO_8859_1);
        assertThat(request).startsWith("GET /page HTTP/1.1\r\n").contains("User-Agent: Baiduspider-test\r\n");
        assertThat(new String(r.finalExchange().responseBody(), StandardCharsets.UTF_8)).isEqualTo("<p>正文</p>");
        assertThat(r.finalExchange().address().isLoopbackAddress()).isTrue();
        assertThat(r.finalExchange().payloadSha1()).hasSize(20);
    }

    @Test
    void decodesChunkedBodiesButRecordsThemAsReceived() {
        FetchResult r = fetcher.fetch(base.resolve("/chunked"), scope(), null, null);
        assertThat(r.ok()).isTrue();
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("第0段。第1段。第2段。");
        String head = new String(r.finalExchange().responseHead(), StandardCharsets.ISO_8859_1);
        assertThat(head).containsIgnoringCase("Transfer-encoding: chunked");
        assertThat(r.finalExchange().responseBody().length).isGreaterThan(r.body().length);
        assertThat(new String(r.finalExchange().responseBody(), StandardCharsets.UTF_8)).endsWith("0\r\n\r\n");
    }

    @Test
    void decodesGzipAndBoundsTheDecodedSize() {
        FetchResult r = fetcher.fetch(base.resolve("/gzip"), scope(), null, null);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("<p>压缩的正文</p>");
        assertThat(fetcher.fetch(base.resolve("/bomb"), scope(), null, null).error()).contains("larger than 1000 bytes");
    }

    @Test
    void aDrippingServerMeetsTheRequestDeadline() {
        PageFetcher impatient = new PageFetcher(new PageFetcher.Settings("test", Duration.ofSeconds(1),
                Duration.ofSeconds(1), 1000, 5));
        FetchResult r = impatient.fetch(base.resolve("/drip"), scope(), null, null);
        assertThat(r.error()).startsWith("timed out");
        assertThat(r.finalExchange().truncated()).isEqualTo("time");
    }

    @Test
    void detectsARedirectLoop() {
        FetchResult r = fetcher.fetch(base.resolve("/loop-a"), scope(), null, null);
        assertThat(r.error()).isEqualTo("redirect loop");
        assertThat(r.broken()).isTrue();
    }

    @Test
    void neverFollowsARedirectOutOfScope() {
        FetchResult r = fetcher.fetch(base.resolve("/away"), scope(), null, null);
        assertThat(r.error()).startsWith("redirect left the crawl scope");
    }

    @Test
    void refusesLoopbackUnlessAllowed() {
        FetchResult r = fetcher.fetch(base.resolve("/page"), CrawlScope.ofStartUrl(base, false), null, null);
        assertThat(r.error()).startsWith("refused: private address");
    }

    @Test
    void conditionalRequestGetsNotModified() {
        FetchResult first = fetcher.fetch(base.resolve("/page"), scope(), null, null);
        FetchResult second = fetcher.fetch(base.resolve("/page"), scope(), first.etag(), null);
        assertThat(second.notModified()).isTrue();
        assertThat(second.broken()).isFalse();
    }

    @Test
    void cutsOffOversizedBodies() {
        assertThat(fetcher.fetch(base.resolve("/big"), scope(), null, null).error()).contains("larger than 1000 bytes");
    }

    @Test
    void reportsAnUnreachableServer() {
        URI dead = URI.create("http://127.0.0.1:9/");
        FetchResult r = fetcher.fetch(dead, CrawlScope.ofStartUrl(dead, true), null, null);
        assertThat(r.error()).startsWith("connection failed");
    }

    @Test
    void scopeRefusesOtherHostsAndSchemes() {
        CrawlScope scope = new CrawlScope(Set.of("www.example.gov.cn"), List.of(), false);
        assertThat(scope.checkSyntax(URI.create("http://www.example.gov.cn/a"))).isEqualTo(CrawlScope.Verdict.IN_SCOPE);
        assertThat(scope.checkSyntax(URI.create("http://evil.example.org/a"))).isEqualTo(CrawlScope.Verdict.SCOPE);
        assertThat(scope.checkSyntax(URI.create("ftp://www.example.gov.cn/a"))).isEqualTo(CrawlScope.Verdict.SCHEME);
        assertThat(scope.checkSyntax(URI.create("http://www.example.gov.cn:8080/a"))).isEqualTo(CrawlScope.Verdict.SCOPE);
    }

    @Test
    void privateRangesAreNonPublic() throws Exception {
        for (String a : List.of("10.1.2.3", "172.16.0.1", "192.168.1.1", "127.0.0.1", "169.254.1.1", "100.64.0.1", "::1", "fd00::1")) {
            assertThat(CrawlScope.isNonPublic(InetAddress.getByName(a))).as(a).isTrue();
        }
        assertThat(CrawlScope.isNonPublic(InetAddress.getByName("202.96.128.86"))).isFalse();
    }

    @Test
    void reservedRangesAndIpv6AddressesCarryingANonPublicIpv4OneAreNonPublic() throws Exception {
        for (String a : List.of("192.0.0.1", "192.0.0.170", "240.0.0.1", "255.255.255.255", "250.1.2.3",
                "::127.0.0.1", "::10.0.0.1", "::192.168.1.1", "64:ff9b::127.0.0.1", "64:ff9b::a9fe:a9fe",
                "64:ff9b::10.1.2.3", "64:ff9b:1::cb00:7101", "2002:7f00:1::", "2002:a00:1::1", "2002:c0a8:101::",
                "2002:a9fe:a9fe::1", "2002:c000:0001::")) {
            assertThat(CrawlScope.isNonPublic(InetAddress.getByName(a))).as(a).isTrue();
        }
        for (String a : List.of("202.96.128.86", "223.5.5.5", "::202.96.128.86", "64:ff9b::ca60:8056",
                "2002:ca60:8056::1", "2400:3200::1")) {
            assertThat(CrawlScope.isNonPublic(InetAddress.getByName(a))).as(a).isFalse();
        }
        URI nat64Loopback = URI.create("http://[64:ff9b::7f00:1]:8080/");
        assertThat(CrawlScope.ofStartUrl(nat64Loopback, false).check(nat64Loopback))
                .isEqualTo(CrawlScope.Verdict.PRIVATE_ADDRESS);
        URI sixToFour = URI.create("http://[2002:7f00:1::1]/");
        assertThat(CrawlScope.ofStartUrl(sixToFour, false).check(sixToFour)).isEqualTo(CrawlScope.Verdict.PRIVATE_ADDRESS);
        assertThat(CrawlScope.ofStartUrl(sixToFour, true).check(sixToFour)).isEqualTo(CrawlScope.Verdict.IN_SCOPE);
    }
}
