package cn.shencha.readers.render;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Renders pages in headless Chromium, driven over the DevTools protocol on a pipe (no debugging port is opened), to see
 * what a page's scripts put into it — spam that obfuscated scripts write and a static decoder cannot unwrap.
 *
 * <p>The browser has no network of its own: every request a page makes is paused by the protocol's Fetch domain and
 * either answered by the caller's {@link ResourceLoader} (which fetches within the crawl's scope and robots rules) or
 * failed; the browser is also started with an unreachable proxy and a resolver that resolves nothing, so a request
 * that slipped past interception (a worker's, the browser's own) cannot leave the machine. Images, fonts and media are
 * never loaded: only the text matters. WebRTC, which reaches the network over UDP around any proxy, is held to
 * proxied UDP only by policy flags and removed from every document ({@link #NO_WEBRTC}).
 *
 * <p>The browser never runs as root with its sandbox off: when Shencha runs as root it starts Chromium through
 * {@code setpriv} as {@value #UNPRIVILEGED_USER}:{@value #UNPRIVILEGED_GROUP} (no supplementary groups, no new
 * privileges) in a profile owned by that user, and Chromium's namespace sandbox (user and PID namespaces, seccomp)
 * confines its renderers as it does for any unprivileged user.
 *
 * <p>One browser serves many renders, one page at a time; {@link #close()} ends it and removes its profile.
 */
public final class ChromiumRenderer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChromiumRenderer.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Resource types a page may load through the loader; everything else (images, fonts, media, pings) is failed. */
    private static final List<String> LOADED_TYPES = List.of("Document", "Script", "Stylesheet", "XHR", "Fetch");

    /**
     * Settings.
     *
     * @param executable the Chromium binary (a path, or a name looked up on PATH)
     * @param timeout    how long one page may take to load, all its loads included
     * @param settle     how long scripts may go on after the load event (timers that write late)
     * @param maxHtmlChars the rendered document is cut to this many characters
     */
    public record Settings(String executable, Duration timeout, Duration settle, int maxHtmlChars) {
        public Settings {
            executable = executable == null || executable.isBlank() ? "chromium" : executable;
            timeout = timeout == null ? Duration.ofSeconds(15) : timeout;
            settle = settle == null ? Duration.ofMillis(500) : settle;
            maxHtmlChars = maxHtmlChars <= 0 ? 5_000_000 : maxHtmlChars;
        }
    }

    /** What a page loads besides itself: a resource's bytes, or null to refuse it. Called off the protocol's thread. */
    @FunctionalInterface
    public interface ResourceLoader {
        Resource load(URI uri) throws InterruptedException;
    }

    /** A response to give the page. */
    public record Resource(int status, String contentType, byte[] body) {
    }

    /**
     * A rendered page.
     *
     * @param html     the document as the scripts left it (serialized DOM)
     * @param loaded   URLs answered through the loader
     * @param refused  URLs the page asked for and did not get (out of scope, refused by the loader, or of a type never
     *                 loaded)
     */
    public record RenderedPage(String url, String html, List<String> loaded, List<String> refused) {
    }

    /** A page that could not be rendered (the browser failed, the page did not load in time). */
    public static final class RenderException extends Exception {
        public RenderException(String message) {
            super(message);
        }

        public RenderException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Settings settings;
    private final Path profile;
    private final Process process;
    private final OutputStream toBrowser;
    private final InputStream fromBrowser;
    private final Thread readerThread;
    private final ExecutorService loaders = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "chromium-loader");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();
    private final StringBuilder stderrTail = new StringBuilder();
    private volatile boolean closed;

    private ChromiumRenderer(Settings settings, Path profile, Process process, OutputStream toBrowser,
                             InputStream fromBrowser) {
        this.settings = settings;
        this.profile = profile;
        this.process = process;
        this.toBrowser = toBrowser;
        this.fromBrowser = fromBrowser;
        this.readerThread = new Thread(this::readMessages, "chromium-cdp");
        this.readerThread.setDaemon(true);
        this.readerThread.start();
        process.onExit().thenRun(() -> failAll("Chromium exited (exit code " + process.exitValue() + ")" + stderr()));
    }

    /**
     * Starts a headless browser.
     *
     * @throws RenderException when the binary is missing or the browser does not answer
     */
    public static ChromiumRenderer start(Settings settings) throws RenderException {
        Path binary = locate(settings.executable());
        if (binary == null) {
            throw new RenderException("Chromium not found: '" + settings.executable()
                    + "' is neither a file nor on PATH (install Debian's chromium, or set shencha.crawl.render.executable)");
        }
        boolean root = runsAsRoot();
        Path setpriv = root ? locate("setpriv") : null;
        if (root && setpriv == null) {
            throw new RenderException("Shencha runs as root and Chromium must not: setpriv (util-linux) is needed to start"
                    + " it as " + UNPRIVILEGED_USER);
        }
        Path profile = null;
        Process process = null;
        try {
            profile = Files.createTempDirectory("shencha-chromium-");
            Path in = profile.resolve("cdp-in");
            Path out = profile.resolve("cdp-out");
            mkfifo(in);
            mkfifo(out);
            Path home = Files.createDirectory(profile.resolve("home"));
            List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$@\" 3<\"$CDP_IN\" 4>\"$CDP_OUT\"",
                    "sh"));
            if (root) {
                // The shell (root) opens the pipes, then the browser runs as nobody with its own sandbox: its profile
                // is nobody's, the pipes stay root's (mode 0600), the directory holding them only traversable.
                Files.setPosixFilePermissions(profile, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
                var users = profile.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(home, users.lookupPrincipalByName(UNPRIVILEGED_USER));
                Files.getFileAttributeView(home, java.nio.file.attribute.PosixFileAttributeView.class)
                        .setGroup(users.lookupPrincipalByGroupName(UNPRIVILEGED_GROUP));
                command.addAll(List.of(setpriv.toString(), "--reuid=" + UNPRIVILEGED_USER, "--regid=" + UNPRIVILEGED_GROUP,
                        "--clear-groups", "--no-new-privs"));
            }
            command.addAll(List.of(binary.toString(),
                    "--headless", "--remote-debugging-pipe", "--user-data-dir=" + home.resolve("profile"),
                    "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
                    "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
                    "--disable-domain-reliability", "--disable-client-side-phishing-detection",
                    "--disable-features=Translate,MediaRouter,OptimizationHints,InterestFeedContentSuggestions",
                    "--metrics-recording-only", "--mute-audio", "--hide-scrollbars", "--disable-gpu",
                    "--blink-settings=imagesEnabled=false",
                    // nothing leaves the machine even if it slipped past interception
                    "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                    "--host-resolver-rules=MAP * ~NOTFOUND",
                    // WebRTC: no UDP that bypasses the proxy wall (STUN to an IP literal), no local addresses
                    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
                    "--webrtc-ip-handling-policy=disable_non_proxied_udp", "--enforce-webrtc-ip-permission-check",
                    "--disable-webrtc-hw-encoding", "--disable-webrtc-hw-decoding",
                    "about:blank"));
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().put("CDP_IN", in.toString());
            pb.environment().put("CDP_OUT", out.toString());
            pb.environment().put("HOME", home.toString());
            pb.environment().put("XDG_CONFIG_HOME", home.resolve(".config").toString());
            pb.environment().put("XDG_CACHE_HOME", home.resolve(".cache").toString());
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            process = pb.start();
            // Opened read-write, a FIFO never blocks the opener; the browser's end opens as soon as it starts.
            OutputStream toBrowser = Channels.newOutputStream(new RandomAccessFile(in.toFile(), "rw").getChannel());
            InputStream fromBrowser = Channels.newInputStream(new RandomAccessFile(out.toFile(), "rw").getChannel());
            ChromiumRenderer renderer = new ChromiumRenderer(settings, profile, process, toBrowser, fromBrowser);
            Process p = process;
            Thread err = new Thread(() -> renderer.drainStderr(p.getErrorStream()), "chromium-stderr");
            err.setDaemon(true);
            err.start();
            try {
                renderer.call(null, "Browser.getVersion", JSON.createObjectNode(), settings.timeout());
            } catch (RenderException e) {
                renderer.close();
                throw new RenderException("Chromium did not start: " + e.getMessage());
            }
            return renderer;
        } catch (IOException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            deleteTree(profile);
            throw new RenderException("could not start Chromium: " + e.getMessage(), e);
        }
    }

    /** Whom the browser runs as when Shencha runs as root (Debian's unprivileged user and group). */
    static final String UNPRIVILEGED_USER = "nobody";
    static final String UNPRIVILEGED_GROUP = "nogroup";

    /**
     * Removed from every document before its scripts run: WebRTC is how a page reaches the network around the proxy
     * wall (ICE over UDP to an IP literal), and a page being audited has no call to place.
     */
    static final String NO_WEBRTC = "(() => { for (const name of ['RTCPeerConnection', 'webkitRTCPeerConnection',"
            + " 'RTCDataChannel', 'RTCIceCandidate', 'RTCSessionDescription', 'RTCRtpSender', 'RTCRtpReceiver',"
            + " 'RTCRtpTransceiver']) { try { delete window[name]; } catch (e) { } } })();";

    private static boolean runsAsRoot() {
        try {
            return Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** The browser process (for tests: whom it runs as, with which flags). */
    long pid() {
        return process.pid();
    }

    /** The binary: an existing file, or the first match on PATH; null when none. */
    static Path locate(String executable) {
        Path direct = Path.of(executable);
        if (executable.contains("/")) {
            return Files.isExecutable(direct) ? direct : null;
        }
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, executable);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Whether the configured browser exists on this machine. */
    public static boolean available(String executable) {
        return locate(executable == null || executable.isBlank() ? "chromium" : executable) != null;
    }

    private static void mkfifo(Path path) throws IOException {
        try {
            Process p = new ProcessBuilder("mkfifo", "-m", "600", path.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                throw new IOException("mkfifo " + path + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating " + path, e);
        }
    }

    /**
     * Loads a page into a fresh tab, answering its own request with {@code body} (already fetched by the crawler) and
     * its other requests through {@code loader}, waits for its load event and the settle time, and returns the DOM as
     * its scripts left it.
     *
     * @param contentType the page's media type with the charset the crawler determined (it overrides what the server
     *                    said and the page's meta tag, as an HTTP header does), e.g. {@code text/html; charset=GB18030}
     */
    public synchronized RenderedPage render(URI url, String contentType, byte[] body, ResourceLoader loader)
            throws RenderException, InterruptedException {
        if (closed) {
            throw new RenderException("the renderer is closed");
        }
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        ObjectNode create = JSON.createObjectNode().put("url", "about:blank");
        String targetId = call(null, "Target.createTarget", create, settings.timeout()).path("targetId").asString();
        List<String> loaded = new CopyOnWriteArrayList<>();
        List<String> refused = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> loadEvent = new CompletableFuture<>();
        String[] session = new String[1];
        String page = withoutFragment(url.toString());
        boolean[] documentServed = {false};
        Consumer<JsonNode> listener = msg -> {
            if (session[0] == null || !session[0].equals(msg.path("sessionId").asString(""))) {
                return;
            }
            switch (msg.path("method").asString("")) {
                case "Page.loadEventFired" -> loadEvent.complete(null);
                case "Fetch.requestPaused" -> {
                    JsonNode params = msg.path("params");
                    loaders.execute(() -> answer(session[0], params, page, contentType, body, loader, loaded, refused,
                            documentServed));
                }
                default -> { }
            }
        };
        listeners.add(listener);
        try {
            ObjectNode attach = JSON.createObjectNode().put("targetId", targetId).put("flatten", true);
            session[0] = call(null, "Target.attachToTarget", attach, remaining(deadline)).path("sessionId").asString();
            ObjectNode fetch = JSON.createObjectNode();
            fetch.putArray("patterns").addObject().put("urlPattern", "*").put("requestStage", "Request");
            call(session[0], "Fetch.enable", fetch, remaining(deadline));
            call(session[0], "Page.enable", JSON.createObjectNode(), remaining(deadline));
            call(session[0], "Page.addScriptToEvaluateOnNewDocument", JSON.createObjectNode().put("source", NO_WEBRTC),
                    remaining(deadline));
            JsonNode nav = call(session[0], "Page.navigate", JSON.createObjectNode().put("url", page), remaining(deadline));
            if (nav.hasNonNull("errorText") && !nav.path("errorText").asString("").isEmpty()) {
                throw new RenderException("Chromium could not load " + page + ": " + nav.path("errorText").asString());
            }
            try {
                loadEvent.get(remaining(deadline).toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                log.info("{} did not finish loading within {}; taking the document as it is", page, settings.timeout());
            } catch (ExecutionException e) {
                throw new RenderException("rendering " + page + " failed: " + e.getCause().getMessage(), e.getCause());
            }
            long settle = Math.min(settings.settle().toMillis(), Math.max(0, remaining(deadline).toMillis()));
            if (settle > 0) {
                Thread.sleep(settle);
            }
            ObjectNode eval = JSON.createObjectNode()
                    .put("expression", "document.documentElement ? document.documentElement.outerHTML : ''")
                    .put("returnByValue", true);
            JsonNode value = call(session[0], "Runtime.evaluate", eval, Duration.ofSeconds(10));
            String html = value.path("result").path("value").asString("");
            if (html.length() > settings.maxHtmlChars()) {
                html = html.substring(0, settings.maxHtmlChars());
            }
            return new RenderedPage(page, "<!DOCTYPE html>\n" + html, List.copyOf(loaded), List.copyOf(refused));
        } finally {
            listeners.remove(listener);
            try {
                call(null, "Target.closeTarget", JSON.createObjectNode().put("targetId", targetId), Duration.ofSeconds(5));
            } catch (RenderException e) {
                log.debug("closing tab of {}: {}", page, e.getMessage());
            }
        }
    }

    /** Answers one paused request: the page itself from its body, in-scope text resources through the loader. */
    private void answer(String session, JsonNode params, String page, String pageType, byte[] pageBody,
                        ResourceLoader loader, List<String> loaded, List<String> refused, boolean[] documentServed) {
        String requestId = params.path("requestId").asString();
        String requestUrl = params.path("request").path("url").asString("");
        String method = params.path("request").path("method").asString("GET");
        String type = params.path("resourceType").asString("");
        try {
            Resource resource = null;
            boolean isPage;
            synchronized (documentServed) {
                isPage = !documentServed[0] && "Document".equals(type) && withoutFragment(requestUrl).equals(page);
                if (isPage) {
                    documentServed[0] = true;
                }
            }
            if (isPage) {
                resource = new Resource(200, pageType == null ? "text/html" : pageType, pageBody);
            } else if ("GET".equals(method) && LOADED_TYPES.contains(type) && requestUrl.startsWith("http")) {
                try {
                    resource = loader.load(URI.create(requestUrl));
                } catch (IllegalArgumentException e) {
                    resource = null;
                }
            }
            if (resource == null) {
                refused.add(requestUrl);
                send(session, "Fetch.failRequest", JSON.createObjectNode().put("requestId", requestId)
                        .put("errorReason", "BlockedByClient"));
                return;
            }
            if (!isPage) {
                loaded.add(requestUrl);
            }
            ObjectNode fulfil = JSON.createObjectNode().put("requestId", requestId).put("responseCode", resource.status());
            if (resource.contentType() != null) {
                fulfil.putArray("responseHeaders").addObject().put("name", "Content-Type").put("value", resource.contentType());
            }
            fulfil.put("body", Base64.getEncoder().encodeToString(resource.body() == null ? new byte[0] : resource.body()));
            send(session, "Fetch.fulfillRequest", fulfil);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | IOException e) {
            log.debug("answering {} for {}: {}", requestUrl, page, e.toString());
            try {
                send(session, "Fetch.failRequest", JSON.createObjectNode().put("requestId", requestId)
                        .put("errorReason", "Failed"));
            } catch (IOException ignored) {
                // the browser is gone; the render fails on its own
            }
        }
    }

    private static String withoutFragment(String url) {
        int hash = url.indexOf('#');
        return hash < 0 ? url : url.substring(0, hash);
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000L, deadline - System.nanoTime()));
    }

    private JsonNode call(String session, String method, ObjectNode params, Duration timeout) throws RenderException {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> future = new CompletableFuture<>();
        pending.put(id, future);
        try {
            write(session, id, method, params);
            JsonNode reply = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (reply.has("error")) {
                throw new RenderException(method + ": " + reply.path("error").path("message").asString("error"));
            }
            return reply.path("result");
        } catch (IOException e) {
            throw new RenderException(method + ": the browser's pipe is closed" + stderr(), e);
        } catch (TimeoutException e) {
            throw new RenderException(method + ": no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new RenderException(method + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RenderException(method + ": interrupted", e);
        } finally {
            pending.remove(id);
        }
    }

    private void send(String session, String method, ObjectNode params) throws IOException {
        write(session, ids.incrementAndGet(), method, params);
    }

    private void write(String session, long id, String method, ObjectNode params) throws IOException {
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params);
        if (session != null) {
            msg.put("sessionId", session);
        }
        byte[] bytes = JSON.writeValueAsBytes(msg);
        synchronized (toBrowser) {
            toBrowser.write(bytes);
            toBrowser.write(0);
            toBrowser.flush();
        }
    }

    private void readMessages() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[65536];
        try {
            int n;
            while ((n = fromBrowser.read(chunk)) >= 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == 0) {
                        buffer.write(chunk, start, i - start);
                        dispatch(buffer.toByteArray());
                        buffer.reset();
                        start = i + 1;
                    }
                }
                buffer.write(chunk, start, n - start);
            }
        } catch (IOException e) {
            if (!closed) {
                failAll("the browser's pipe failed: " + e.getMessage());
            }
        }
    }

    private void dispatch(byte[] message) {
        JsonNode msg;
        try {
            msg = JSON.readTree(message);
        } catch (RuntimeException e) {
            log.debug("unreadable DevTools message: {}", e.toString());
            return;
        }
        if (msg.has("id") && !msg.has("method")) {
            CompletableFuture<JsonNode> f = pending.get(msg.path("id").asLong());
            if (f != null) {
                f.complete(msg);
            }
            return;
        }
        for (Consumer<JsonNode> l : listeners) {
            l.accept(msg);
        }
    }

    private void failAll(String why) {
        for (CompletableFuture<JsonNode> f : pending.values()) {
            f.completeExceptionally(new IOException(why));
        }
    }

    private void drainStderr(InputStream err) {
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = err.read(buf)) >= 0) {
                synchronized (stderrTail) {
                    stderrTail.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    if (stderrTail.length() > 2000) {
                        stderrTail.delete(0, stderrTail.length() - 2000);
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private String stderr() {
        synchronized (stderrTail) {
            String s = stderrTail.toString().strip();
            if (s.isEmpty()) {
                return "";
            }
            String[] lines = s.split("\n");
            return ": " + lines[lines.length - 1].strip();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            write(null, ids.incrementAndGet(), "Browser.close", JSON.createObjectNode());
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        loaders.shutdownNow();
        try {
            toBrowser.close();
            fromBrowser.close();
        } catch (IOException ignored) {
            // closing
        }
        readerThread.interrupt();
        deleteTree(profile);
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a temporary profile
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    @Override
    public String toString() {
        return "ChromiumRenderer[" + settings.executable().toLowerCase(Locale.ROOT) + "]";
    }
}
