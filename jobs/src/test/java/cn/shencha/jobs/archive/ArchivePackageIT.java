package cn.shencha.jobs.archive;

import cn.shencha.jobs.support.ChildCli;
import cn.shencha.jobs.support.PostgresTestDatabase;
import gov.loc.repository.bagit.domain.Bag;
import gov.loc.repository.bagit.reader.BagReader;
import gov.loc.repository.bagit.verify.BagVerifier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static cn.shencha.jobs.support.ExternalTool.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9's acceptance, each command in its own JVM as a user runs it, on H2 and on PostgreSQL: after the demo audit,
 * {@code archive package} for the month gives a bag that bagit-java's verifier and a plain MessageDigest walk accept
 * and that {@code archive verify} passes item by item (counts compared with the database); a rerun gives the same
 * payload manifest; six damages are each named with their check item and file; packaging killed with SIGKILL leaves
 * no package and its rerun leaves exactly one complete package; retention deletes expired WARC files only after their
 * package verifies, logged in the trail, which still verifies.
 */
class ArchivePackageIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void packagesVerifiesDetectsDamageSurvivesKillAndKeepsRetention(String database) throws Exception {
        PostgresTestDatabase pg = database.equals("postgresql") ? PostgresTestDatabase.create() : null;
        try {
            Map<String, String> env = new HashMap<>();
            if (pg != null) {
                env.put("SPRING_DATASOURCE_URL", pg.url());
                env.put("SPRING_DATASOURCE_USERNAME", pg.user());
                env.put("SPRING_DATASOURCE_PASSWORD", pg.password());
            }
            Path data = dir.resolve("data");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            ChildCli.Result demo = ChildCli.start(data, List.of("demo", "--exit", "--port", Integer.toString(port)), List.of(), env)
                    .await(Duration.ofMinutes(6));
            assertThat(demo.exitCode()).as(demo.output()).isZero();

            YearMonth month = YearMonth.now(ZoneId.of("Asia/Shanghai"));
            LocalDate from = month.atDay(1);
            LocalDate to = month.atEndOfMonth();
            Path out = dir.resolve("archives");
            List<String> pack = List.of("archive", "package", "--from", from.toString(), "--to", to.toString(), "--out", out.toString());
            ChildCli.Result first = ChildCli.start(data, pack, List.of(), env).await(Duration.ofMinutes(4));
            assertThat(first.exitCode()).as(first.output()).isZero();
            assertThat(first.output()).contains("verification: every check holds");
            Path bag;
            try (Stream<Path> s = Files.list(out)) {
                List<Path> bags = s.toList();
                assertThat(bags).hasSize(1);
                bag = bags.getFirst();
            }
            assertThat(bag.getFileName().toString()).startsWith("shencha-").endsWith("-" + from + "_" + to);

            // A second, independent validator: bagit-java reads and validates the bag ...
            Bag read = new BagReader().read(bag);
            try (BagVerifier verifier = new BagVerifier()) {
                verifier.isValid(read, false);
            }
            // ... and a plain walk recomputes every manifest line and finds no file outside the manifests.
            List<String> lines = Files.readAllLines(bag.resolve("manifest-sha256.txt"));
            for (String line : lines) {
                String[] parts = line.split(" +", 2);
                assertThat(sha256(bag.resolve(parts[1]))).as(parts[1]).isEqualTo(parts[0]);
            }
            try (Stream<Path> s = Files.walk(bag.resolve("data"))) {
                assertThat(s.filter(Files::isRegularFile).count()).isEqualTo(lines.size());
            }
            Map<String, String> info = new HashMap<>();
            for (String l : Files.readAllLines(bag.resolve("bag-info.txt"))) {
                int colon = l.indexOf(':');
                if (colon > 0) {
                    info.put(l.substring(0, colon), l.substring(colon + 1).strip());
                }
            }
            assertThat(Long.parseLong(info.get("Shencha-Count-Pages"))).isGreaterThan(10);
            assertThat(Long.parseLong(info.get("Shencha-Count-Findings"))).isGreaterThan(0);
            assertThat(Long.parseLong(info.get("Shencha-Count-WARC-Files"))).isGreaterThan(0);
            assertThat(Long.parseLong(info.get("Shencha-Count-Audit-Trail"))).isGreaterThan(0);
            assertThat(info.get("Shencha-Count-Ledger-Files")).isEqualTo("2");
            assertThat(info.get("Source-Organization")).isNotBlank();
            assertThat(lines).anyMatch(l -> l.endsWith("data/warc/index.cdxj"))
                    .anyMatch(l -> l.contains("data/metadata/shencha-page-metadata-1.0.xsd"))
                    .anyMatch(l -> l.contains("data/ledgers/领导审批台帐_" + month + "_截至" + LocalDate.now(ZoneId.of("Asia/Shanghai")) + ".pdf"));
            // The month has not ended: its ledger is "as of" today, and the monthly ledger's place stays free.
            assertThat(data.resolve("ledgers").resolve(month.toString())).doesNotExist();
            String cdxj = Files.readString(bag.resolve("data/warc/index.cdxj"));
            assertThat(cdxj.lines().toList()).isSorted().allMatch(l -> l.matches("\\S+ \\d{14} \\{\"url\":.*\"filename\":\"[^\"]+\\.warc\\.gz\"}"));

            // archive verify passes every item, compares with the database, writes JSON and the PDF 检测报告.
            Path pdf = dir.resolve("jiance.pdf");
            Path json = dir.resolve("jiance.json");
            ChildCli.Result verify = ChildCli.start(data, List.of("archive", "verify", bag.toString(), "--report", pdf.toString(),
                    "--json", json.toString()), List.of(), env).await(Duration.ofMinutes(3));
            assertThat(verify.exitCode()).as(verify.output()).isZero();
            assertThat(verify.output()).contains("result: every check holds").doesNotContain("FAIL ")
                    .containsPattern("PASS  真实性 authenticity\\s+signature\\s+signature-tagmanifest-sha256.p7s")
                    .containsPattern("PASS  真实性 authenticity\\s+database counts")
                    .containsPattern("PASS  真实性 authenticity\\s+audit-trail chain\\s+data/records/audit-trail.jsonl")
                    .containsPattern("PASS  完整性 integrity\\s+counts match bag-info")
                    .containsPattern("PASS  可用性 usability\\s+files open")
                    .containsPattern("PASS  安全性 security")
                    // demo mode: only the demonstration key vouches, said plainly; the trail with its key and checkpoint.
                    .containsPattern("WARN  真实性 authenticity\\s+signer is a demonstration key")
                    .contains("with 1 warning(s): only this installation's DEMONSTRATION key")
                    .containsPattern("PASS  真实性 authenticity\\s+audit-trail checkpoint\\s+audit-trail-checkpoint.txt")
                    .contains("with the trail key: every row's HMAC recomputed");
            JsonNode report = JSON.readTree(Files.readString(json));
            assertThat(report.get("passed").asBoolean()).isTrue();
            assertThat(report.get("warnings").get(0).asString()).contains("DEMONSTRATION key");
            assertThat(report.get("checks").size()).isGreaterThan(15);
            assertThat(run("pdftotext", "-enc", "UTF-8", pdf.toString(), "-")).contains("归档信息包四性检测报告", "真实性", "通过");
            assertThat(Files.readString(pdf, StandardCharsets.ISO_8859_1)).contains("pdfaid:part");

            // The same period again: the same payload manifest, one package.
            ChildCli.Result second = ChildCli.start(data, pack, List.of(), env).await(Duration.ofMinutes(4));
            assertThat(second.exitCode()).as(second.output()).isZero();
            assertThat(manifestSha(second.output())).isEqualTo(manifestSha(first.output()));
            try (Stream<Path> s = Files.list(out)) {
                assertThat(s.toList()).containsExactly(bag);
            }

            // Damages, each on a copy, each named by its check item and file (archive verify without a database).
            String warc;
            try (Stream<Path> s = Files.walk(bag.resolve("data/warc"))) {
                warc = bag.relativize(s.filter(p -> p.toString().endsWith(".warc.gz")).sorted().findFirst().orElseThrow()).toString();
            }
            assertDamage(data, bag, "flip", b -> {
                byte[] bytes = Files.readAllBytes(b.resolve(warc));
                bytes[bytes.length / 2] ^= 0x20;
                Files.write(b.resolve(warc), bytes);
            }, "payload fixity", warc);
            String text;
            try (Stream<Path> s = Files.list(bag.resolve("data/text"))) {
                text = bag.relativize(s.sorted().findFirst().orElseThrow()).toString();
            }
            assertDamage(data, bag, "delete", b -> Files.delete(b.resolve(text)), "no missing files", text);
            assertDamage(data, bag, "add", b -> Files.writeString(b.resolve("data/text/added.txt"), "不该有的文件"),
                    "no extra files", "data/text/added.txt");
            assertDamage(data, bag, "info", b -> Files.writeString(b.resolve("bag-info.txt"),
                    Files.readString(b.resolve("bag-info.txt")).replace("Source-Organization: ", "Source-Organization: X")),
                    "tag file fixity", "bag-info.txt");
            assertDamage(data, bag, "unsigned", b -> Files.delete(b.resolve("signature-tagmanifest-sha256.p7s")),
                    "signature", "signature-tagmanifest-sha256.p7s");
            assertDamage(data, bag, "trail", b -> {
                Path rows = b.resolve("data/records/audit-trail.jsonl");
                List<String> all = new ArrayList<>(Files.readAllLines(rows));
                all.set(0, all.getFirst().replaceFirst("\"actor\":\"[^\"]*\"", "\"actor\":\"intruder\""));
                Files.write(rows, all);
            }, "audit-trail chain", "data/records/audit-trail.jsonl");

            // Edited, every manifest redone and re-signed with a fresh self-signed key named like the office: FAILS,
            // with and without the database; a key pinned by its fingerprint is trusted (the edit still fails the trail).
            Path resigned = dir.resolve("resigned").resolve(bag.getFileName());
            copyTree(bag, resigned);
            KeyPairAndCert lookalike = selfSigned("区人民政府办公室");
            resign(resigned, lookalike, false);
            for (List<String> extra : List.of(List.<String>of(), List.of("--no-database"))) {
                List<String> args = new ArrayList<>(List.of("archive", "verify", resigned.toString(), "--json", dir.resolve("resigned.json").toString()));
                args.addAll(extra);
                ChildCli.Result r = ChildCli.start(data, args, List.of(), env).await(Duration.ofMinutes(3));
                assertThat(r.exitCode()).as(extra + "\n" + r.output()).isEqualTo(1);
                assertThat(r.output()).as(extra.toString())
                        .containsPattern("FAIL  真实性 authenticity\\s+signature\\s+signature-tagmanifest-sha256.p7s\\s+— the signature is sound but its signer is not trusted")
                        .doesNotContain("WARN  ").doesNotContain("every check holds");
                // Everything else of the forgery holds: the signer's trust alone catches it.
                assertThat(r.output().lines().filter(l -> l.startsWith("FAIL  ")).toList()).as(r.output()).hasSize(1);
            }
            Path resignedTrail = dir.resolve("resigned-trail").resolve(bag.getFileName());
            copyTree(bag, resignedTrail);
            resign(resignedTrail, lookalike, true);
            ChildCli.Result pinned = ChildCli.start(data, List.of("archive", "verify", resignedTrail.toString(), "--no-database",
                    "--trust-fingerprint", cn.shencha.writers.signing.TrustAnchors.fingerprint(lookalike.cert()), "--json",
                    dir.resolve("pinned.json").toString()), List.of(), env).await(Duration.ofMinutes(3));
            assertThat(pinned.output()).containsPattern("PASS  真实性 authenticity\\s+signature\\s+\\S+\\s+— signed by 区人民政府办公室")
                    .containsPattern("FAIL  真实性 authenticity\\s+audit-trail chain\\s+data/records/audit-trail.jsonl\\s+— row \\d+ was edited");
            assertThat(pinned.exitCode()).isEqualTo(1);

            // A package signed by the configured key (shencha.signing.keystore) passes, without a demonstration warning.
            KeyPairAndCert office = selfSigned("区人民政府办公室");
            Path keystore = dir.resolve("office.p12");
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("office", office.key(), "secret".toCharArray(), new java.security.cert.Certificate[]{office.cert()});
            try (var o = Files.newOutputStream(keystore)) {
                ks.store(o, "secret".toCharArray());
            }
            Map<String, String> configured = new HashMap<>(env);
            configured.put("SHENCHA_SIGNING_KEYSTORE", keystore.toString());
            configured.put("SHENCHA_SIGNING_PASSWORD", "secret");
            Path officeOut = dir.resolve("office");
            ChildCli.Result officePack = ChildCli.start(data, List.of("archive", "package", "--from", from.toString(), "--to",
                    to.toString(), "--out", officeOut.toString()), List.of(), configured).await(Duration.ofMinutes(4));
            assertThat(officePack.exitCode()).as(officePack.output()).isZero();
            Path officeBag = officeOut.resolve(bag.getFileName());
            for (List<String> extra : List.of(List.<String>of(), List.of("--no-database"))) {
                List<String> args = new ArrayList<>(List.of("archive", "verify", officeBag.toString()));
                args.addAll(extra);
                ChildCli.Result r = ChildCli.start(data, args, List.of(), configured).await(Duration.ofMinutes(3));
                assertThat(r.exitCode()).as(extra + "\n" + r.output()).isZero();
                assertThat(r.output()).contains("result: every check holds").doesNotContain("WARN  ")
                        .containsPattern("PASS  真实性 authenticity\\s+signature\\s+\\S+\\s+— signed by 区人民政府办公室.*trusted: the configured signing certificate");
            }
            // ... and the demonstration key's package no longer does once the office key is configured alone.
            ChildCli.Result demoNow = ChildCli.start(data, List.of("archive", "verify", bag.toString(), "--no-database", "--json",
                    dir.resolve("demo-now.json").toString()), List.of(), configured).await(Duration.ofMinutes(3));
            assertThat(demoNow.exitCode()).as(demoNow.output()).isEqualTo(1);
            // The office package's trail checkpoint is signed with the office key: from now on the installation trusts
            // that certificate besides its demonstration key (shencha.signing.trust-anchors), as after a key change.
            Path pem = dir.resolve("office.pem");
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                    .encodeToString(office.cert().getEncoded()) + "\n-----END CERTIFICATE-----\n");
            env.put("SHENCHA_SIGNING_TRUSTANCHORS", pem.toString());

            // kill -9 while packaging (slowed by the test-only pause per file), then a rerun: one complete package.
            Path killedOut = dir.resolve("killed");
            List<String> packKilled = List.of("archive", "package", "--from", from.toString(), "--to", to.toString(), "--out", killedOut.toString());
            ChildCli slow = ChildCli.start(data, packKilled, List.of("-Dshencha.archive.test-pause-per-file=400"), env);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            Path partial = null;
            while (partial == null && System.nanoTime() < deadline && slow.isAlive()) {
                partial = partial(killedOut);
                Thread.sleep(100);
            }
            assertThat(partial).as("a partial package appeared while packaging").isNotNull();
            Thread.sleep(1500);
            assertThat(slow.isAlive()).isTrue();
            slow.kill9();
            try (Stream<Path> s = Files.list(killedOut)) {
                assertThat(s.toList()).as("only the partial directory, no package").containsExactly(partial);
            }
            ChildCli.Result rerun = ChildCli.start(data, packKilled, List.of(), env).await(Duration.ofMinutes(4));
            assertThat(rerun.exitCode()).as(rerun.output()).isZero();
            try (Stream<Path> s = Files.list(killedOut)) {
                assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly(bag.getFileName().toString());
            }
            assertThat(manifestSha(rerun.output())).isEqualTo(manifestSha(first.output()));

            assertWeeklyReportsArePackaged(data, dir, env);

            // Retention with every record class expired: WARC files go only because their package verifies; logged.
            Map<String, String> expired = new HashMap<>(env);
            expired.put("SHENCHA_ARCHIVE_RETENTION_WARC", "0s");
            expired.put("SHENCHA_ARCHIVE_RETENTION_SNAPSHOTTEXT", "0s");
            ChildCli.Result dry = ChildCli.start(data, List.of("archive", "retention", "--dry-run"), List.of(), expired)
                    .await(Duration.ofMinutes(3));
            assertThat(dry.exitCode()).as(dry.output()).isZero();
            assertThat(dry.output()).contains("EXPIRED warc ").contains("Would delete");
            try (Stream<Path> s = Files.walk(data.resolve("warc"))) {
                assertThat(s.filter(p -> p.toString().endsWith(".warc.gz")).count()).isGreaterThan(0);
            }
            ChildCli.Result retention = ChildCli.start(data, List.of("archive", "retention"), List.of(), expired)
                    .await(Duration.ofMinutes(3));
            assertThat(retention.exitCode()).as(retention.output()).isZero();
            assertThat(retention.output()).contains("DELETE  warc ").contains("DELETE  text of snapshot ").contains("Deleted ");
            try (Stream<Path> s = Files.walk(data.resolve("warc"))) {
                assertThat(s.filter(p -> p.toString().endsWith(".warc.gz")).count()).isZero();
            }
            long deletions = retention.output().lines().filter(l -> l.startsWith("DELETE  ")).count();
            ChildCli.Result nothingLeft = ChildCli.start(data, List.of("archive", "retention", "--dry-run"), List.of(), expired)
                    .await(Duration.ofMinutes(3));
            assertThat(nothingLeft.output()).contains("Would delete 0 WARC file(s) and the text of 0 snapshot(s)");
            String jdbcUrl = pg != null ? pg.url() : "jdbc:h2:file:" + data.resolve("db/shencha") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl, pg != null ? pg.user() : cn.shencha.jobs.config.LocalDatabase.USER,
                    pg != null ? pg.password() : cn.shencha.jobs.config.LocalDatabase.credentialsIn(data.resolve("db")).password());
                 java.sql.ResultSet rs = c.createStatement().executeQuery(
                         "SELECT COUNT(*), SUM(CASE WHEN target LIKE 'snapshot-text:%' THEN 1 ELSE 0 END) FROM audit_trail WHERE action = 'RETENTION_DELETED'");
                 java.sql.ResultSet texts = c.createStatement().executeQuery("SELECT COUNT(*) FROM snapshot WHERE text_deleted_at IS NOT NULL AND text = ''")) {
                rs.next();
                texts.next();
                assertThat(rs.getLong(1)).as("one trail row per deletion").isEqualTo(deletions);
                assertThat(rs.getLong(2)).isEqualTo(texts.getLong(1)).isGreaterThan(0);
            }
            ChildCli.Result trail = ChildCli.start(data, List.of("verify-trail"), List.of(), env).await(Duration.ofMinutes(3));
            assertThat(trail.exitCode()).as(trail.output()).isZero();
            assertThat(trail.output()).containsPattern("OK    audit trail intact: \\d+ rows \\(\\d+ HMAC-keyed\\).*[1-9]\\d* signed checkpoint\\(s\\) match");
            // The package still verifies on its own (it needs none of the deleted files).
            ChildCli.Result after = ChildCli.start(data, List.of("archive", "verify", bag.toString(), "--no-database"), List.of(), env)
                    .await(Duration.ofMinutes(3));
            assertThat(after.exitCode()).as(after.output()).isZero();

            // A trail row rewritten through SQL with every later hash and the head recomputed (without the trail key):
            // verify-trail names the first rewritten row.
            long victim;
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl, pg != null ? pg.user() : cn.shencha.jobs.config.LocalDatabase.USER,
                    pg != null ? pg.password() : cn.shencha.jobs.config.LocalDatabase.credentialsIn(data.resolve("db")).password())) {
                victim = rewriteTrail(c);
            }
            ChildCli.Result rewritten = ChildCli.start(data, List.of("verify-trail"), List.of(), env).await(Duration.ofMinutes(3));
            assertThat(rewritten.exitCode()).as(rewritten.output()).isEqualTo(1);
            assertThat(rewritten.output().lines().filter(l -> l.startsWith("FAIL  ")).findFirst().orElseThrow())
                    .startsWith("FAIL  row " + victim + " was edited (its content does not match its HMAC");

            // Bad input: one line, exit 2.
            ChildCli.Result bad = ChildCli.start(data, List.of("archive", "verify", dir.resolve("nope").toString()), List.of(), env)
                    .await(Duration.ofMinutes(1));
            assertThat(bad.exitCode()).isEqualTo(2);
            assertThat(bad.output().strip()).startsWith("error: archive verify: no such directory").doesNotContain("Exception");
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    private interface Damage {
        void apply(Path bag) throws Exception;
    }

    private void assertDamage(Path data, Path bag, String name, Damage damage, String item, String file) throws Exception {
        Path copy = dir.resolve("damage-" + name).resolve(bag.getFileName());
        copyTree(bag, copy);
        damage.apply(copy);
        ChildCli.Result r = ChildCli.start(data, List.of("archive", "verify", copy.toString(), "--no-database",
                "--json", dir.resolve("damage-" + name + ".json").toString())).await(Duration.ofMinutes(2));
        assertThat(r.exitCode()).as(name + ":\n" + r.output()).isEqualTo(1);
        assertThat(r.output()).as(name).containsPattern("FAIL  \\S+ \\S+\\s+" + Pattern.quote(item) + "\\s+" + Pattern.quote(file));
    }

    record KeyPairAndCert(java.security.PrivateKey key, java.security.cert.X509Certificate cert) {
    }

    private static KeyPairAndCert selfSigned(String cn) throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        java.security.KeyPair pair = g.generateKeyPair();
        org.bouncycastle.asn1.x500.X500Name name = new org.bouncycastle.asn1.x500.X500Name("CN=" + cn + ", O=云川区人民政府, C=CN");
        long now = System.currentTimeMillis();
        var cert = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
                new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.valueOf(now),
                        new java.util.Date(now - 86_400_000L), new java.util.Date(now + 30 * 86_400_000L), name, pair.getPublic())
                        .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        return new KeyPairAndCert(pair.getPrivate(), cert);
    }

    /**
     * The forger's work on a copy: a page's text edited (and with {@code editTrail} a trail row's actor, its hashes
     * kept, since they cannot be redone without the trail key), Payload-Oxum, both manifests and the tag manifest
     * redone, the tag manifest signed with {@code key}.
     */
    private static void resign(Path bag, KeyPairAndCert key, boolean editTrail) throws Exception {
        List<Path> edited = new ArrayList<>();
        long delta = 0;
        Path text;
        try (Stream<Path> s = Files.list(bag.resolve("data/text"))) {
            text = s.sorted().findFirst().orElseThrow();
        }
        long before = Files.size(text);
        Files.writeString(text, Files.readString(text) + "\n（已篡改）");
        delta += Files.size(text) - before;
        edited.add(text);
        if (editTrail) {
            Path rows = bag.resolve("data/records/audit-trail.jsonl");
            before = Files.size(rows);
            List<String> all = new ArrayList<>(Files.readAllLines(rows));
            all.set(0, all.getFirst().replaceFirst("\"actor\":\"[^\"]*\"", "\"actor\":\"intruder\""));
            Files.write(rows, all);
            delta += Files.size(rows) - before;
            edited.add(rows);
        }
        List<String> manifest = new ArrayList<>();
        for (String l : Files.readAllLines(bag.resolve("manifest-sha256.txt"))) {
            String name = l.split(" +", 2)[1];
            manifest.add(edited.contains(bag.resolve(name)) ? sha256(bag.resolve(name)) + "  " + name : l);
        }
        String oldManifest = sha256(bag.resolve("manifest-sha256.txt"));
        Files.write(bag.resolve("manifest-sha256.txt"), manifest);
        String oldInfo = sha256(bag.resolve("bag-info.txt"));
        Matcher oxum = Pattern.compile("Payload-Oxum: (\\d+)\\.(\\d+)").matcher(Files.readString(bag.resolve("bag-info.txt")));
        assertThat(oxum.find()).isTrue();
        Files.writeString(bag.resolve("bag-info.txt"), Files.readString(bag.resolve("bag-info.txt")).replace(oxum.group(),
                "Payload-Oxum: " + (Long.parseLong(oxum.group(1)) + delta) + "." + oxum.group(2)));
        Files.writeString(bag.resolve("tagmanifest-sha256.txt"), Files.readString(bag.resolve("tagmanifest-sha256.txt"))
                .replace(oldManifest, sha256(bag.resolve("manifest-sha256.txt"))).replace(oldInfo, sha256(bag.resolve("bag-info.txt"))));
        Files.write(bag.resolve("signature-tagmanifest-sha256.p7s"), cn.shencha.writers.signing.DetachedSignature.sign(
                Files.readAllBytes(bag.resolve("tagmanifest-sha256.txt")),
                new cn.shencha.writers.signing.SigningKey(key.key(), List.of(key.cert()), false), null, java.time.Instant.now()));
    }

    /**
     * Rewrites the first DECISION row's details through SQL and recomputes every later row's hash and the head, as a
     * database writer without the trail key can (HMAC with a key of their own); returns the rewritten row's number.
     */
    private static long rewriteTrail(java.sql.Connection c) throws Exception {
        long victim;
        try (java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT MIN(seq) FROM audit_trail WHERE action = 'DECISION' OR action = 'LEDGER_WRITTEN'")) {
            rs.next();
            victim = rs.getLong(1);
        }
        byte[] guessed = new byte[32];
        new java.security.SecureRandom().nextBytes(guessed);
        String prev;
        try (java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT row_hash FROM audit_trail WHERE seq = " + (victim - 1))) {
            prev = rs.next() ? rs.getString(1) : "0".repeat(64);
        }
        List<Object[]> rows = new ArrayList<>();
        try (java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT seq, occurred_at, actor, action, target, details, key_id"
                + " FROM audit_trail WHERE seq >= " + victim + " ORDER BY seq")) {
            while (rs.next()) {
                rows.add(new Object[]{rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7)});
            }
        }
        try (java.sql.PreparedStatement up = c.prepareStatement("UPDATE audit_trail SET details = ?, prev_hash = ?, row_hash = ? WHERE seq = ?")) {
            for (Object[] r : rows) {
                long seq = (Long) r[0];
                String details = seq == victim ? "改写的内容" : (String) r[5];
                String hash = cn.shencha.archive.bag.AuditTrailHash.hmac(guessed, (String) r[6], seq, (java.time.Instant) r[1],
                        (String) r[2], (String) r[3], (String) r[4], details, prev);
                up.setString(1, details);
                up.setString(2, prev);
                up.setString(3, hash);
                up.setLong(4, seq);
                up.executeUpdate();
                prev = hash;
            }
        }
        try (java.sql.PreparedStatement head = c.prepareStatement("UPDATE audit_trail_head SET row_hash = ? WHERE id = 1")) {
            head.setString(1, prev);
            head.executeUpdate();
        }
        return victim;
    }

    private static Path partial(Path out) throws Exception {
        if (!Files.isDirectory(out)) {
            return null;
        }
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(p -> p.getFileName().toString().contains(".partial-")).findFirst().orElse(null);
        }
    }

    private static String manifestSha(String output) {
        Matcher m = Pattern.compile("payload manifest sha256 ([0-9a-f]{64})").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return m.group(1);
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /**
     * The weekly reports reportJob archived for a week starting in the period go into the package and verify (PDF/A,
     * signatures, workbooks): this week's, packaged from its Monday to today.
     */
    private static void assertWeeklyReportsArePackaged(Path data, Path dir, Map<String, String> env) throws Exception {
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        cn.shencha.writers.report.ReportWeek week = cn.shencha.writers.report.ReportWeek.current(zone);
        ChildCli.Result reports = ChildCli.start(data, List.of("report", "--archive", "--week", week.toString()), List.of(), env)
                .await(Duration.ofMinutes(4));
        assertThat(reports.exitCode()).as(reports.output()).isZero();
        Path out = dir.resolve("weekly");
        ChildCli.Result pack = ChildCli.start(data, List.of("archive", "package", "--from", week.monday().toString(), "--to",
                LocalDate.now(zone).toString(), "--out", out.toString()), List.of(), env).await(Duration.ofMinutes(4));
        assertThat(pack.exitCode()).as(pack.output()).isZero();
        assertThat(pack.output()).contains("verification: every check holds");
        Path bag;
        try (Stream<Path> s = Files.list(out)) {
            bag = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        List<String> lines = Files.readAllLines(bag.resolve("manifest-sha256.txt"));
        assertThat(lines).anyMatch(l -> l.endsWith("data/reports/" + week + "/" + week + "-district.pdf"))
                .anyMatch(l -> l.endsWith("data/reports/" + week + "/" + week + "-district.xlsx"));
        assertThat(Files.readString(bag.resolve("bag-info.txt"))).containsPattern("Shencha-Count-Report-Files: [2-9]");
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
