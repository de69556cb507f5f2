package cn.shencha.readers.crawl;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A minimal HTTP/1.1 client that keeps the bytes: one GET per connection ({@code Connection: close}) to an address the
 * caller has already checked, so what is recorded in WARC is what was sent and received, and the address connected to
 * is the address the scope approved (no second DNS lookup between the check and the connection).
 *
 * <p>Everything from the server is hostile input: the status line and headers are bounded (64 KiB), the body is
 * bounded after transfer decoding and after content decoding (gzip, deflate), chunk overhead is bounded, and the
 * whole exchange has one deadline however slowly the server drips its bytes.
 */
final class HttpWire {

    static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/(\\d)\\.(\\d)[ \\t]+(\\d{3})(?:[ \\t]+(.*))?");

    /** A response, or why none (or only part of one) arrived. */
    record Response(int status, String reason, List<String[]> headers, byte[] body, String error, HttpExchange exchange) {

        String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }
    }

    /** Thrown inside the exchange when the deadline passes. */
    private static final class Timeout extends IOException {
    }

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final long maxBodyBytes;

    HttpWire(Duration connectTimeout, Duration requestTimeout, long maxBodyBytes) {
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Sends one GET for {@code uri} to the first of {@code addresses} that accepts a connection.
     *
     * @param headers extra request headers, name and value, in order (values must not hold line breaks)
     */
    Response get(URI uri, List<InetAddress> addresses, String userAgent, List<String[]> headers) {
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
        String host = uri.getHost();
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        byte[] request = request(uri, host, port, tls, userAgent, headers);
        Instant date = Instant.now();
        Socket socket = null;
        InetAddress connected = null;
        IOException connectError = null;
        for (InetAddress address : addresses) {
            Socket s = new Socket();
            try {
                long left = millisLeft(deadline);
                if (left <= 0) {
                    throw new Timeout();
                }
                s.connect(new InetSocketAddress(address, port), (int) Math.min(left, connectTimeout.toMillis()));
                socket = s;
                connected = address;
                break;
            } catch (SocketTimeoutException | Timeout e) {
                closeQuietly(s);
                connectError = new Timeout();
            } catch (IOException e) {
                closeQuietly(s);
                connectError = e;
            }
        }
        if (socket == null) {
            return failure(connectError instanceof Timeout ? timedOut()
                    : "connection failed: " + describe(connectError == null ? new IOException("no address") : connectError),
                    null);
        }
        HttpExchange bare = new HttpExchange(uri, connected, date, userAgent, request, null, null, null, null);
        try (Socket s = tls ? startTls(socket, host, port, deadline) : socket) {
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            Input in = new Input(s, deadline);
            return readResponse(in, uri, connected, date, userAgent, request);
        } catch (Timeout | SocketTimeoutException e) {
            return failure(timedOut(), bare);
        } catch (IOException e) {
            return failure("connection failed: " + describe(e), bare);
        } finally {
            closeQuietly(socket);
        }
    }

    private Socket startTls(Socket plain, String host, int port, long deadline) throws IOException {
        SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain, host, port, true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isIpLiteral(host)) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        ssl.setSSLParameters(parameters);
        long left = millisLeft(deadline);
        if (left <= 0) {
            throw new Timeout();
        }
        ssl.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        ssl.startHandshake();
        return ssl;
    }

    private static boolean isIpLiteral(String host) {
        return host.startsWith("[") || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    private static byte[] request(URI uri, String host, int port, boolean tls, String userAgent, List<String[]> headers) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        boolean defaultPort = port == (tls ? 443 : 80);
        StringBuilder sb = new StringBuilder(256);
        sb.append("GET ").append(path).append(" HTTP/1.1\r\n");
        sb.append("Host: ").append(host).append(defaultPort ? "" : ":" + port).append("\r\n");
        sb.append("User-Agent: ").append(clean(userAgent)).append("\r\n");
        for (String[] h : headers) {
            sb.append(clean(h[0])).append(": ").append(clean(h[1])).append("\r\n");
        }
        sb.append("Connection: close\r\n\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Header text without control characters: nothing a server sent (an ETag) may split our request. */
    private static String clean(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f || c > 0xff ? ' ' : c);
        }
        return sb.toString();
    }

    private Response readResponse(Input in, URI uri, InetAddress address, Instant date, String userAgent, byte[] request)
            throws IOException {
        byte[] head;
        Matcher status;
        List<String[]> headers;
        while (true) {
            head = in.readHead();
            if (head == null) {
                return failure("connection failed: the server closed the connection without a response",
                        new HttpExchange(uri, address, date, userAgent, request, null, null, null, null));
            }
            if (head.length > MAX_HEAD_BYTES) {
                return failure("response headers larger than " + MAX_HEAD_BYTES + " bytes",
                        new HttpExchange(uri, address, date, userAgent, request, null, null, null, null));
            }
            String text = new String(head, StandardCharsets.ISO_8859_1);
            List<String> lines = text.lines().toList();
            status = STATUS_LINE.matcher(lines.isEmpty() ? "" : lines.get(0).strip());
            if (!status.matches()) {
                return failure("not an HTTP response", new HttpExchange(uri, address, date, userAgent, request, null, null, null, null));
            }
            headers = parseHeaders(lines);
            int code = Integer.parseInt(status.group(3));
            if (code < 100 || code >= 200 || code == 101) {
                break;
            }
            // an informational response (103 Early Hints): the real one follows
        }
        int code = Integer.parseInt(status.group(3));
        String reason = status.group(4) == null ? "" : status.group(4).strip();
        MessageDigest payloadDigest = sha1();
        Body body = new Body(maxBodyBytes, payloadDigest);
        String truncated = null;
        String error = null;
        try {
            if (code == 204 || code == 304 || code < 200) {
                // no body
            } else if (isChunked(headers)) {
                readChunked(in, body);
            } else {
                Long length = contentLength(headers);
                if (length == null && header(headers, "Content-Length") != null) {
                    return failure("bad Content-Length", new HttpExchange(uri, address, date, userAgent, request, head, new byte[0], null, null));
                }
                readPlain(in, body, length);
            }
        } catch (BodyTooLarge e) {
            truncated = "length";
            error = "body larger than " + maxBodyBytes + " bytes";
        } catch (Timeout | SocketTimeoutException e) {
            truncated = "time";
            error = timedOut();
        } catch (Disconnected e) {
            truncated = "disconnect";
            error = "reading the body failed: " + e.getMessage();
        } catch (IOException e) {
            truncated = "disconnect";
            error = "reading the body failed: " + describe(e);
        }
        byte[] raw = body.raw();
        HttpExchange exchange = new HttpExchange(uri, address, date, userAgent, request, head, raw, truncated,
                payloadDigest.digest());
        if (error != null) {
            return new Response(code, reason, headers, new byte[0], error, exchange);
        }
        byte[] payload = body.decoded() != null ? body.decoded() : raw;
        String encoding = header(headers, "Content-Encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.strip().equalsIgnoreCase("identity")) {
            try {
                payload = decodeContent(encoding.strip().toLowerCase(Locale.ROOT), payload);
            } catch (BodyTooLarge e) {
                return new Response(code, reason, headers, new byte[0], "body larger than " + maxBodyBytes
                        + " bytes once decoded", exchange);
            } catch (IOException e) {
                return new Response(code, reason, headers, new byte[0], "bad " + encoding.strip() + " content: "
                        + describe(e), exchange);
            }
        }
        return new Response(code, reason, headers, payload, null, exchange);
    }


    private static List<String[]> parseHeaders(List<String> lines) {
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                break;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !headers.isEmpty()) {
                String[] last = headers.get(headers.size() - 1);
                last[1] = last[1] + " " + line.strip();
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            headers.add(new String[]{line.substring(0, colon).strip(), line.substring(colon + 1).strip()});
        }
        return headers;
    }

    private static String header(List<String[]> headers, String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    private static boolean isChunked(List<String[]> headers) {
        String te = null;
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase("Transfer-Encoding")) {
                te = te == null ? h[1] : te + "," + h[1];
            }
        }
        if (te == null) {
            return false;
        }
        String[] codings = te.split(",");
        return codings[codings.length - 1].strip().equalsIgnoreCase("chunked");
    }

    /** The Content-Length, or null when absent or unusable (several different values, not a number). */
    private static Long contentLength(List<String[]> headers) {
        Long length = null;
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase("Content-Length")) {
                for (String v : h[1].split(",")) {
                    long n;
                    try {
                        n = Long.parseLong(v.strip());
                    } catch (NumberFormatException e) {
                        return null;
                    }
                    if (n < 0 || (length != null && length != n)) {
                        return null;
                    }
                    length = n;
                }
            }
        }
        return length;
    }

    private void readPlain(Input in, Body body, Long length) throws IOException {
        long left = length == null ? Long.MAX_VALUE : length;
        byte[] buf = new byte[16 * 1024];
        while (left > 0) {
            int n = in.read(buf, (int) Math.min(buf.length, left));
            if (n < 0) {
                if (length != null) {
                    throw new Disconnected("connection closed " + (length - left) + " bytes into a " + length + "-byte body");
                }
                return;
            }
            body.plain(buf, n);
            left -= n;
        }
    }

    private void readChunked(Input in, Body body) throws IOException {
        byte[] buf = new byte[16 * 1024];
        while (true) {
            String sizeLine = in.readLine(body);
            if (sizeLine == null) {
                throw new Disconnected("connection closed inside a chunked body");
            }
            int semi = sizeLine.indexOf(';');
            String hex = (semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size '" + truncate(hex) + "'");
            }
            if (size < 0) {
                throw new IOException("bad chunk size '" + truncate(hex) + "'");
            }
            if (size == 0) {
                // trailer fields, then the blank line
                while (true) {
                    String trailer = in.readLine(body);
                    if (trailer == null || trailer.isEmpty()) {
                        return;
                    }
                }
            }
            long left = size;
            while (left > 0) {
                int n = in.read(buf, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new Disconnected("connection closed inside a chunk");
                }
                body.chunkData(buf, n);
                left -= n;
            }
            String end = in.readLine(body);
            if (end == null) {
                throw new Disconnected("connection closed inside a chunked body");
            }
        }
    }

    private static String truncate(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "…" : s;
    }

    private byte[] decodeContent(String encoding, byte[] body) throws IOException {
        InputStream in = switch (encoding) {
            case "gzip", "x-gzip" -> new GZIPInputStream(new java.io.ByteArrayInputStream(body));
            case "deflate" -> new InflaterInputStream(new java.io.ByteArrayInputStream(body),
                    new Inflater(!looksLikeZlib(body)));
            default -> throw new IOException("unsupported content encoding");
        };
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(32, body.length * 3));
            byte[] buf = new byte[16 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
                if (total > maxBodyBytes) {
                    throw new BodyTooLarge();
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** "deflate" is meant to be zlib-wrapped; some servers send raw deflate. */
    private static boolean looksLikeZlib(byte[] b) {
        return b.length >= 2 && (b[0] & 0x0F) == 8 && (((b[0] & 0xFF) << 8) | (b[1] & 0xFF)) % 31 == 0;
    }

    private static Response failure(String error, HttpExchange exchange) {
        return new Response(0, null, List.of(), new byte[0], error, exchange);
    }

    private String timedOut() {
        return "timed out after " + requestTimeout.toSeconds() + " s";
    }

    private static long millisLeft(long deadline) {
        return (deadline - System.nanoTime()) / 1_000_000;
    }

    static String describe(Exception e) {
        String m = e.getMessage();
        if (m == null && e.getCause() != null) {
            m = e.getCause().getMessage();
        }
        return e.getClass().getSimpleName() + (m == null ? "" : " (" + m + ")");
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(Socket s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // discarded either way
        }
    }

    static final class BodyTooLarge extends IOException {
    }

    private static final class Disconnected extends IOException {
        Disconnected(String message) {
            super(message);
        }
    }

    /**
     * The body being read: the raw bytes (what WARC keeps) and, for a chunked body, the decoded bytes; for a plain body
     * the two are the same array. Bounded: decoded bytes by the body limit, raw bytes by twice that plus 64 KiB (chunk
     * framing cannot balloon).
     */
    private static final class Body {
        private final long max;
        private final MessageDigest payloadDigest;
        private final ByteArrayOutputStream raw = new ByteArrayOutputStream(16 * 1024);
        private ByteArrayOutputStream decoded;

        Body(long max, MessageDigest payloadDigest) {
            this.max = max;
            this.payloadDigest = payloadDigest;
        }

        void plain(byte[] b, int n) throws BodyTooLarge {
            if (raw.size() + (long) n > max) {
                int fits = (int) Math.max(0, max - raw.size());
                raw.write(b, 0, fits);
                payloadDigest.update(b, 0, fits);
                throw new BodyTooLarge();
            }
            raw.write(b, 0, n);
            payloadDigest.update(b, 0, n);
        }

        void framing(byte[] b, int off, int n) throws BodyTooLarge {
            if (raw.size() + (long) n > 2 * max + 65536) {
                throw new BodyTooLarge();
            }
            raw.write(b, off, n);
            if (decoded == null) {
                decoded = new ByteArrayOutputStream(16 * 1024);
            }
        }

        void chunkData(byte[] b, int n) throws BodyTooLarge {
            if (decoded == null) {
                decoded = new ByteArrayOutputStream(16 * 1024);
            }
            if (decoded.size() + (long) n > max || raw.size() + (long) n > 2 * max + 65536) {
                throw new BodyTooLarge();
            }
            raw.write(b, 0, n);
            decoded.write(b, 0, n);
            payloadDigest.update(b, 0, n);
        }

        byte[] raw() {
            return raw.toByteArray();
        }

        /** The transfer-decoded body of a chunked response; null for a plain one (its raw bytes are the body). */
        byte[] decoded() {
            return decoded == null ? null : decoded.toByteArray();
        }
    }

    /** Buffered socket input with one deadline for the whole exchange. */
    private static final class Input {
        private final Socket socket;
        private final InputStream in;
        private final long deadline;
        private final byte[] buf = new byte[16 * 1024];
        private int pos;
        private int lim;

        Input(Socket socket, long deadline) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadline = deadline;
        }

        private boolean fill() throws IOException {
            if (pos < lim) {
                return true;
            }
            long left = millisLeft(deadline);
            if (left <= 0) {
                throw new Timeout();
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left)));
            int n;
            try {
                n = in.read(buf, 0, buf.length);
            } catch (SocketTimeoutException e) {
                throw new Timeout();
            }
            if (n <= 0) {
                pos = lim = 0;
                return false;
            }
            pos = 0;
            lim = n;
            return true;
        }

        /** The status line and headers through the blank line; null at EOF before any byte; longer than the limit: cut. */
        byte[] readHead() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream(1024);
            int lineLength = 0;
            boolean anyContent = false;
            while (true) {
                if (!fill()) {
                    if (head.size() == 0) {
                        return null;
                    }
                    throw new Disconnected("connection closed inside the response headers");
                }
                byte b = buf[pos++];
                head.write(b);
                if (head.size() > MAX_HEAD_BYTES) {
                    return head.toByteArray();
                }
                if (b == '\n') {
                    if (lineLength == 0) {
                        if (anyContent) {
                            return head.toByteArray();
                        }
                        head.reset(); // stray blank lines before the status line
                    }
                    lineLength = 0;
                } else if (b != '\r') {
                    lineLength++;
                    anyContent = true;
                }
            }
        }

        /** A line of chunk framing (without its line end), recorded as raw body bytes; null at EOF. */
        String readLine(Body body) throws IOException {
            StringBuilder line = new StringBuilder();
            while (true) {
                if (!fill()) {
                    return null;
                }
                byte b = buf[pos++];
                body.framing(new byte[]{b}, 0, 1);
                if (b == '\n') {
                    int len = line.length();
                    if (len > 0 && line.charAt(len - 1) == '\r') {
                        line.setLength(len - 1);
                    }
                    return line.toString();
                }
                if (line.length() > 4096) {
                    throw new IOException("chunk framing line too long");
                }
                line.append((char) (b & 0xFF));
            }
        }

        int read(byte[] dst, int len) throws IOException {
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, lim - pos);
            System.arraycopy(buf, pos, dst, 0, n);
            pos += n;
            return n;
        }
    }
}
