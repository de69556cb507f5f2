package cn.shencha.archive.warc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.Warcinfo;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WarcCaptureTest {

    @TempDir
    Path root;

    private static final WarcCapture.Settings SETTINGS = new WarcCapture.Settings(1L << 30, "Shencha/test", "保密局测试",
            "run 7");

    private static CapturedExchange exchange(String url, String head, byte[] body, byte[] payload) throws Exception {
        return new CapturedExchange(URI.create(url), InetAddress.getLoopbackAddress(), Instant.parse("2026-11-20T08:00:00Z"),
                ("GET " + URI.create(url).getPath() + " HTTP/1.1\r\nHost: x\r\nUser-Agent: t\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1),
                head.getBytes(StandardCharsets.ISO_8859_1), body, null,
                MessageDigest.getInstance("SHA-1").digest(payload));
    }

    private static CapturedExchange page(String url, String text) throws Exception {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        return exchange(url, "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + body.length
                + "\r\n\r\n", body, body);
    }

    private List<WarcRecord> records(Path file) throws Exception {
        List<WarcRecord> out = new ArrayList<>();
        try (WarcReader reader = new WarcReader(file)) {
            reader.calculateBlockDigest();
            for (WarcRecord r : reader) {
                assertThat(r.calculatedBlockDigest()).isEqualTo(r.blockDigest());
                out.add(r);
            }
        }
        return out;
    }

    @Test
    void writesWarcinfoThenResponseAndRequestPerExchangeAndReadsThemBack() throws Exception {
        WarcLocation at;
        try (WarcCapture capture = new WarcCapture(root, "abc123", 7, SETTINGS)) {
            capture.write(page("http://site.example/", "<p>首页</p>"));
            at = capture.write(page("http://site.example/a.html", "<p>文章正文</p>"));
            capture.mark();
        }
        assertThat(at.file()).isEqualTo("abc123/SHENCHA-abc123-7-00001.warc.gz");
        byte[] body = "<p>文章正文</p>".getBytes(StandardCharsets.UTF_8);
        List<String> types = new ArrayList<>();
        try (WarcReader reader = new WarcReader(root.resolve(at.file()))) {
            URI infoId = null;
            URI responseId = null;
            for (WarcRecord r : reader) {
                types.add(r.type());
                if (r instanceof Warcinfo info) {
                    infoId = info.id();
                    assertThat(info.fields().first("software")).contains("Shencha/test");
                    assertThat(info.fields().first("operator")).contains("保密局测试");
                    assertThat(info.filename()).contains("SHENCHA-abc123-7-00001.warc.gz");
                } else if (r instanceof WarcResponse response && response.target().endsWith("/a.html")) {
                    responseId = response.id();
                    assertThat(response.date()).isEqualTo(Instant.parse("2026-11-20T08:00:00Z"));
                    assertThat(response.warcinfoID()).contains(infoId);
                    assertThat(response.ipAddress()).contains(InetAddress.getLoopbackAddress());
                    assertThat(response.payloadDigest())
                            .contains(new WarcDigest("sha1", MessageDigest.getInstance("SHA-1").digest(body)));
                    assertThat(response.blockDigest().orElseThrow().algorithm()).isEqualTo("sha1");
                    assertThat(response.http().status()).isEqualTo(200);
                } else if (r instanceof WarcRequest request && request.target().endsWith("/a.html")) {
                    assertThat(request.concurrentTo()).containsExactly(responseId);
                    assertThat(request.http().method()).isEqualTo("GET");
                }
            }
        }
        assertThat(types).containsExactly("warcinfo", "response", "request", "response", "request");
        records(root.resolve(at.file()));   // every block digest verifies

        WarcReplay.ArchivedResponse replay = WarcReplay.read(root, at);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.reason()).isEqualTo("OK");
        assertThat(new String(replay.body(), StandardCharsets.UTF_8)).isEqualTo("<p>文章正文</p>");
        assertThat(new String(replay.head(), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200 OK\r\n")
                .endsWith("\r\n\r\n");
    }

    @Test
    void replayDecodesChunkedAndGzipBodiesKeptAsReceived() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write("<p>压缩后分块</p>".getBytes(StandardCharsets.UTF_8));
        }
        byte[] z = zipped.toByteArray();
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        chunked.write((Integer.toHexString(5) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        chunked.write(z, 0, 5);
        chunked.write(("\r\n" + Integer.toHexString(z.length - 5) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        chunked.write(z, 5, z.length - 5);
        chunked.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        WarcLocation at;
        try (WarcCapture capture = new WarcCapture(root, "abc123", 8, SETTINGS)) {
            at = capture.write(exchange("http://site.example/z", "HTTP/1.1 200 Fine\r\nTransfer-Encoding: chunked\r\n"
                    + "Content-Encoding: gzip\r\n\r\n", chunked.toByteArray(), z));
        }
        WarcReplay.ArchivedResponse replay = WarcReplay.read(root, at);
        assertThat(replay.reason()).isEqualTo("Fine");
        assertThat(new String(replay.body(), StandardCharsets.UTF_8)).isEqualTo("<p>压缩后分块</p>");
        assertThat(replay.rawBody()).isEqualTo(chunked.toByteArray());
    }

    @Test
    void rotatesBySizeWithAWarcinfoAtTheHeadOfEveryFile() throws Exception {
        WarcCapture.Settings small = new WarcCapture.Settings(2000, "Shencha/test", "op", null);
        List<WarcLocation> at = new ArrayList<>();
        try (WarcCapture capture = new WarcCapture(root, "abc123", 9, small)) {
            for (int i = 0; i < 20; i++) {
                at.add(capture.write(page("http://site.example/" + i, "<p>第" + i + "页" + "内容".repeat(200) + "</p>")));
            }
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(root.resolve("abc123"))) {
            files = s.sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(3);
        for (Path f : files) {
            assertThat(records(f)).hasSizeGreaterThan(1).first().isInstanceOf(Warcinfo.class);
        }
        for (int i = 0; i < at.size(); i++) {
            assertThat(new String(WarcReplay.read(root, at.get(i)).body(), StandardCharsets.UTF_8)).startsWith("<p>第" + i + "页");
        }
    }

    @Test
    void rollbackAndResumeCutOffWhatWasNeverCommitted() throws Exception {
        WarcCapture.Settings small = new WarcCapture.Settings(3000, "Shencha/test", "op", null);
        WarcCapture capture = new WarcCapture(root, "abc123", 10, small);
        capture.write(page("http://site.example/1", "<p>一</p>"));
        capture.mark();
        assertThat(capture.pending()).isEmpty();
        capture.write(page("http://site.example/2", "<p>二</p>"));
        capture.rollback();                                          // the chunk of 2 rolled back
        capture.write(page("http://site.example/3", "<p>三</p>"));
        List<WarcCapture.FileState> committed = capture.pending();  // what the database stores with the chunk of 3
        capture.mark();
        capture.write(page("http://site.example/4", "<p>" + noise(4000) + "</p>"));
        capture.write(page("http://site.example/5", "<p>五</p>"));   // rotates into a second file
        assertThat(capture.pending()).extracting(WarcCapture.FileState::sequence).contains(2);
        capture.close();                                             // the process dies before committing 4 and 5

        assertThat(committed).hasSize(1);
        WarcCapture restarted = new WarcCapture(root, "abc123", 10, small);
        restarted.resume(committed.get(0).file(), committed.get(0).bytes());
        assertThat(root.resolve("abc123/SHENCHA-abc123-10-00002.warc.gz")).doesNotExist();
        restarted.write(page("http://site.example/4", "<p>四</p>"));
        restarted.close();
        List<String> targets = new ArrayList<>();
        try (WarcReader reader = new WarcReader(root.resolve(committed.get(0).file()))) {
            for (WarcRecord r : reader) {
                if (r instanceof WarcResponse response) {
                    targets.add(response.target());
                }
            }
        }
        assertThat(targets).containsExactly("http://site.example/1", "http://site.example/3", "http://site.example/4");
    }

    /** Text that does not compress away. */
    private static String noise(int n) {
        java.util.Random random = new java.util.Random(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append((char) (0x4E00 + random.nextInt(20000)));
        }
        return sb.toString();
    }

    @Test
    void refusesLocationsOutsideTheRoot() {
        assertThatThrownBy(() -> WarcReplay.read(root, new WarcLocation("../../etc/passwd", 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
