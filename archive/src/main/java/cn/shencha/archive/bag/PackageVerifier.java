package cn.shencha.archive.bag;

import cn.shencha.archive.trail.TrailCheckpoint;
import cn.shencha.archive.trail.TrailKeys;
import cn.shencha.archive.trail.TrailRow;
import cn.shencha.archive.trail.TrailWalk;
import cn.shencha.writers.signing.DetachedSignature;
import cn.shencha.writers.signing.TrustAnchors;
import cn.shencha.writers.signing.PdfSignatureVerifier;
import cn.shencha.writers.signing.VerificationResult;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * The 四性 check of an archival package (DA/T 70): authenticity (真实性: signature, fixity of every file, metadata
 * consistent with the WARC records and — when a database is at hand — with its counts, the audit-trail chain),
 * integrity (完整性: every record present, counts as bag-info says, no file missing or added), usability (可用性:
 * WARC files parse, PDFs open and claim PDF/A, workbooks open, text is UTF-8, metadata valid against the schema) and
 * security (安全性: no executable or active content outside the WARC payload, nothing encrypted, safe path names,
 * plain formats and a README). Needs nothing but the bag: no database, no Shencha installation.
 *
 * <p>This is its own code path: it reads the manifests and recomputes every digest itself rather than through
 * bagit-java, which wrote them.
 */
public final class PackageVerifier {

    /** The four properties of DA/T 70. */
    public enum Property {
        AUTHENTICITY("真实性"), INTEGRITY("完整性"), USABILITY("可用性"), SECURITY("安全性");

        private final String chinese;

        Property(String chinese) {
            this.chinese = chinese;
        }

        public String chinese() {
            return chinese;
        }
    }

    /** PASS, FAIL, SKIP (not applicable, with the reason), or WARN (holds, with a caveat a reader must see). */
    public enum Status { PASS, FAIL, SKIP, WARN }

    /**
     * What the verifier trusts.
     *
     * @param anchors   the trust anchors the package signature (and its time stamp, and the trail checkpoint's
     *                  signature) must lead to; none: no signer is trusted
     * @param trailKeys the audit trail's HMAC keys, or null when they are not at hand (the trail segment's rows are
     *                  then checked for linkage and against the signed checkpoint only)
     */
    public record Options(TrustAnchors anchors, TrailKeys trailKeys) {
        public Options {
            anchors = anchors == null ? TrustAnchors.none() : anchors;
        }
    }

    /** One check item's outcome for one file (or for the package, {@code file} "."). */
    public record Check(Property property, String item, String file, Status status, String detail) {
        public String line() {
            return String.format(Locale.ROOT, "%-4s  %s %-14s  %-28s  %s%s", status, property.chinese(),
                    property.name().toLowerCase(Locale.ROOT), item, file, detail == null || detail.isEmpty() ? "" : "  — " + detail);
        }
    }

    /** The outcome of a verification. */
    public record Report(Path bag, Instant verifiedAt, List<Check> checks, Map<String, Long> counts) {
        public boolean passed() {
            return checks.stream().noneMatch(c -> c.status() == Status.FAIL);
        }

        public List<Check> failures() {
            return checks.stream().filter(c -> c.status() == Status.FAIL).toList();
        }

        /** The report as JSON (format {@code shencha-package-verification/1}). */
        public String json() {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("format", "shencha-package-verification/1");
            root.put("package", bag.toString());
            root.put("verifiedAt", verifiedAt.toString());
            root.put("passed", passed());
            root.put("counts", counts);
            root.put("warnings", checks.stream().filter(c -> c.status() == Status.WARN).map(Check::detail).toList());
            List<Map<String, Object>> list = new ArrayList<>();
            for (Check c : checks) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("property", c.property().name().toLowerCase(Locale.ROOT));
                m.put("propertyZh", c.property().chinese());
                m.put("item", c.item());
                m.put("file", c.file());
                m.put("status", c.status().name());
                m.put("detail", c.detail());
                list.add(m);
            }
            root.put("checks", list);
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        }

        /** Writes the 检测报告 as a PDF/A-2b document. */
        public void writePdf(Path file) throws IOException {
            VerificationPdf.write(this, file);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> TAG_MANIFESTS = Set.of("tagmanifest-sha256.txt");
    private static final Pattern UNSAFE_NAME = Pattern.compile("[\\p{Cntrl}\\\\:*?\"<>|]");
    private static final Set<String> PLAIN_EXTENSIONS = Set.of(".warc.gz", ".cdxj", ".txt", ".xml", ".xsd", ".jsonl",
            ".pdf", ".xlsx", ".p7s");
    private static final List<String> TRAIL_FIELDS = List.of("seq", "occurred_at", "actor", "action", "target",
            "details", "prev_hash", "row_hash");

    private final List<Check> checks = new ArrayList<>();
    private final Options options;

    private PackageVerifier(Options options) {
        this.options = options == null ? new Options(null, null) : options;
    }

    /**
     * Verifies a bag.
     *
     * @param databaseCounts the counts the database has for the package's site and period (bag-info count names),
     *                       or null when no database is at hand (that check is skipped with a note)
     * @throws IOException when {@code bag} is not a directory
     */
    public static Report verify(Path bag, Map<String, Long> databaseCounts, Options options) throws IOException {
        if (!Files.isDirectory(bag)) {
            throw new IOException("not a directory: " + bag);
        }
        PackageVerifier v = new PackageVerifier(options);
        Map<String, Long> counts = v.run(bag.toAbsolutePath().normalize(), databaseCounts);
        return new Report(bag.toAbsolutePath().normalize(), Instant.now(), List.copyOf(v.checks), counts);
    }

    private void add(Property p, String item, String file, Status s, String detail) {
        checks.add(new Check(p, item, file, s, detail));
    }

    private void pass(Property p, String item, String file, String detail) {
        add(p, item, file, Status.PASS, detail);
    }

    private void fail(Property p, String item, String file, String detail) {
        add(p, item, file, Status.FAIL, detail);
    }

    private Map<String, Long> run(Path bag, Map<String, Long> databaseCounts) throws IOException {
        // What is on disk.
        List<String> files = new ArrayList<>();
        List<String> links = new ArrayList<>();
        try (Stream<Path> s = Files.walk(bag)) {
            s.filter(p -> !p.equals(bag)).forEach(p -> {
                String rel = relative(bag, p);
                if (Files.isSymbolicLink(p)) {
                    links.add(rel);
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(rel);
                }
            });
        }
        files.sort(null);

        // Structure.
        boolean structure = true;
        for (String required : List.of("bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt")) {
            if (!files.contains(required)) {
                fail(Property.INTEGRITY, "bag structure", required, "missing: the bag cannot be read without it");
                structure = false;
            }
        }
        if (!Files.isDirectory(bag.resolve("data"))) {
            fail(Property.INTEGRITY, "bag structure", "data/", "missing payload directory");
            structure = false;
        }
        if (!structure) {
            return Map.of();
        }
        String bagit = Files.readString(bag.resolve("bagit.txt"), StandardCharsets.UTF_8);
        if (bagit.startsWith("BagIt-Version: 1.0") || bagit.startsWith("BagIt-Version: 0.97")) {
            pass(Property.INTEGRITY, "bag structure", "bagit.txt", bagit.lines().findFirst().orElse(""));
        } else {
            fail(Property.INTEGRITY, "bag structure", "bagit.txt", "not a BagIt declaration");
        }
        Map<String, List<String>> info = bagInfo(bag.resolve("bag-info.txt"));

        // Authenticity: the signature over the tag manifest.
        byte[] tagManifest = Files.readAllBytes(bag.resolve("tagmanifest-sha256.txt"));
        Path sig = bag.resolve(PackageWriter.SIGNATURE_FILE);
        if (!Files.isRegularFile(sig)) {
            fail(Property.AUTHENTICITY, "signature", PackageWriter.SIGNATURE_FILE, "missing: the tag manifest is not signed");
        } else {
            DetachedSignature.Check c = DetachedSignature.verify(tagManifest, Files.readAllBytes(sig), options.anchors());
            String said = "signed by " + c.signer() + (c.signingTime() == null ? "" : " at " + c.signingTime())
                    + (c.timestamp() == null ? ", no time stamp" : ", RFC 3161 time stamp " + c.timestamp() + " by "
                    + c.timestampSigner() + " (token signature and TSA certificate verified)");
            if (!c.valid()) {
                fail(Property.AUTHENTICITY, "signature", PackageWriter.SIGNATURE_FILE, c.problem());
            } else if (!c.trust().trusted()) {
                fail(Property.AUTHENTICITY, "signature", PackageWriter.SIGNATURE_FILE, "the signature is sound but its signer"
                        + " is not trusted: " + c.trust().problem() + "; " + said);
            } else {
                pass(Property.AUTHENTICITY, "signature", PackageWriter.SIGNATURE_FILE, said + "; trusted: " + c.trust().anchor()
                        + (c.trust().demo() ? " (DEMONSTRATION key)" : ""));
                if (c.trust().demo()) {
                    add(Property.AUTHENTICITY, "signer is a demonstration key", PackageWriter.SIGNATURE_FILE, Status.WARN,
                            "only this installation's DEMONSTRATION key vouches for the package (演示签名): it proves the"
                            + " package unchanged since it was signed here, not who signed it; configure shencha.signing.keystore");
                }
            }
        }

        // Fixity of tag files and payload files, recomputed here.
        Map<String, String> tagEntries = manifest(bag.resolve("tagmanifest-sha256.txt"), "tagmanifest-sha256.txt");
        Map<String, String> payloadEntries = manifest(bag.resolve("manifest-sha256.txt"), "manifest-sha256.txt");
        // The WARC files are read (inflated and parsed) while the digests are computed: two independent passes.
        ExecutorService scanPool = Executors.newFixedThreadPool(threads());
        List<String> warcFiles = files.stream().filter(f -> f.endsWith(".warc.gz")).toList();
        List<Future<List<WarcScan.Entry>>> scans = new ArrayList<>();
        for (String f : warcFiles) {
            scans.add(scanPool.submit(() -> WarcScan.scan(bag.resolve(f))));
        }
        scanPool.shutdown();
        fixity(bag, tagEntries, "tag file fixity", "tagmanifest-sha256.txt");
        fixity(bag, payloadEntries, "payload fixity", "manifest-sha256.txt");

        // Integrity: nothing missing, nothing added.
        Set<String> onDisk = new TreeSet<>(files);
        int extra = 0;
        for (String f : onDisk) {
            boolean known = f.startsWith("data/") ? payloadEntries.containsKey(f)
                    : tagEntries.containsKey(f) || TAG_MANIFESTS.contains(f) || f.equals(PackageWriter.SIGNATURE_FILE);
            if (!known) {
                extra++;
                fail(Property.INTEGRITY, "no extra files", f, "not listed in " + (f.startsWith("data/")
                        ? "manifest-sha256.txt" : "tagmanifest-sha256.txt"));
            }
        }
        if (extra == 0) {
            pass(Property.INTEGRITY, "no extra files", ".", onDisk.size() + " files, each listed in a manifest or the signature");
        }
        int missing = 0;
        for (String f : payloadEntries.keySet()) {
            if (!onDisk.contains(f)) {
                missing++;
                fail(Property.INTEGRITY, "no missing files", f, "listed in manifest-sha256.txt but not in the bag");
            }
        }
        for (String f : tagEntries.keySet()) {
            if (!onDisk.contains(f)) {
                missing++;
                fail(Property.INTEGRITY, "no missing files", f, "listed in tagmanifest-sha256.txt but not in the bag");
            }
        }
        for (String f : List.of("bagit.txt", "bag-info.txt", "manifest-sha256.txt")) {
            if (!tagEntries.containsKey(f)) {
                fail(Property.AUTHENTICITY, "tag file fixity", f, "not covered by the signed tag manifest");
            }
        }
        if (missing == 0) {
            pass(Property.INTEGRITY, "no missing files", ".", payloadEntries.size() + " payload and " + tagEntries.size()
                    + " tag files present");
        }
        long bytes = 0;
        long count = 0;
        for (String f : onDisk) {
            if (f.startsWith("data/")) {
                bytes += Files.size(bag.resolve(f));
                count++;
            }
        }
        String oxum = first(info, "Payload-Oxum");
        if (oxum == null) {
            fail(Property.INTEGRITY, "Payload-Oxum", "bag-info.txt", "missing");
        } else if (oxum.equals(bytes + "." + count)) {
            pass(Property.INTEGRITY, "Payload-Oxum", "bag-info.txt", oxum);
        } else {
            fail(Property.INTEGRITY, "Payload-Oxum", "bag-info.txt", "says " + oxum + ", the payload is " + bytes + "." + count);
        }

        // Records of the period: counts as bag-info says, and each record with what it refers to.
        Map<String, Long> counts = records(bag, info, onDisk);
        if (databaseCounts == null) {
            add(Property.AUTHENTICITY, "database counts", "bag-info.txt", Status.SKIP,
                    "no database counts (none at hand, or the package is not recorded in it): not compared with the system of record");
        } else {
            List<String> differ = new ArrayList<>();
            databaseCounts.forEach((k, v) -> {
                Long have = counts.get(k);
                if (!v.equals(have)) {
                    differ.add(k + " " + have + " in the package, " + v + " in the database");
                }
            });
            if (differ.isEmpty()) {
                pass(Property.AUTHENTICITY, "database counts", "bag-info.txt", "as in the database: " + databaseCounts);
            } else {
                fail(Property.AUTHENTICITY, "database counts", "bag-info.txt", String.join("; ", differ));
            }
        }
        trail(bag, bag.resolve("data/records/audit-trail.jsonl"));
        Map<String, Map<Long, WarcScan.Entry>> warcs = scanned(warcFiles, scans);
        metadata(bag, onDisk, warcs);
        usability(bag, onDisk, warcs);
        security(bag, files, links);
        return counts;
    }

    // ---------------------------------------------------------------------------------------------------------------

    private void fixity(Path bag, Map<String, String> entries, String item, String manifestName) throws IOException {
        List<String> names = new ArrayList<>(entries.keySet());
        int bad = 0;
        ExecutorService pool = Executors.newFixedThreadPool(threads());
        try {
            List<Future<String>> digests = new ArrayList<>();
            for (String n : names) {
                Path p = bag.resolve(n);
                digests.add(pool.submit(() -> Files.isRegularFile(p) ? Fixity.sha256(p) : null));
            }
            for (int i = 0; i < names.size(); i++) {
                String actual;
                try {
                    actual = digests.get(i).get();
                } catch (Exception e) {
                    actual = "unreadable: " + e.getMessage();
                }
                if (actual == null) {
                    continue; // reported as missing
                }
                if (!actual.equalsIgnoreCase(entries.get(names.get(i)))) {
                    bad++;
                    fail(Property.AUTHENTICITY, item, names.get(i), "SHA-256 " + actual + " differs from "
                            + entries.get(names.get(i)) + " in " + manifestName);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        if (bad == 0) {
            pass(Property.AUTHENTICITY, item, manifestName, names.size() + " files match their SHA-256");
        }
    }

    private Map<String, Long> records(Path bag, Map<String, List<String>> info, Set<String> onDisk) throws IOException {
        Map<String, Long> actual = new LinkedHashMap<>();
        actual.put("WARC-Files", onDisk.stream().filter(f -> f.startsWith("data/warc/") && f.endsWith(".warc.gz")).count());
        List<JsonNode> pages = jsonLines(bag, "data/records/pages.jsonl");
        actual.put("Pages", (long) pages.size());
        Map<String, List<JsonNode>> byClass = new HashMap<>();
        for (String rc : PackageWriter.RECORD_CLASSES) {
            List<JsonNode> rows = jsonLines(bag, "data/records/" + rc + ".jsonl");
            byClass.put(rc, rows);
            actual.put(PackageWriter.countKey(rc), (long) rows.size());
        }
        actual.put("Ledger-Files", onDisk.stream().filter(f -> f.startsWith("data/ledgers/")).count());
        actual.put("Report-Files", onDisk.stream().filter(f -> f.startsWith("data/reports/")).count());
        List<String> differ = new ArrayList<>();
        for (Map.Entry<String, Long> e : actual.entrySet()) {
            String said = first(info, "Shencha-Count-" + e.getKey());
            if (said == null || !said.equals(Long.toString(e.getValue()))) {
                differ.add(e.getKey() + ": bag-info says " + said + ", the package holds " + e.getValue());
            }
        }
        if (differ.isEmpty()) {
            pass(Property.INTEGRITY, "counts match bag-info", "bag-info.txt", actual.toString());
        } else {
            fail(Property.INTEGRITY, "counts match bag-info", "bag-info.txt", String.join("; ", differ));
        }

        // Every record with what it refers to.
        int problems = 0;
        Set<String> snapshots = new HashSet<>();
        for (JsonNode p : pages) {
            String id = text(p, "snapshot_id");
            snapshots.add(id);
            for (String field : List.of("text_file", "metadata_file", "warc_file")) {
                String f = text(p, field);
                if (f == null || !onDisk.contains("data/" + f)) {
                    problems++;
                    fail(Property.INTEGRITY, "every record present", f == null ? "data/records/pages.jsonl" : "data/" + f,
                            "the " + field.replace('_', ' ') + " of page " + text(p, "url") + " is not in the package");
                }
            }
        }
        for (JsonNode f : byClass.get("findings")) {
            if (!snapshots.contains(text(f, "snapshot_id"))) {
                problems++;
                fail(Property.INTEGRITY, "every record present", "data/records/findings.jsonl", "finding " + text(f, "id")
                        + " is on snapshot " + text(f, "snapshot_id") + ", which is not in records/pages.jsonl");
            }
        }
        Set<String> tasks = new HashSet<>();
        byClass.get("review-tasks").forEach(t -> tasks.add(text(t, "id")));
        for (JsonNode d : byClass.get("review-decisions")) {
            if (!tasks.contains(text(d, "task_id"))) {
                problems++;
                fail(Property.INTEGRITY, "every record present", "data/records/review-decisions.jsonl", "decision "
                        + text(d, "id") + " is on task " + text(d, "task_id") + ", which is not in records/review-tasks.jsonl");
            }
        }
        if (problems == 0) {
            pass(Property.INTEGRITY, "every record present", "data/records/", pages.size() + " pages with text, metadata and"
                    + " WARC; findings on packaged pages; decisions on packaged tasks");
        }
        return actual;
    }

    private void trail(Path bag, Path file) throws IOException {
        String name = "data/records/audit-trail.jsonl";
        if (!Files.isRegularFile(file)) {
            fail(Property.AUTHENTICITY, "audit-trail chain", name, "missing");
            return;
        }
        List<JsonNode> rows;
        try {
            rows = jsonLines(file);
        } catch (IOException | RuntimeException e) {
            fail(Property.AUTHENTICITY, "audit-trail chain", name, "unreadable: " + e.getMessage());
            return;
        }
        // The signed checkpoint of the segment's last row (a tag file, so the package signature covers it too).
        TrailWalk walk = new TrailWalk(options.trailKeys(), false);
        TrailCheckpoint checkpoint = null;
        Path cpFile = bag.resolve(PackageWriter.CHECKPOINT_FILE);
        Path cpSig = bag.resolve(PackageWriter.CHECKPOINT_SIGNATURE_FILE);
        boolean anyKeyed = rows.stream().anyMatch(r -> text(r, "key_id") != null && !text(r, "key_id").isBlank());
        if (Files.isRegularFile(cpFile) && Files.isRegularFile(cpSig)) {
            byte[] text = Files.readAllBytes(cpFile);
            DetachedSignature.Check c = DetachedSignature.verify(text, Files.readAllBytes(cpSig), options.anchors());
            TrailCheckpoint parsed = null;
            try {
                parsed = TrailCheckpoint.parse(text);
            } catch (RuntimeException e) {
                fail(Property.AUTHENTICITY, "audit-trail checkpoint", PackageWriter.CHECKPOINT_FILE, "unreadable: " + e.getMessage());
            }
            if (parsed != null) {
                if (!c.valid()) {
                    fail(Property.AUTHENTICITY, "audit-trail checkpoint", PackageWriter.CHECKPOINT_SIGNATURE_FILE, c.problem());
                } else if (!c.trust().trusted()) {
                    fail(Property.AUTHENTICITY, "audit-trail checkpoint", PackageWriter.CHECKPOINT_SIGNATURE_FILE,
                            "signed by " + c.signer() + ", who is not trusted: " + c.trust().problem());
                } else if (rows.isEmpty() || parsed.seq() != rows.getLast().get("seq").asLong()) {
                    fail(Property.AUTHENTICITY, "audit-trail checkpoint", PackageWriter.CHECKPOINT_FILE, "names row " + parsed.seq()
                            + ", but the segment ends at " + (rows.isEmpty() ? "no row" : "row " + rows.getLast().get("seq").asLong()));
                } else {
                    checkpoint = parsed;
                    walk.expect(parsed, "signed by " + c.signer());
                }
            }
        } else if (anyKeyed) {
            fail(Property.AUTHENTICITY, "audit-trail checkpoint", PackageWriter.CHECKPOINT_FILE,
                    "missing: the keyed trail segment has no signed checkpoint");
        } else {
            add(Property.AUTHENTICITY, "audit-trail checkpoint", PackageWriter.CHECKPOINT_FILE, Status.SKIP, rows.isEmpty()
                    ? "no rows in the period" : "a segment of the plain SHA-256 chain from before keying: no checkpoint");
        }
        for (JsonNode r : rows) {
            for (String f : TRAIL_FIELDS) {
                if (!r.has(f)) {
                    fail(Property.AUTHENTICITY, "audit-trail chain", name, "a row lacks " + f);
                    return;
                }
            }
            Instant at;
            try {
                at = Instant.parse(text(r, "occurred_at"));
            } catch (RuntimeException e) {
                at = Instant.EPOCH;
            }
            walk.row(new TrailRow(r.get("seq").asLong(), at, text(r, "actor"), text(r, "action"), text(r, "target"),
                    text(r, "details"), text(r, "prev_hash"), text(r, "row_hash"), text(r, "key_id")));
        }
        TrailWalk.Outcome o = walk.finish();
        for (TrailWalk.Problem p : o.problems()) {
            fail(Property.AUTHENTICITY, "audit-trail chain", name, p.what());
        }
        if (o.intact()) {
            String how = o.keyedRows() == 0 ? "each plain SHA-256 hash recomputed"
                    : o.contentUnverified() == 0 ? "with the trail key: every row's HMAC recomputed"
                    : "WITHOUT the trail key (not at hand): chain linkage" + (checkpoint != null ? " and the signed checkpoint" : "")
                    + " only, the rows' contents rest on the package signature";
            pass(Property.AUTHENTICITY, "audit-trail chain", name, rows.isEmpty() ? "no rows in the period"
                    : rows.size() + " rows, " + o.firstSeq() + " to " + o.lastSeq() + ", " + how + ", chained from "
                    + text(rows.getFirst(), "prev_hash"));
            if (checkpoint != null) {
                pass(Property.AUTHENTICITY, "audit-trail checkpoint", PackageWriter.CHECKPOINT_FILE, "row " + checkpoint.seq()
                        + " as in the checkpoint signed at " + checkpoint.at());
            }
        }
    }

    private void metadata(Path bag, Set<String> onDisk, Map<String, Map<Long, WarcScan.Entry>> warcs) throws IOException {
        Path xsd = bag.resolve("data/metadata/" + PackageWriter.SCHEMA_FILE);
        Validator validator = null;
        if (!Files.isRegularFile(xsd)) {
            fail(Property.USABILITY, "metadata schema", "data/metadata/" + PackageWriter.SCHEMA_FILE, "missing");
        } else {
            try {
                SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
                f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
                f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
                Schema schema = f.newSchema(new StreamSource(xsd.toFile()));
                validator = schema.newValidator();
                if (java.util.Arrays.equals(Files.readAllBytes(xsd), PackageWriter.schema())) {
                    pass(Property.USABILITY, "metadata schema", "data/metadata/" + PackageWriter.SCHEMA_FILE, "the published schema");
                } else {
                    fail(Property.USABILITY, "metadata schema", "data/metadata/" + PackageWriter.SCHEMA_FILE,
                            "differs from the published shencha-page-metadata-1.0.xsd");
                }
            } catch (Exception e) {
                fail(Property.USABILITY, "metadata schema", "data/metadata/" + PackageWriter.SCHEMA_FILE, "not a readable schema: " + e.getMessage());
            }
        }
        int invalid = 0;
        int inconsistent = 0;
        int n = 0;
        for (String f : onDisk) {
            if (!f.startsWith("data/metadata/pages/") || !f.endsWith(".xml")) {
                continue;
            }
            n++;
            byte[] xml = Files.readAllBytes(bag.resolve(f));
            if (validator != null) {
                try {
                    validator.validate(new StreamSource(new ByteArrayInputStream(xml)));
                } catch (Exception e) {
                    invalid++;
                    fail(Property.USABILITY, "metadata valid (XSD)", f, e.getMessage());
                    continue;
                }
            }
            try {
                DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
                dbf.setNamespaceAware(true);
                dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                Document doc = dbf.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
                String warcFile = value(doc, "warcFile");
                long offset = Long.parseLong(value(doc, "warcOffset"));
                Map<Long, WarcScan.Entry> scanned = warcs.get("data/" + warcFile);
                if (scanned == null) {
                    throw new IOException(onDisk.contains("data/" + warcFile) ? "the WARC file cannot be read" : "data/" + warcFile + " is not in the package");
                }
                WarcScan.Entry r = scanned.get(offset);
                if (r == null || !r.type().equals("response")) {
                    throw new IOException("no response record at offset " + offset + " of " + warcFile);
                }
                List<String> differ = new ArrayList<>();
                if (!r.id().equals(value(doc, "warcRecordId"))) {
                    differ.add("record id " + r.id());
                }
                if (!r.target().equals(value(doc, "warcTargetUri"))) {
                    differ.add("target " + r.target());
                }
                String digest = value(doc, "warcPayloadDigest");
                if (digest != null && !digest.equals(r.payloadDigest())) {
                    differ.add("payload digest " + r.payloadDigest());
                }
                if (r.payloadDigest() != null && r.payloadSha1() != null && r.payloadDigest().toLowerCase(Locale.ROOT).startsWith("sha1:")
                        && !r.payloadDigest().substring(5).equalsIgnoreCase(r.payloadSha1())) {
                    differ.add("the payload's SHA-1 is " + r.payloadSha1() + ", the record says " + r.payloadDigest());
                }
                if (!differ.isEmpty()) {
                    inconsistent++;
                    fail(Property.AUTHENTICITY, "metadata matches WARC", f, "the WARC record at " + warcFile + "@" + offset
                            + " has " + String.join(", ", differ));
                }
            } catch (Exception e) {
                inconsistent++;
                fail(Property.AUTHENTICITY, "metadata matches WARC", f, "its WARC record cannot be read: " + e.getMessage());
            }
        }
        if (invalid == 0 && validator != null) {
            pass(Property.USABILITY, "metadata valid (XSD)", "data/metadata/pages/", n + " files valid");
        }
        if (inconsistent == 0) {
            pass(Property.AUTHENTICITY, "metadata matches WARC", "data/metadata/pages/", n + " records: record id, target"
                    + " URI and payload digest as in the WARC, payload digests recomputed");
        }
    }

    /** The WARC files as read (gzip CRC and length of every member, every record parsed); failures reported. */
    private Map<String, Map<Long, WarcScan.Entry>> scanned(List<String> files, List<Future<List<WarcScan.Entry>>> scans) {
        Map<String, Map<Long, WarcScan.Entry>> result = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            try {
                Map<Long, WarcScan.Entry> byOffset = new HashMap<>();
                scans.get(i).get().forEach(e -> byOffset.put(e.offset(), e));
                result.put(files.get(i), byOffset);
            } catch (java.util.concurrent.ExecutionException e) {
                fail(Property.USABILITY, "WARC parses", files.get(i), "cannot be read as WARC: " + e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(Property.USABILITY, "WARC parses", files.get(i), "interrupted");
            }
        }
        return result;
    }

    private static int threads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    private void usability(Path bag, Set<String> onDisk, Map<String, Map<Long, WarcScan.Entry>> scanned) {
        int warcCount = 0;
        int pdfs = 0;
        int xlsx = 0;
        int texts = 0;
        int bad = 0;
        for (String f : onDisk) {
            Path p = bag.resolve(f);
            if (f.endsWith(".warc.gz")) {
                warcCount++;
                if (!scanned.containsKey(f)) {
                    bad++;
                }
            } else if (f.endsWith(".pdf")) {
                pdfs++;
                try {
                    VerificationResult r = new PdfSignatureVerifier().verify(p);
                    if (r.pdfa() == null) {
                        bad++;
                        fail(Property.USABILITY, "PDF opens, PDF/A", f, "claims no PDF/A conformance");
                    } else if (!r.failures().isEmpty()) {
                        bad++;
                        fail(Property.AUTHENTICITY, "PDF signature", f, String.join("; ", r.failures()));
                    }
                } catch (Exception e) {
                    bad++;
                    fail(Property.USABILITY, "PDF opens, PDF/A", f, "cannot be opened: " + e.getMessage());
                }
            } else if (f.endsWith(".xlsx")) {
                xlsx++;
                try (InputStream in = Files.newInputStream(p); XSSFWorkbook wb = new XSSFWorkbook(in)) {
                    if (wb.getNumberOfSheets() == 0) {
                        throw new IOException("no sheets");
                    }
                } catch (Exception e) {
                    bad++;
                    fail(Property.USABILITY, "XLSX opens", f, "cannot be opened: " + e.getMessage());
                }
            } else if (f.endsWith(".txt") || f.endsWith(".jsonl") || f.endsWith(".xml") || f.endsWith(".xsd") || f.endsWith(".cdxj")) {
                texts++;
                try {
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Files.readAllBytes(p)));
                } catch (CharacterCodingException e) {
                    bad++;
                    fail(Property.USABILITY, "text is UTF-8", f, "does not decode as UTF-8");
                } catch (IOException e) {
                    bad++;
                    fail(Property.USABILITY, "text is UTF-8", f, "unreadable: " + e.getMessage());
                }
            }
        }
        if (bad == 0) {
            pass(Property.USABILITY, "files open", ".", warcCount + " WARC files parse, " + pdfs + " PDFs open and claim PDF/A"
                    + " (signatures valid), " + xlsx + " workbooks open, " + texts + " text files decode as UTF-8");
        }
    }

    private void security(Path bag, List<String> files, List<String> links) throws IOException {
        int bad = 0;
        for (String l : links) {
            bad++;
            fail(Property.SECURITY, "path names safe", l, "a symbolic link");
        }
        for (String f : files) {
            for (String seg : f.split("/")) {
                if (seg.isEmpty() || seg.equals("..") || seg.equals(".") || seg.startsWith("-") || seg.length() > 255
                        || UNSAFE_NAME.matcher(seg).find()) {
                    bad++;
                    fail(Property.SECURITY, "path names safe", f, "an unsafe path segment '" + seg + "'");
                    break;
                }
            }
            String lower = f.toLowerCase(Locale.ROOT);
            if (PLAIN_EXTENSIONS.stream().noneMatch(lower::endsWith)) {
                bad++;
                fail(Property.SECURITY, "plain formats", f, "not one of the package's plain formats " + PLAIN_EXTENSIONS);
            }
            if (f.startsWith("data/warc/") && lower.endsWith(".warc.gz")) {
                continue; // the captured payload is evidence, kept as received
            }
            String problem = activeContent(bag.resolve(f), lower);
            if (problem != null) {
                bad++;
                fail(Property.SECURITY, problem.startsWith("encrypted") ? "no encrypted files" : "no active content", f, problem);
            }
        }
        if (!files.contains("data/README.txt")) {
            bad++;
            fail(Property.SECURITY, "readable without Shencha", "data/README.txt", "missing");
        }
        if (bad == 0) {
            pass(Property.SECURITY, "no active or encrypted content", ".", "no executables, scripts, macros, embedded files or"
                    + " encryption outside the WARC payload; safe path names; plain formats; README present");
        }
    }

    private static String activeContent(Path p, String lower) throws IOException {
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(p)) {
            n = in.readNBytes(head, 0, 8);
        }
        if (n >= 2 && head[0] == 'M' && head[1] == 'Z') {
            return "a Windows executable";
        }
        if (n >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
            return "an ELF executable";
        }
        if (n >= 4 && (head[0] & 0xff) == 0xCA && (head[1] & 0xff) == 0xFE && (head[2] & 0xff) == 0xBA && (head[3] & 0xff) == 0xBE) {
            return "a Java class or Mach-O executable";
        }
        if (n >= 2 && head[0] == '#' && head[1] == '!') {
            return "a script";
        }
        if (n >= 4 && (head[0] & 0xff) == 0xD0 && (head[1] & 0xff) == 0xCF && (head[2] & 0xff) == 0x11 && (head[3] & 0xff) == 0xE0) {
            return "encrypted or legacy Office file (OLE2 container)";
        }
        if (lower.endsWith(".pdf")) {
            String s = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
            if (s.contains("/Encrypt")) {
                return "encrypted PDF";
            }
            for (String key : List.of("/JavaScript", "/JS ", "/JS(", "/Launch", "/EmbeddedFile", "/RichMedia")) {
                if (s.contains(key)) {
                    return "PDF with active content (" + key.strip() + ")";
                }
            }
        }
        if (lower.endsWith(".xlsx")) {
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(p.toFile())) {
                for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                    String name = e.getName().toLowerCase(Locale.ROOT);
                    if (name.contains("vbaproject") || name.endsWith(".bin") || name.contains("activex")) {
                        return "workbook with macros or ActiveX (" + e.getName() + ")";
                    }
                }
            } catch (IOException e) {
                return "encrypted or damaged workbook: " + e.getMessage();
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------------

    private Map<String, String> manifest(Path file, String name) throws IOException {
        Map<String, String> m = new TreeMap<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            int sp = line.indexOf(' ');
            if (sp < 0) {
                fail(Property.INTEGRITY, "bag structure", name, "line " + lineNo + " is not 'checksum path'");
                continue;
            }
            String path = line.substring(sp).strip().replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%");
            m.put(path, line.substring(0, sp));
        }
        return m;
    }

    private static Map<String, List<String>> bagInfo(Path file) throws IOException {
        Map<String, List<String>> m = new LinkedHashMap<>();
        String key = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if ((line.startsWith(" ") || line.startsWith("\t")) && key != null) {
                List<String> values = m.get(key);
                values.set(values.size() - 1, values.getLast() + " " + line.strip());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                key = line.substring(0, colon).strip();
                m.computeIfAbsent(key, k -> new ArrayList<>()).add(line.substring(colon + 1).strip());
            }
        }
        return m;
    }

    private static String first(Map<String, List<String>> info, String key) {
        List<String> v = info.get(key);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

    private List<JsonNode> jsonLines(Path bag, String name) {
        Path p = bag.resolve(name);
        if (!Files.isRegularFile(p)) {
            return List.of();
        }
        try {
            return jsonLines(p);
        } catch (IOException | RuntimeException e) {
            fail(Property.USABILITY, "JSON Lines parse", name, e.getMessage());
            return List.of();
        }
    }

    private static List<JsonNode> jsonLines(Path p) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                rows.add(JSON.readTree(line));
            }
        }
        return rows;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static String value(Document doc, String localName) {
        var list = doc.getElementsByTagNameNS(PageMetadata.NAMESPACE, localName);
        return list.getLength() == 0 ? null : ((Element) list.item(0)).getTextContent();
    }

    private static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

}
