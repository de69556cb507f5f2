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
                    .containsPattern("PASS  安全性 security");
            JsonNode report = JSON.readTree(Files.readString(json));
            assertThat(report.get("passed").asBoolean()).isTrue();
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
            // The package still verifies on its own (it needs none of the deleted files).
            ChildCli.Result after = ChildCli.start(data, List.of("archive", "verify", bag.toString(), "--no-database"), List.of(), env)
                    .await(Duration.ofMinutes(3));
            assertThat(after.exitCode()).as(after.output()).isZero();

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
