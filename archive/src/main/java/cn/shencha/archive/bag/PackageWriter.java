package cn.shencha.archive.bag;

import cn.shencha.writers.signing.DetachedSignature;
import cn.shencha.writers.signing.SigningKey;
import gov.loc.repository.bagit.creator.CreateTagManifestsVistor;
import gov.loc.repository.bagit.domain.Manifest;
import gov.loc.repository.bagit.domain.Metadata;
import gov.loc.repository.bagit.hash.Hasher;
import gov.loc.repository.bagit.hash.StandardSupportedAlgorithms;
import gov.loc.repository.bagit.domain.Version;
import gov.loc.repository.bagit.writer.BagitFileWriter;
import gov.loc.repository.bagit.writer.ManifestWriter;
import gov.loc.repository.bagit.writer.MetadataWriter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes an archival package: a BagIt bag (RFC 8500, built with the Library of Congress bagit-java) of one site's
 * records of one period — its WARC files with a CDXJ index, the extracted text and a metadata XML (schema
 * {@value #SCHEMA_FILE}) per captured page, findings, review tasks and decisions, the audit-trail segment with its
 * chain hashes, the duty reading log, ledgers and weekly reports — with SHA-256 payload and tag manifests and a
 * CMS/CAdES detached signature over the tag manifest.
 *
 * <p>The bag is built in a temporary directory beside the target ({@code .NAME.partial-…}) and renamed into place
 * only when complete; stale temporary directories of earlier, killed runs are removed first. Payload files carry no
 * generation time and are written in sorted order, so the same records give the same payload manifest; times of the
 * packaging are only in {@code bag-info.txt} and the signature.
 */
public final class PackageWriter {

    /** The schema of the page metadata files, copied into every bag. */
    public static final String SCHEMA_FILE = "shencha-page-metadata-1.0.xsd";
    /** The signature over the tag manifest. */
    public static final String SIGNATURE_FILE = "signature-tagmanifest-sha256.p7s";
    /** The signed checkpoint of the trail segment's last row (ADR 12), a tag file, and its signature. */
    public static final String CHECKPOINT_FILE = "audit-trail-checkpoint.txt";
    public static final String CHECKPOINT_SIGNATURE_FILE = "audit-trail-checkpoint.p7s";
    /** Record files (JSON Lines, one row per line) under {@code data/records/}, by record class. */
    public static final List<String> RECORD_CLASSES = List.of("findings", "review-tasks", "review-decisions",
            "audit-trail", "duty-readings");

    /**
     * @param organization    Source-Organization (立档单位)
     * @param software        the capture tool's name, e.g. "Shencha"
     * @param version         its version
     * @param retentionPeriod 保管期限 written into the page metadata (e.g. 永久)
     * @param key             the key that signs the tag manifest
     * @param tsaUrl          an RFC 3161 time-stamping authority, or null
     */
    public record Settings(String organization, String software, String version, String retentionPeriod,
                           SigningKey key, String tsaUrl) {
        public Settings {
            Objects.requireNonNull(organization);
            Objects.requireNonNull(key);
        }
    }

    /** A WARC file to package: its name under {@code DATA/warc} ({@code <site>/<file>.warc.gz}) and its committed bytes. */
    public record WarcSource(String name, Path file, long committedBytes) {
    }

    /** A captured page (a snapshot): what the metadata and the text file need. */
    public record Page(String snapshotId, String pageId, String url, String title, Instant capturedAt, int httpStatus,
                       String contentType, String responsibleUnit, LocalDate publicationDate, String warcFile,
                       long warcOffset, String bodySha256, String textSha256, String text) {
    }

    /** A finished document to package as it is (a ledger, a weekly report), at {@code data/<bagPath>}. */
    public record Document(String bagPath, Path file) {
    }

    /**
     * What goes into one package.
     *
     * @param records rows by record class ({@link #RECORD_CLASSES}), each an ordered map of plain values, in order
     */
    public record Contents(String siteId, String siteName, String siteUrl, LocalDate from, LocalDate to,
                           List<WarcSource> warcs, List<Page> pages, Map<String, List<Map<String, Object>>> records,
                           List<Document> documents, Checkpoint checkpoint) {
        public Contents(String siteId, String siteName, String siteUrl, LocalDate from, LocalDate to, List<WarcSource> warcs,
                        List<Page> pages, Map<String, List<Map<String, Object>>> records, List<Document> documents) {
            this(siteId, siteName, siteUrl, from, to, warcs, pages, records, documents, null);
        }
    }

    /** The trail segment's signed checkpoint: its text ({@link cn.shencha.archive.trail.TrailCheckpoint}) and CMS signature. */
    public record Checkpoint(byte[] text, byte[] signature) {
    }

    /** What was written. */
    public record Written(Path bag, String payloadManifestSha256, Map<String, Long> counts, long payloadBytes,
                          int payloadFiles) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PARTIAL = ".partial-";

    private final Settings settings;
    private final Hook hook;

    /** Called after each payload file is written (tests slow packaging down to kill it in the middle). */
    public interface Hook {
        void payloadWritten(String bagPath);
    }

    public PackageWriter(Settings settings) {
        this(settings, p -> { });
    }

    public PackageWriter(Settings settings, Hook hook) {
        this.settings = settings;
        this.hook = hook;
    }

    /** The directory name of a site's package of a period. */
    public static String name(String siteId, LocalDate from, LocalDate to) {
        return "shencha-" + siteId + "-" + from + "_" + to;
    }

    /** Writes the package into {@code outDir/NAME}, replacing an earlier package of the same site and period. */
    public Written write(Contents c, Path outDir) throws IOException, GeneralSecurityException {
        cn.shencha.writers.files.PrivateFiles.directories(outDir);
        String name = name(c.siteId(), c.from(), c.to());
        removeStale(outDir, name);
        Path tmp = outDir.resolve("." + name + PARTIAL + UUID.randomUUID());
        cn.shencha.writers.files.PrivateFiles.directories(tmp);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads());
        try {
            // The payload under data/, each file hashed by bagit-java's Hasher as soon as it is complete (the WARC
            // copies while they are indexed), in parallel.
            Path data = tmp.resolve("data");
            Map<Path, java.util.concurrent.Future<String>> digests = new LinkedHashMap<>();
            Map<String, Long> counts = stage(c, data, pool, digests);
            try (Stream<Path> s = Files.walk(data)) {
                for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                    if (!digests.containsKey(p)) {
                        digests.put(p, hash(pool, p));
                    }
                }
            }
            Map<Path, String> checksums = new java.util.HashMap<>();
            for (Map.Entry<Path, java.util.concurrent.Future<String>> e : digests.entrySet()) {
                checksums.put(e.getKey(), await(e.getValue()));
            }
            Manifest payload = new Manifest(StandardSupportedAlgorithms.SHA256);
            payload.setFileToChecksumMap(checksums);
            long[] oxum = sizeOf(data);
            Metadata info = new Metadata();
            info.add("Source-Organization", settings.organization());
            info.add("External-Description", "审查 Shencha archival package: " + c.siteName() + " (" + c.siteUrl()
                    + "), " + c.from() + " to " + c.to() + "; web pages (WARC, CDXJ, text, metadata), findings, review"
                    + " records, audit trail, ledgers, weekly reports, duty reading log. See data/README.txt.");
            info.add("External-Identifier", name);
            info.add("Bag-Group-Identifier", c.siteId());
            info.add("Bagging-Date", LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString());
            info.add("Bag-Size", humanSize(oxum[0]));
            info.add("Payload-Oxum", oxum[0] + "." + oxum[1]);
            info.add("Shencha-Site", c.siteName());
            info.add("Shencha-Site-URL", c.siteUrl());
            info.add("Shencha-Period", c.from() + "/" + c.to());
            counts.forEach((k, v) -> info.add("Shencha-Count-" + k, Long.toString(v)));
            info.add("Shencha-Signature", SIGNATURE_FILE + " (CMS/CAdES detached over tagmanifest-sha256.txt, SHA-256 with "
                    + settings.key().privateKey().getAlgorithm() + (settings.key().demo() ? ", DEMONSTRATION key" : "") + ")");
            info.add("Shencha-Software", settings.software() + " " + settings.version());
            Version version = new Version(1, 0);
            BagitFileWriter.writeBagitFile(version, StandardCharsets.UTF_8, tmp);
            ManifestWriter.writePayloadManifests(java.util.Set.of(payload), tmp, tmp, StandardCharsets.UTF_8);
            MetadataWriter.writeBagMetadata(info, version, tmp, StandardCharsets.UTF_8);
            sortManifest(tmp.resolve("manifest-sha256.txt"));
            if (c.checkpoint() != null) {
                Files.write(tmp.resolve(CHECKPOINT_FILE), c.checkpoint().text());
                Files.write(tmp.resolve(CHECKPOINT_SIGNATURE_FILE), c.checkpoint().signature());
            }
            rewriteTagManifest(tmp);
            byte[] tagManifest = Files.readAllBytes(tmp.resolve("tagmanifest-sha256.txt"));
            Files.write(tmp.resolve(SIGNATURE_FILE), DetachedSignature.sign(tagManifest, settings.key(), settings.tsaUrl(),
                    Instant.now()));
            String manifestSha = Fixity.sha256(tmp.resolve("manifest-sha256.txt"));
            Path target = outDir.resolve(name);
            moveIntoPlace(tmp, target, outDir, name);
            return new Written(target, manifestSha, counts, oxum[0], (int) oxum[1]);
        } finally {
            pool.shutdownNow();
            if (Files.exists(tmp)) {
                deleteTree(tmp);
            }
        }
    }

    /** Removes what killed runs left of this package: partial builds and replaced packages not yet deleted. */
    static void removeStale(Path outDir, String name) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(outDir, "." + name + ".*")) {
            for (Path p : ds) {
                deleteTree(p);
            }
        }
    }

    private static void moveIntoPlace(Path tmp, Path target, Path outDir, String name) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = outDir.resolve("." + name + ".replaced-" + UUID.randomUUID());
            atomicMove(target, old);
        }
        atomicMove(tmp, target);
        cn.shencha.writers.files.PrivateFiles.secureTree(target); // copied WARC files and written records came with the JVM's umask
        if (old != null) {
            deleteTree(old);
        }
    }

    private static void atomicMove(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + from + " to " + to + " atomically: " + e.getMessage(), e);
        }
    }

    private static int threads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    private static java.util.concurrent.Future<String> hash(java.util.concurrent.ExecutorService pool, Path file) {
        return pool.submit(() -> Hasher.hash(file, MessageDigest.getInstance("SHA-256")));
    }

    private static <T> T await(java.util.concurrent.Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
    }

    private Map<String, Long> stage(Contents c, Path root, java.util.concurrent.ExecutorService pool,
                                    Map<Path, java.util.concurrent.Future<String>> digests) throws IOException {
        Files.createDirectories(root);
        Map<String, Long> counts = new LinkedHashMap<>();
        // WARC files: exactly the committed bytes (ADR 7: what lies beyond belongs to uncommitted fetches).
        List<WarcSource> warcs = c.warcs().stream().sorted(Comparator.comparing(WarcSource::name)).toList();
        List<String> cdxj = new ArrayList<>();
        Map<String, Map<Long, WarcScan.Entry>> scanned = new java.util.HashMap<>();
        // Each copy (made in the kernel, without passing through the JVM) is hashed and read once more as soon as it
        // is complete, in parallel with the next copy: its index lines and what the page metadata records of each record.
        List<java.util.concurrent.Future<List<WarcScan.Entry>>> scans = new ArrayList<>();
        for (WarcSource w : warcs) {
            Path dest = safeResolve(root, "warc/" + w.name());
            Files.createDirectories(dest.getParent());
            long copied = copy(w.file(), dest, w.committedBytes());
            if (copied != w.committedBytes()) {
                throw new IOException("WARC file " + w.file() + " has " + copied + " bytes, fewer than the "
                        + w.committedBytes() + " committed");
            }
            digests.put(dest, hash(pool, dest));
            scans.add(pool.submit(() -> WarcScan.scan(dest, false)));
            hook.payloadWritten("warc/" + w.name());
        }
        for (int i = 0; i < warcs.size(); i++) {
            List<WarcScan.Entry> entries;
            try {
                entries = scans.get(i).get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException("WARC file " + warcs.get(i).file() + " cannot be read: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted");
            }
            cdxj.addAll(CdxjIndex.lines(entries, warcs.get(i).name()));
            Map<Long, WarcScan.Entry> byOffset = new java.util.HashMap<>();
            entries.forEach(e -> byOffset.put(e.offset(), e));
            scanned.put(warcs.get(i).name(), byOffset);
        }
        cdxj.sort(null);
        writeLines(root.resolve("warc/index.cdxj"), cdxj);
        counts.put("WARC-Files", (long) warcs.size());

        // Pages: text and metadata, and the list of them.
        List<Page> pages = c.pages().stream().sorted(Comparator.comparing(Page::snapshotId)).toList();
        Files.createDirectories(root.resolve("text"));
        Files.createDirectories(root.resolve("metadata/pages"));
        List<String> pageRows = new ArrayList<>();
        String period = c.from() + "/" + c.to();
        java.util.Set<String> packaged = new java.util.HashSet<>();
        warcs.forEach(w -> packaged.add(w.name()));
        for (Page p : pages) {
            if (!packaged.contains(p.warcFile())) {
                throw new IllegalArgumentException("page " + p.url() + " was captured in " + p.warcFile()
                        + ", which is not among the package's WARC files");
            }
            String textFile = "text/" + p.snapshotId() + ".txt";
            Files.writeString(root.resolve(textFile), p.text(), StandardCharsets.UTF_8);
            WarcScan.Entry record = scanned.get(p.warcFile()).get(p.warcOffset());
            if (record == null || !record.type().equals("response")) {
                throw new IllegalArgumentException("no response record at offset " + p.warcOffset() + " of " + p.warcFile()
                        + " for page " + p.url());
            }
            String metadataFile = "metadata/pages/" + p.snapshotId() + ".xml";
            Files.writeString(root.resolve(metadataFile), PageMetadata.xml(c, p, record, settings, textFile, period),
                    StandardCharsets.UTF_8);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("snapshot_id", p.snapshotId());
            row.put("page_id", p.pageId());
            row.put("url", p.url());
            row.put("title", p.title());
            row.put("captured_at", p.capturedAt().toString());
            row.put("http_status", p.httpStatus());
            row.put("content_type", p.contentType());
            row.put("responsible_unit", p.responsibleUnit());
            row.put("warc_file", "warc/" + p.warcFile());
            row.put("warc_offset", p.warcOffset());
            row.put("body_sha256", p.bodySha256());
            row.put("text_sha256", p.textSha256());
            row.put("text_file", textFile);
            row.put("metadata_file", metadataFile);
            pageRows.add(JSON.writeValueAsString(row));
            hook.payloadWritten(textFile);
        }
        writeLines(root.resolve("records/pages.jsonl"), pageRows);
        counts.put("Pages", (long) pages.size());
        copyResource(SCHEMA_FILE, root.resolve("metadata/" + SCHEMA_FILE));

        // Records: findings, review tasks and decisions, the trail segment, the reading log.
        for (String recordClass : RECORD_CLASSES) {
            List<Map<String, Object>> rows = c.records().getOrDefault(recordClass, List.of());
            List<String> lines = new ArrayList<>(rows.size());
            for (Map<String, Object> r : rows) {
                lines.add(JSON.writeValueAsString(r));
            }
            writeLines(root.resolve("records/" + recordClass + ".jsonl"), lines);
            counts.put(countKey(recordClass), (long) rows.size());
        }

        // Ledgers and weekly reports as they are.
        long ledgers = 0;
        long reports = 0;
        for (Document d : c.documents().stream().sorted(Comparator.comparing(Document::bagPath)).toList()) {
            Path dest = safeResolve(root, d.bagPath());
            Files.createDirectories(dest.getParent());
            Files.copy(d.file(), dest);
            if (d.bagPath().startsWith("ledgers/")) {
                ledgers++;
            } else if (d.bagPath().startsWith("reports/")) {
                reports++;
            }
            hook.payloadWritten(d.bagPath());
        }
        counts.put("Ledger-Files", ledgers);
        counts.put("Report-Files", reports);
        Files.writeString(root.resolve("README.txt"), PackageReadme.text(c, counts), StandardCharsets.UTF_8);
        return counts;
    }

    /** The bag-info count key of a record class: findings → Findings, review-tasks → Review-Tasks. */
    static String countKey(String recordClass) {
        StringBuilder b = new StringBuilder();
        for (String part : recordClass.split("-")) {
            if (!b.isEmpty()) {
                b.append('-');
            }
            b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return b.toString();
    }

    private static Path safeResolve(Path root, String relative) {
        Path p = root.resolve(relative).normalize();
        if (!p.startsWith(root) || relative.contains("\\")) {
            throw new IllegalArgumentException("not a safe path in a package: " + relative);
        }
        return p;
    }

    /** Copies the first {@code limit} bytes of a file (fewer when it is shorter); returns how many were copied. */
    private static long copy(Path from, Path to, long limit) throws IOException {
        try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(from, java.nio.file.StandardOpenOption.READ);
             java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(to, java.nio.file.StandardOpenOption.CREATE,
                     java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
            long total = 0;
            while (total < limit) {
                long n = in.transferTo(total, limit - total, out);
                if (n <= 0) {
                    break;
                }
                total += n;
            }
            return total;
        }
    }

    private static void writeLines(Path file, List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            b.append(l).append('\n');
        }
        Files.writeString(file, b, StandardCharsets.UTF_8);
    }

    private static void copyResource(String name, Path dest) throws IOException {
        try (InputStream in = PackageWriter.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " missing from the build");
            }
            Files.createDirectories(dest.getParent());
            Files.copy(in, dest, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The schema as bytes (for validation). */
    static byte[] schema() throws IOException {
        try (InputStream in = PackageWriter.class.getResourceAsStream(SCHEMA_FILE)) {
            return Objects.requireNonNull(in, SCHEMA_FILE).readAllBytes();
        }
    }

    /** bagit-java writes manifest lines in hash-map order; sorted by path they are the same for the same payload. */
    private static void sortManifest(Path manifest) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(manifest, StandardCharsets.UTF_8));
        lines.sort(Comparator.comparing(l -> l.substring(l.indexOf(' ') + 1)));
        writeLines(manifest, lines);
    }

    /** The tag manifest again (the payload manifest was re-sorted), through bagit-java's own visitor. */
    private static void rewriteTagManifest(Path bag) throws IOException {
        try {
            Map<Manifest, MessageDigest> map = Hasher.createManifestToMessageDigestMap(List.of(StandardSupportedAlgorithms.SHA256));
            Files.deleteIfExists(bag.resolve("tagmanifest-sha256.txt"));
            // "true": the bag is built in a hidden directory (.NAME.partial-…), which the visitor would skip otherwise.
            Files.walkFileTree(bag, new CreateTagManifestsVistor(map, true));
            ManifestWriter.writeTagManifests(map.keySet(), bag, bag, StandardCharsets.UTF_8);
            sortManifest(bag.resolve("tagmanifest-sha256.txt"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long[] sizeOf(Path dir) throws IOException {
        long[] r = new long[2];
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> {
                try {
                    r[0] += Files.size(p);
                    r[1]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return r;
    }

    static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[i]);
    }


    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
