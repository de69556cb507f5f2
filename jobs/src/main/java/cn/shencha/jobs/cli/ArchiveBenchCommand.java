package cn.shencha.jobs.cli;

import cn.shencha.archive.bag.PackageVerifier;
import cn.shencha.archive.bag.PackageWriter;
import cn.shencha.archive.warc.CapturedExchange;
import cn.shencha.archive.warc.WarcCapture;
import cn.shencha.archive.warc.WarcLocation;
import cn.shencha.writers.signing.SigningKey;
import cn.shencha.writers.signing.SigningKeys;

import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code shencha bench archive}: packages and verifies N GB of generated WARC (pages of Chinese text with binary
 * attachments, as a crawl captures them) and prints MB/s next to {@code sha256sum} of the same WARC files on the same
 * machine. A benchmark prints figures; it asserts nothing. Needs no database.
 */
final class ArchiveBenchCommand {

    static final String HELP = """
            Usage: shencha bench archive [--gb N] [--dir DIR] [--keep]

            Writes N GB (default 2) of WARC with the crawl's own WarcCapture (1 GB files; responses of 256 KB: an HTML
            page of Chinese text and the bytes of a compressed attachment, as images, PDF and DOCX are, each), then times `archive package` (copy at committed size,
            CDXJ index, text and metadata XML per page read back from the WARC, bagit-java SHA-256 manifests, CMS
            signature, rename) and `archive verify` (every 四性 item: SHA-256 of every file, gzip CRC and WARC parse of
            every record, metadata against its WARC record, …) over them, and `sha256sum` over the same WARC files.
            Prints MB/s of each (payload bytes / wall time). Works in DIR (default DATA/bench-archive), deleted at the
            end unless --keep.
            """;

    private static final int BODY = 256 * 1024;

    private final Path data;

    ArchiveBenchCommand(Path data) {
        this.data = data;
    }

    int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options o = Options.parse("bench archive", args, Set.of("gb", "dir"), Set.of("keep", "help"));
        if (o.flag("help")) {
            out.print(HELP);
            return 0;
        }
        double gb;
        try {
            gb = Double.parseDouble(o.value("gb", "2"));
        } catch (NumberFormatException e) {
            throw new UsageException("bench archive: --gb needs a number, got '" + o.value("gb") + "'");
        }
        if (gb <= 0) {
            throw new UsageException("bench archive: --gb must be positive");
        }
        Path dir = Path.of(o.value("dir", data.resolve("bench-archive").toString())).toAbsolutePath();
        long target = (long) (gb * 1024 * 1024 * 1024);
        long free = Files.getFileStore(Files.createDirectories(dir)).getUsableSpace();
        if (free < target * 2.2) {
            throw new CommandFailure("bench archive: " + dir + " has " + free / (1 << 20) + " MB free; " + gb
                    + " GB of WARC and its package need about " + (long) (target * 2.2 / (1 << 20)) + " MB");
        }
        // bagit-java logs every step at INFO; without Spring's logging set-up that would go to the console.
        org.slf4j.Logger bagit = org.slf4j.LoggerFactory.getLogger("gov.loc");
        if (bagit instanceof ch.qos.logback.classic.Logger l) {
            l.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        try {
            Path warcRoot = dir.resolve("warc");
            out.printf(Locale.ROOT, "Generating %.1f GB of WARC in %s …%n", gb, warcRoot);
            long t0 = System.nanoTime();
            List<PackageWriter.Page> pages = generate(warcRoot, target);
            List<PackageWriter.WarcSource> warcs = new ArrayList<>();
            try (Stream<Path> s = Files.list(warcRoot.resolve("bench"))) {
                for (Path f : s.sorted().toList()) {
                    warcs.add(new PackageWriter.WarcSource("bench/" + f.getFileName(), f, Files.size(f)));
                }
            }
            long warcBytes = 0;
            for (PackageWriter.WarcSource w : warcs) {
                warcBytes += w.committedBytes();
            }
            out.printf(Locale.ROOT, "  %d WARC files, %d MB, %d responses, generated in %.1f s%n", warcs.size(), warcBytes >> 20,
                    pages.size(), seconds(t0));

            SigningKey key = SigningKeys.demo(dir.resolve("demo.p12"));
            Map<String, List<Map<String, Object>>> records = new LinkedHashMap<>();
            for (String rc : PackageWriter.RECORD_CLASSES) {
                records.put(rc, List.of());
            }
            PackageWriter.Contents contents = new PackageWriter.Contents("bench", "基准测试站点", "http://bench.example.gov.cn/",
                    LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30"), warcs, pages, records, List.of());
            PackageWriter writer = new PackageWriter(new PackageWriter.Settings("基准测试", "Shencha", ShenchaCli.version(), "永久", key, null));

            long t1 = System.nanoTime();
            PackageWriter.Written w = writer.write(contents, dir.resolve("out"));
            double packSeconds = seconds(t1);
            long t2 = System.nanoTime();
            PackageVerifier.Report report = PackageVerifier.verify(w.bag(), null, new PackageVerifier.Options(
                    cn.shencha.writers.signing.TrustAnchors.none().add(key.certificate(), "the benchmark's key"), null));
            double verifySeconds = seconds(t2);
            if (!report.passed()) {
                throw new CommandFailure("bench archive: the package does not verify: " + report.failures().getFirst().line());
            }
            List<String> command = new ArrayList<>(List.of("sha256sum"));
            for (PackageWriter.WarcSource s : warcs) {
                command.add(s.file().toString());
            }
            long t3 = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (InputStream in = p.getInputStream()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new CommandFailure("bench archive: sha256sum failed");
            }
            double shaSeconds = seconds(t3);

            double mb = w.payloadBytes() / (1024.0 * 1024.0);
            double warcMb = warcBytes / (1024.0 * 1024.0);
            double shaRate = warcMb / shaSeconds;
            out.printf(Locale.ROOT, "payload: %d files, %.0f MB (%.0f MB of WARC, %d pages with text and metadata)%n",
                    w.payloadFiles(), mb, warcMb, pages.size());
            out.printf(Locale.ROOT, "archive package  %7.1f s  %7.1f MB/s  (%.0f%% of sha256sum)%n", packSeconds, mb / packSeconds,
                    100 * (mb / packSeconds) / shaRate);
            out.printf(Locale.ROOT, "archive verify   %7.1f s  %7.1f MB/s  (%.0f%% of sha256sum; %d check items, all PASS)%n",
                    verifySeconds, mb / verifySeconds, 100 * (mb / verifySeconds) / shaRate, report.checks().size());
            out.printf(Locale.ROOT, "sha256sum        %7.1f s  %7.1f MB/s  (the WARC files only, one process)%n", shaSeconds, shaRate);
            out.printf(Locale.ROOT, "machine: %d cores, Java %s%n", Runtime.getRuntime().availableProcessors(), Runtime.version());
            return 0;
        } finally {
            if (!o.flag("keep")) {
                BenchDirectories.delete(dir);
            }
        }
    }

    /** Responses of BODY bytes until the WARC files reach {@code target} bytes. */
    private static List<PackageWriter.Page> generate(Path root, long target) throws Exception {
        List<PackageWriter.Page> pages = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(2026);
        String[] sentences = {"区政府召开常务会议研究部署冬季安全生产工作。", "关于做好2026年度政府信息公开工作的通知。",
                "各乡镇人民政府、区政府各部门：现将有关事项通知如下。", "本站发布的信息仅供参考，以正式文件为准。",
                "云川区统计局发布前三季度国民经济运行情况。", "欢迎社会各界监督政府网站内容。"};
        Instant date = Instant.parse("2026-11-02T01:00:00Z");
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (WarcCapture capture = new WarcCapture(root, "bench", 1, new WarcCapture.Settings(1L << 30, "Shencha bench", "基准测试", null))) {
            long written = 0;
            long base = 0;
            String file = null;
            long last = 0;
            int i = 0;
            while (written < target) {
                StringBuilder text = new StringBuilder("第" + i + "号 ");
                for (int k = 0; k < 40; k++) {
                    text.append(sentences[random.nextInt(sentences.length)]);
                }
                String html = "<html><head><meta charset=\"utf-8\"><title>政务信息 " + i + "</title></head><body><p>" + text
                        + "</p><img src=\"a" + i + ".jpg\"></body></html><!-- ";
                byte[] head = html.getBytes(StandardCharsets.UTF_8);
                byte[] body = new byte[BODY];
                System.arraycopy(head, 0, body, 0, head.length);
                byte[] noise = new byte[BODY - head.length - 4];
                random.nextBytes(noise); // an attachment's bytes (images, PDF, DOCX are compressed already)
                System.arraycopy(noise, 0, body, head.length, noise.length);
                System.arraycopy(" -->".getBytes(StandardCharsets.ISO_8859_1), 0, body, BODY - 4, 4);
                String url = "http://bench.example.gov.cn/xxgk/" + (i / 100) + "/" + i + ".html";
                Instant at = date.plusSeconds(i);
                WarcLocation loc = capture.write(new CapturedExchange(URI.create(url), InetAddress.getLoopbackAddress(), at,
                        ("GET /xxgk/" + i + ".html HTTP/1.1\r\nHost: bench.example.gov.cn\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1),
                        ("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + BODY + "\r\n\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1), body, null, sha1.digest(body)));
                String t = "政务信息 " + i + "\n" + text;
                pages.add(new PackageWriter.Page(String.format(Locale.ROOT, "%064x", i), String.format(Locale.ROOT, "%064x", i + 1L << 32),
                        url, "政务信息 " + i, at, 200, "text/html", "区政府办公室", null, loc.file(), loc.offset(),
                        HexFormat.of().formatHex(sha256.digest(body)), HexFormat.of().formatHex(sha256.digest(t.getBytes(StandardCharsets.UTF_8))), t));
                if (file != null && !file.equals(loc.file())) {
                    base += last;
                }
                file = loc.file();
                last = loc.offset() + BODY;
                written = base + last;
                i++;
            }
            capture.mark();
        }
        return pages;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

}
