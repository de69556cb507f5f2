package cn.shencha.jobs.console;

import cn.shencha.jobs.ShenchaApplication;
import cn.shencha.jobs.review.Role;
import cn.shencha.jobs.review.UserAccounts;
import cn.shencha.jobs.support.TestSearchNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The console's two HTTPS modes over real connections: TLS served from a PKCS#12 generated here (keytool), and a
 * reverse proxy's X-Forwarded-Proto/-For honoured. In both, a request that came over HTTPS gets the session cookie with
 * {@code Secure} and {@code Strict-Transport-Security}; a plain one neither. Behind the proxy, the failed-login throttle
 * counts the client's address, not the proxy's.
 */
class ConsoleTransportIT {

    private static final String PASSWORD = "Transport2026ok";
    private static final String STORE_PASSWORD = "Keystore2026pass";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    @TempDir
    Path dir;

    private static ConfigurableApplicationContext start(Path data, Map<String, String> extra) {
        List<String> args = new ArrayList<>(List.of("--shencha.data=" + data, "--shencha.search.url=" + TestSearchNode.url(),
                "--shencha.search.index-prefix=it-transport-" + Long.toHexString(System.nanoTime()),
                "--spring.main.web-application-type=servlet", "--shencha.console.port=0"));
        extra.forEach((k, v) -> args.add("--" + k + "=" + v));
        ConfigurableApplicationContext context = new SpringApplication(ShenchaApplication.class).run(args.toArray(String[]::new));
        context.getBean(UserAccounts.class).create("test", "transport.user", "传输测试", null, EnumSet.of(Role.SEARCHER),
                PASSWORD, false, false);
        return context;
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Test
    void tlsFromAConfiguredKeystoreWithSecureCookieAndHsts() throws Exception {
        Path keystore = dir.resolve("console.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "console", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD).redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(out).isZero();
        try (ConfigurableApplicationContext context = start(dir.resolve("data-tls"), Map.of(
                "shencha.console.tls.keystore", keystore.toString(), "shencha.console.tls.password", STORE_PASSWORD))) {
            String base = "https://127.0.0.1:" + port(context);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                trust.load(in, STORE_PASSWORD.toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(ssl).cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).build();

            HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(login.headers().firstValue("Strict-Transport-Security").orElse("")).contains("max-age=");
            HttpResponse<String> signedIn = postLogin(client, base, login.body(), Map.of());
            assertSignedIn(signedIn);
            assertThat(sessionCookie(signedIn)).contains("Secure").contains("HttpOnly");
            assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/search")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);

            // A client that does not trust the console's certificate does not get through.
            HttpClient untrusting = HttpClient.newHttpClient();
            assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void behindAProxyForwardedHttpsGetsSecureCookieAndHstsAndTheThrottleSeesTheClient() throws Exception {
        try (ConfigurableApplicationContext context = start(dir.resolve("data-proxy"), Map.of("shencha.console.forwarded-headers", "true"))) {
            String base = "http://127.0.0.1:" + port(context);
            Map<String, String> https = Map.of("X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.10");
            HttpClient client = client();
            HttpResponse<String> page = get(client, base + "/login", https);
            assertThat(page.headers().firstValue("Strict-Transport-Security").orElse("")).contains("max-age=");
            HttpResponse<String> signedIn = postLogin(client, base, page.body(), https);
            assertSignedIn(signedIn);
            assertThat(sessionCookie(signedIn)).contains("Secure");

            // Plain HTTP without the proxy's word: neither.
            HttpClient plain = client();
            HttpResponse<String> plainPage = get(plain, base + "/login", Map.of());
            assertThat(plainPage.headers().firstValue("Strict-Transport-Security")).isEmpty();
            HttpResponse<String> plainLogin = postLogin(plain, base, plainPage.body(), Map.of());
            assertSignedIn(plainLogin);
            assertThat(sessionCookie(plainLogin)).doesNotContain("Secure");

            // Five failures from one client behind the proxy refuse that client only.
            Map<String, String> guesser = Map.of("X-Forwarded-Proto", "https", "X-Forwarded-For", "198.51.100.1");
            HttpClient g = client();
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> r = post(g, base, get(g, base + "/login", guesser).body(),
                        Map.of("username", "transport.user", "password", "wrong" + i + "x"), guesser);
                assertThat(r.headers().firstValue("Location").orElse("")).contains("/login?error");
            }
            assertThat(postLogin(g, base, get(g, base + "/login", guesser).body(), guesser).headers().firstValue("Location")
                    .orElse("")).endsWith("/login?throttled");
            Map<String, String> colleague = Map.of("X-Forwarded-Proto", "https", "X-Forwarded-For", "198.51.100.2");
            HttpClient c = client();
            assertSignedIn(postLogin(c, base, get(c, base + "/login", colleague).body(), colleague));
        }
    }

    /** A client without a cookie handler: {@link Jar} carries the session, since behind the proxy the URL is http://. */
    private static HttpClient client() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The session cookie, sent back whatever its Secure flag (the browser sees https at the proxy). */
    private static final Map<HttpClient, String> JAR = new java.util.concurrent.ConcurrentHashMap<>();

    private static HttpResponse<String> remember(HttpClient client, HttpResponse<String> r) {
        r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("SHENCHA_SESSION="))
                .forEach(c -> JAR.put(client, c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'))));
        return r;
    }

    private static HttpResponse<String> get(HttpClient client, String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        headers.forEach(b::header);
        if (JAR.containsKey(client) && client.cookieHandler().isEmpty()) {
            b.header("Cookie", JAR.get(client));
        }
        return remember(client, client.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private static HttpResponse<String> postLogin(HttpClient client, String base, String loginPage, Map<String, String> headers)
            throws Exception {
        return post(client, base, loginPage, Map.of("username", "transport.user", "password", PASSWORD), headers);
    }

    private static HttpResponse<String> post(HttpClient client, String base, String loginPage, Map<String, String> form,
                                             Map<String, String> headers) throws Exception {
        Matcher m = CSRF.matcher(loginPage);
        assertThat(m.find()).as("CSRF token on the login page").isTrue();
        Map<String, String> all = new java.util.LinkedHashMap<>(form);
        all.put("_csrf", m.group(1));
        String body = all.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        if (JAR.containsKey(client) && client.cookieHandler().isEmpty()) {
            b.header("Cookie", JAR.get(client));
        }
        return remember(client, client.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** A login that worked: a redirect away from the login page. */
    private static void assertSignedIn(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.headers().map().toString()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElse("/login")).doesNotContain("/login");
    }

    private static String sessionCookie(HttpResponse<String> r) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("SHENCHA_SESSION=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie in " + r.headers().map()));
    }
}
