package cn.shencha.archive.bag;

import cn.shencha.archive.warc.CapturedExchange;
import cn.shencha.archive.warc.WarcCapture;
import cn.shencha.archive.warc.WarcLocation;
import cn.shencha.archive.trail.TrailCheckpoint;
import cn.shencha.archive.trail.TrailKeys;
import cn.shencha.writers.signing.DetachedSignature;
import cn.shencha.writers.signing.SigningKey;
import cn.shencha.writers.signing.SigningKeys;
import cn.shencha.writers.signing.TrustAnchors;
import gov.loc.repository.bagit.domain.Bag;
import gov.loc.repository.bagit.reader.BagReader;
import gov.loc.repository.bagit.verify.BagVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A package of a small synthetic crawl: bagit-java's own validator accepts it, its manifests recompute with plain
 * MessageDigest, every 四性 item passes, a rerun gives the same payload manifest, and each damage is named.
 */
class PackageWriterTest {

    @TempDir
    Path dir;

    /** The trail key of the synthetic trail, and the options of a verifier at the installation (keys and anchors at hand). */
    private TrailKeys keys() throws Exception {
        return TrailKeys.loadOrCreate(dir.resolve("keys/trail-hmac.keys"));
    }

    private PackageVerifier.Options here() throws Exception {
        return new PackageVerifier.Options(TrustAnchors.none().add(key().certificate(), "the configured signing certificate"), keys());
    }

    private PackageVerifier.Report verify(Path bag) throws Exception {
        return PackageVerifier.verify(bag, null, here());
    }

    private SigningKey key() throws Exception {
        return SigningKeys.demo(dir.resolve("keys/demo.p12"));
    }

    private PackageWriter.Contents contents(Path warcRoot) throws Exception {
        List<PackageWriter.Page> pages = new ArrayList<>();
        List<PackageWriter.WarcSource> warcs = new ArrayList<>();
        try (WarcCapture capture = new WarcCapture(warcRoot, "site1", 3, new WarcCapture.Settings(1L << 30, "Shencha/test", "区政府办", null))) {
            for (int i = 0; i < 3; i++) {
                String url = "http://www.example.gov.cn/news/" + i + ".html";
                String html = "<html><title>新闻" + i + "</title><p>正文内容 " + i + "</p></html>";
                byte[] body = html.getBytes(StandardCharsets.UTF_8);
                WarcLocation at = capture.write(new CapturedExchange(URI.create(url), InetAddress.getLoopbackAddress(),
                        Instant.parse("2026-11-0" + (i + 1) + "T02:00:00Z"),
                        ("GET /news/" + i + ".html HTTP/1.1\r\nHost: www.example.gov.cn\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1),
                        ("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + body.length + "\r\n\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1), body, null, MessageDigest.getInstance("SHA-1").digest(body)));
                String text = "新闻" + i + "\n正文内容 " + i;
                pages.add(new PackageWriter.Page(sha("s" + i), sha("p" + i), url, "新闻" + i, Instant.parse("2026-11-0" + (i + 1) + "T02:00:00Z"),
                        200, "text/html", "区政府办公室", i == 0 ? LocalDate.parse("2026-10-30") : null, at.file(), at.offset(),
                        sha(html), sha(text), text));
            }
        }
        try (Stream<Path> files = Files.list(warcRoot.resolve("site1"))) {
            for (Path f : files.sorted().toList()) {
                warcs.add(new PackageWriter.WarcSource("site1/" + f.getFileName(), f, Files.size(f)));
            }
        }
        Map<String, List<Map<String, Object>>> records = new LinkedHashMap<>();
        records.put("findings", List.of(row("id", sha("f1"), "snapshot_id", sha("s1"), "category", "PERSONAL_INFO", "evidence", "身份证号")));
        records.put("review-tasks", List.of(row("id", sha("t1"), "snapshot_id", sha("s1"), "state", "APPROVED")));
        records.put("review-decisions", List.of(row("id", 1, "task_id", sha("t1"), "decision", "APPROVE", "opinion", "同意发布")));
        List<Map<String, Object>> trail = new ArrayList<>();
        String prev = sha("row 4");
        for (int seq = 5; seq <= 7; seq++) {
            Instant at = Instant.parse("2026-11-0" + seq + "T03:00:00.123Z");
            TrailKeys k = keys();
            String hash = AuditTrailHash.hmac(k.current(), k.currentId(), seq, at, "leader" + seq, "DECISION", "task:" + seq, "同意\n发布", prev);
            trail.add(row("seq", seq, "occurred_at", at.toString(), "actor", "leader" + seq, "action", "DECISION",
                    "target", "task:" + seq, "details", "同意\n发布", "prev_hash", prev, "row_hash", hash, "key_id", k.currentId()));
            prev = hash;
        }
        records.put("audit-trail", trail);
        records.put("duty-readings", List.of(row("id", 1, "reading_date", "2026-11-02", "slot", "MORNING", "status", "COMPLETED")));
        TrailCheckpoint cp = new TrailCheckpoint(7, prev, keys().currentId(), Instant.now());
        PackageWriter.Checkpoint checkpoint = new PackageWriter.Checkpoint(cp.bytes(), DetachedSignature.sign(cp.bytes(), key(), null, Instant.now()));
        return new PackageWriter.Contents("site1", "云川区政府门户网站", "http://www.example.gov.cn/", LocalDate.parse("2026-11-01"),
                LocalDate.parse("2026-11-30"), warcs, pages, records, List.of(), checkpoint);
    }

    private PackageWriter writer() throws Exception {
        return new PackageWriter(new PackageWriter.Settings("云川区人民政府办公室", "Shencha", "test", "永久", key(), null));
    }

    @Test
    void aPackageIsAValidBagThatPassesEveryCheckAndIsTheSameWhenMadeAgain() throws Exception {
        PackageWriter.Contents c = contents(dir.resolve("warc"));
        Path out = dir.resolve("out");
        PackageWriter.Written w = writer().write(c, out);
        assertThat(w.bag()).isEqualTo(out.resolve("shencha-site1-2026-11-01_2026-11-30"));
        assertThat(w.counts()).containsEntry("Pages", 3L).containsEntry("Audit-Trail", 3L).containsEntry("WARC-Files", 1L);

        // An independent validator: bagit-java's reader and verifier (not the code that wrote the manifests).
        Bag bag = new BagReader().read(w.bag());
        try (BagVerifier verifier = new BagVerifier()) {
            verifier.isValid(bag, false);
        }
        assertThat(bag.getMetadata().get("Payload-Oxum")).isNotEmpty();
        assertThat(bag.getMetadata().get("Shencha-Count-Pages")).containsExactly("3");
        assertThat(bag.getMetadata().get("Source-Organization")).containsExactly("云川区人民政府办公室");
        // And by hand: every manifest line recomputed with MessageDigest, every payload file listed.
        List<String> lines = Files.readAllLines(w.bag().resolve("manifest-sha256.txt"));
        for (String line : lines) {
            String[] parts = line.split(" +", 2);
            assertThat(sha(Files.readAllBytes(w.bag().resolve(parts[1])))).as(parts[1]).isEqualTo(parts[0]);
        }
        try (Stream<Path> s = Files.walk(w.bag().resolve("data"))) {
            assertThat(s.filter(Files::isRegularFile).count()).isEqualTo(lines.size());
        }
        assertThat(lines.stream().map(l -> l.split(" +", 2)[1]).toList()).isSorted();
        String cdxj = Files.readString(w.bag().resolve("data/warc/index.cdxj"));
        assertThat(cdxj.lines()).hasSize(3).isSorted();
        assertThat(cdxj.lines().findFirst().orElseThrow()).startsWith("cn,gov,example)/news/0.html 20261101020000 {\"url\":\"http://www.example.gov.cn/news/0.html\",\"mime\":\"text/html\",\"status\":\"200\",\"digest\":\"sha1:");

        // The signature checks with openssl too, as data/README.txt says (the signer is not trusted: -noverify).
        Process openssl = new ProcessBuilder("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in",
                w.bag().resolve(PackageWriter.SIGNATURE_FILE).toString(), "-content", w.bag().resolve("tagmanifest-sha256.txt").toString(),
                "-noverify", "-out", "/dev/null").redirectErrorStream(true).start();
        String said = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openssl.waitFor()).as(said).isZero();
        assertThat(said).contains("Verification successful");

        PackageVerifier.Report report = verify(w.bag());
        assertThat(report.failures()).isEmpty();
        // Only the demonstration key vouches for it: it passes, and says so plainly.
        assertThat(report.checks()).anyMatch(ch -> ch.status() == PackageVerifier.Status.WARN && ch.detail().contains("DEMONSTRATION key"));
        assertThat(report.json()).contains("\"warnings\" : [ \"only this installation's DEMONSTRATION key");
        assertThat(report.checks()).anyMatch(ch -> ch.item().equals("audit-trail chain") && ch.status() == PackageVerifier.Status.PASS
                && ch.detail().contains("with the trail key: every row's HMAC recomputed"));
        assertThat(report.checks()).anyMatch(ch -> ch.item().equals("audit-trail checkpoint") && ch.status() == PackageVerifier.Status.PASS);
        // Elsewhere, without the trail key: linkage and the signed checkpoint only, and it says so.
        PackageVerifier.Report keyless = PackageVerifier.verify(w.bag(), null, new PackageVerifier.Options(here().anchors(), null));
        assertThat(keyless.failures()).isEmpty();
        assertThat(keyless.checks()).anyMatch(ch -> ch.item().equals("audit-trail chain") && ch.detail().contains("WITHOUT the trail key"));
        // Without any trust anchor nothing vouches for the signer.
        assertThat(PackageVerifier.verify(w.bag(), null, new PackageVerifier.Options(null, keys())).failures())
                .anyMatch(f -> f.item().equals("signature") && f.detail().contains("no trust anchor is configured"));
        assertThat(report.checks()).extracting(PackageVerifier.Check::property).contains(PackageVerifier.Property.values());
        assertThat(report.checks()).anyMatch(ch -> ch.item().equals("database counts") && ch.status() == PackageVerifier.Status.SKIP);
        assertThat(report.json()).contains("\"passed\" : true");
        Path pdf = dir.resolve("report.pdf");
        report.writePdf(pdf);
        assertThat(Files.readString(pdf, StandardCharsets.ISO_8859_1)).startsWith("%PDF-").contains("pdfaid:part");

        // The same records again: the same payload manifest; the old package replaced, nothing partial left.
        PackageWriter.Written again = writer().write(c, out);
        assertThat(again.payloadManifestSha256()).isEqualTo(w.payloadManifestSha256());
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("shencha-site1-2026-11-01_2026-11-30");
        }
    }

    @Test
    void eachDamageIsNamedWithItsCheckAndFile() throws Exception {
        PackageWriter.Contents c = contents(dir.resolve("warc"));
        PackageWriter writer = writer();
        String warc = "data/warc/" + c.warcs().getFirst().name();

        Path flipped = writer.write(c, dir.resolve("flip")).bag();
        byte[] b = Files.readAllBytes(flipped.resolve(warc));
        b[b.length / 2] ^= 0x01;
        Files.write(flipped.resolve(warc), b);
        assertFails(flipped, "payload fixity", warc);
        assertFails(flipped, "WARC parses", warc);

        Path deleted = writer.write(c, dir.resolve("delete")).bag();
        String text = "data/text/" + c.pages().get(1).snapshotId() + ".txt";
        Files.delete(deleted.resolve(text));
        assertFails(deleted, "no missing files", text);
        assertFails(deleted, "every record present", text);

        Path added = writer.write(c, dir.resolve("add")).bag();
        Files.writeString(added.resolve("data/text/extra.txt"), "x");
        assertFails(added, "no extra files", "data/text/extra.txt");
        assertFails(added, "Payload-Oxum", "bag-info.txt");

        Path edited = writer.write(c, dir.resolve("info")).bag();
        Files.writeString(edited.resolve("bag-info.txt"), Files.readString(edited.resolve("bag-info.txt"))
                .replace("Shencha-Count-Pages: 3", "Shencha-Count-Pages: 4"));
        assertFails(edited, "tag file fixity", "bag-info.txt");
        assertFails(edited, "counts match bag-info", "bag-info.txt");

        // bag-info.txt edited and its tag manifest line recomputed to match: the signature no longer verifies.
        Path forged = writer.write(c, dir.resolve("forged")).bag();
        String oldInfo = sha(Files.readAllBytes(forged.resolve("bag-info.txt")));
        Files.writeString(forged.resolve("bag-info.txt"), Files.readString(forged.resolve("bag-info.txt"))
                .replace("Source-Organization: 云川区人民政府办公室", "Source-Organization: 他人"));
        Files.writeString(forged.resolve("tagmanifest-sha256.txt"), Files.readString(forged.resolve("tagmanifest-sha256.txt"))
                .replace(oldInfo, sha(Files.readAllBytes(forged.resolve("bag-info.txt")))));
        assertFails(forged, "signature", PackageWriter.SIGNATURE_FILE);
        assertThat(verify(forged).failures()).noneMatch(f -> f.item().equals("tag file fixity"));

        // Edited, every manifest redone and re-signed with a fresh self-signed key named like the office: not trusted.
        Path resigned = writer.write(c, dir.resolve("resigned")).bag();
        Path rowsFile = resigned.resolve("data/records/audit-trail.jsonl");
        Files.writeString(rowsFile, Files.readString(rowsFile).replace("\"actor\":\"leader6\"", "\"actor\":\"intruder\""));
        String rowsSha = sha(Files.readAllBytes(rowsFile));
        List<String> manifest = new ArrayList<>();
        for (String l : Files.readAllLines(resigned.resolve("manifest-sha256.txt"))) {
            manifest.add(l.endsWith(" data/records/audit-trail.jsonl") ? rowsSha + "  data/records/audit-trail.jsonl" : l);
        }
        String oldManifest = sha(Files.readAllBytes(resigned.resolve("manifest-sha256.txt")));
        Files.write(resigned.resolve("manifest-sha256.txt"), manifest);
        Files.writeString(resigned.resolve("tagmanifest-sha256.txt"), Files.readString(resigned.resolve("tagmanifest-sha256.txt"))
                .replace(oldManifest, sha(Files.readAllBytes(resigned.resolve("manifest-sha256.txt")))));
        SigningKey lookalike = selfSigned("区人民政府办公室");
        Files.write(resigned.resolve(PackageWriter.SIGNATURE_FILE), DetachedSignature.sign(
                Files.readAllBytes(resigned.resolve("tagmanifest-sha256.txt")), lookalike, null, Instant.now()));
        PackageVerifier.Report r = verify(resigned);
        assertThat(r.failures()).anyMatch(f -> f.item().equals("signature") && f.detail().contains("is not trusted"));
        assertThat(r.failures()).noneMatch(f -> f.item().contains("fixity"));
        assertThat(r.checks()).noneMatch(ch -> ch.status() == PackageVerifier.Status.WARN);
        // ... and without the trail key too (the signature fails whatever the trail check can see).
        assertThat(PackageVerifier.verify(resigned, null, new PackageVerifier.Options(here().anchors(), null)).failures())
                .anyMatch(f -> f.item().equals("signature"));

        Path unsigned = writer.write(c, dir.resolve("unsigned")).bag();
        Files.delete(unsigned.resolve(PackageWriter.SIGNATURE_FILE));
        assertFails(unsigned, "signature", PackageWriter.SIGNATURE_FILE);

        Path trail = writer.write(c, dir.resolve("trail")).bag();
        Path rows = trail.resolve("data/records/audit-trail.jsonl");
        Files.writeString(rows, Files.readString(rows).replace("\"actor\":\"leader6\"", "\"actor\":\"intruder\""));
        assertFails(trail, "audit-trail chain", "data/records/audit-trail.jsonl");
        assertThat(verify(trail).failures()).anyMatch(f -> f.detail().contains("row 6 was edited"));
        assertFails(trail, "payload fixity", "data/records/audit-trail.jsonl");

        // Not a bag at all, or missing: one clear failure.
        Files.createDirectories(dir.resolve("empty"));
        assertFails(dir.resolve("empty"), "bag structure", "bagit.txt");
        assertThatThrownBy(() -> verify(dir.resolve("nothing"))).hasMessageContaining("not a directory");
    }

    /** A fresh self-signed RSA key and certificate with the given common name. */
    private static SigningKey selfSigned(String cn) throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        java.security.KeyPair pair = g.generateKeyPair();
        org.bouncycastle.asn1.x500.X500Name name = new org.bouncycastle.asn1.x500.X500Name("CN=" + cn + ", C=CN");
        long now = System.currentTimeMillis();
        var cert = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
                new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.valueOf(now),
                        new java.util.Date(now - 86_400_000L), new java.util.Date(now + 86_400_000L), name, pair.getPublic())
                        .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        return new SigningKey(pair.getPrivate(), List.of(cert), false);
    }

    private void assertFails(Path bag, String item, String file) throws Exception {
        PackageVerifier.Report r = verify(bag);
        assertThat(r.passed()).isFalse();
        assertThat(r.failures()).as(r.failures().toString()).anyMatch(f -> f.item().equals(item) && f.file().equals(file));
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String sha(String s) throws Exception {
        return sha(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
