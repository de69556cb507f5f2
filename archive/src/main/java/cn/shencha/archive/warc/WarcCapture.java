package cn.shencha.archive.warc;

import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcTruncationReason;
import org.netpreserve.jwarc.WarcWriter;
import org.netpreserve.jwarc.Warcinfo;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes one audit run's fetches of one site as WARC 1.1 (ISO 28500; GB/T 33994): a response record and a request
 * record per exchange, gzip-compressed one record per member, in files under {@code <root>/<site-id>/} named
 * {@code SHENCHA-<site-id>-<run-id>-<sequence>.warc.gz} that each begin with a warcinfo record and are rotated when they
 * reach the configured size.
 *
 * <p>WARC files are append logs and the crawl is a restartable transaction: the caller {@link #mark() marks} the
 * position its transaction committed, and after a failure {@link #rollback() rolls back} to it (or, in a new process,
 * {@link #resume(String, long) resumes} from the position it had recorded). Everything written after the mark —
 * records of fetches whose results were never committed, and files a rotation began — is cut off, so a restarted run
 * writes no duplicate of anything committed and leaves no orphan records behind.
 */
public final class WarcCapture implements Closeable {

    /**
     * @param maxFileBytes a file is closed and the next begun once it has reached this size
     * @param software     the warcinfo {@code software} field (name and version)
     * @param operator     the warcinfo {@code operator} field (who ran the crawl)
     * @param description  the warcinfo {@code description} field, or null
     */
    public record Settings(long maxFileBytes, String software, String operator, String description) {
    }

    /** A file's committed size, for the caller to persist with its transaction. */
    public record FileState(String file, int sequence, long bytes) {
    }

    private static final Pattern NAME = Pattern.compile("SHENCHA-(.+)-(\\d+)-(\\d{5})\\.warc\\.gz");

    private final Path root;
    private final String siteId;
    private final long runId;
    private final Settings settings;
    private final Path dir;

    private int sequence = 1;
    private FileChannel channel;
    private WarcWriter writer;
    private URI warcinfoId;
    private int markSequence = 1;
    private long markBytes;
    private final Map<Integer, Long> sizesSinceMark = new LinkedHashMap<>();

    public WarcCapture(Path root, String siteId, long runId, Settings settings) {
        if (!siteId.matches("[A-Za-z0-9_.]+")) {
            throw new IllegalArgumentException("a site id for a WARC file name must be letters, digits, _ and .: " + siteId);
        }
        this.root = root;
        this.siteId = siteId;
        this.runId = runId;
        this.settings = settings;
        this.dir = root.resolve(siteId);
    }

    /** The name of a run's file of a given sequence number. */
    public static String fileName(String siteId, long runId, int sequence) {
        return String.format("SHENCHA-%s-%d-%05d.warc.gz", siteId, runId, sequence);
    }

    /** The path of a file named by a {@link WarcLocation}, inside {@code root} (a name leaving it is refused). */
    public static Path resolve(Path root, String file) {
        Path p = root.resolve(file).normalize();
        if (!p.startsWith(root.normalize())) {
            throw new IllegalArgumentException("not a WARC file under " + root + ": " + file);
        }
        return p;
    }

    /**
     * Continues a run after a restart: {@code committedFile} (a {@link WarcLocation#file()} name, or null when nothing
     * was committed) is cut to {@code committedBytes}; the run's later files are deleted.
     */
    public synchronized void resume(String committedFile, long committedBytes) throws IOException {
        int seq = 1;
        long bytes = 0;
        if (committedFile != null) {
            Matcher m = NAME.matcher(Path.of(committedFile).getFileName().toString());
            if (!m.matches()) {
                throw new IllegalArgumentException("not a Shencha WARC file name: " + committedFile);
            }
            seq = Integer.parseInt(m.group(3));
            bytes = committedBytes;
        }
        markSequence = seq;
        markBytes = bytes;
        restoreMark();
    }

    /** Records that everything written so far is committed. */
    public synchronized void mark() throws IOException {
        markSequence = sequence;
        markBytes = channel == null ? currentSize() : channel.position();
        sizesSinceMark.clear();
    }

    /** Cuts off everything written since the last {@link #mark()}. */
    public synchronized void rollback() throws IOException {
        restoreMark();
    }

    /**
     * The files whose size changed since the last {@link #mark()}, with their current sizes: what the caller persists
     * in the same transaction as the results of the fetches recorded. The file being written is forced to disk first:
     * a size the database commits is never ahead of what a power cut leaves on disk (rotated files were forced when
     * they were closed).
     */
    public synchronized List<FileState> pending() throws IOException {
        if (channel != null && !sizesSinceMark.isEmpty()) {
            channel.force(false);
        }
        List<FileState> out = new ArrayList<>();
        for (Map.Entry<Integer, Long> e : sizesSinceMark.entrySet()) {
            out.add(new FileState(relative(e.getKey()), e.getKey(), e.getValue()));
        }
        return out;
    }

    /**
     * Records one exchange: its response record, then its request record (WARC-Concurrent-To the response).
     *
     * @return where the response record starts
     */
    public synchronized WarcLocation write(CapturedExchange exchange) throws IOException {
        openForWriting();
        if (channel.position() >= settings.maxFileBytes()) {
            closeFile();
            sequence++;
            openForWriting();
        }
        byte[] block = concat(exchange.responseHead(), exchange.responseBody());
        WarcResponse.Builder response = new WarcResponse.Builder(exchange.target())
                .date(exchange.date())
                .blockDigest(new WarcDigest(sha1(block)))
                .body(MediaType.HTTP_RESPONSE, block);
        if (warcinfoId != null) {
            response.warcinfoId(warcinfoId);
        }
        if (exchange.address() != null) {
            response.ipAddress(exchange.address());
        }
        if (exchange.payloadSha1() != null) {
            response.payloadDigest(new WarcDigest("sha1", exchange.payloadSha1()));
        }
        if (exchange.truncated() != null) {
            response.truncated(switch (exchange.truncated()) {
                case "length" -> WarcTruncationReason.LENGTH;
                case "time" -> WarcTruncationReason.TIME;
                case "disconnect" -> WarcTruncationReason.DISCONNECT;
                default -> WarcTruncationReason.UNSPECIFIED;
            });
        }
        WarcResponse built = response.build();
        // The channel's position, not WarcWriter.position(): with gzip, jwarc counts from 0 for a file it reopened.
        long offset = channel.position();
        writer.write(built);
        WarcRequest.Builder request = new WarcRequest.Builder(exchange.target())
                .date(exchange.date())
                .concurrentTo(built.id())
                .blockDigest(new WarcDigest(sha1(exchange.request())))
                .body(MediaType.HTTP_REQUEST, exchange.request());
        if (warcinfoId != null) {
            request.warcinfoId(warcinfoId);
        }
        if (exchange.address() != null) {
            request.ipAddress(exchange.address());
        }
        writer.write(request.build());
        sizesSinceMark.put(sequence, channel.position());
        return new WarcLocation(relative(sequence), offset);
    }

    @Override
    public synchronized void close() throws IOException {
        closeFile();
    }

    // ---- files ----

    private String relative(int seq) {
        return siteId + "/" + fileName(siteId, runId, seq);
    }

    private Path path(int seq) {
        return dir.resolve(fileName(siteId, runId, seq));
    }

    private long currentSize() throws IOException {
        Path p = path(sequence);
        return Files.exists(p) ? Files.size(p) : 0;
    }

    private void restoreMark() throws IOException {
        closeFile();
        sizesSinceMark.clear();
        if (Files.isDirectory(dir)) {
            String prefix = "SHENCHA-" + siteId + "-" + runId + "-";
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + "*.warc.gz")) {
                for (Path f : files) {
                    Matcher m = NAME.matcher(f.getFileName().toString());
                    if (m.matches() && Long.parseLong(m.group(2)) == runId && Integer.parseInt(m.group(3)) > markSequence) {
                        Files.delete(f);
                    }
                }
            }
        }
        sequence = markSequence;
        Path p = path(sequence);
        if (Files.exists(p)) {
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                if (ch.size() > markBytes) {
                    ch.truncate(markBytes);
                }
            }
        }
    }

    private void openForWriting() throws IOException {
        if (writer != null) {
            return;
        }
        cn.shencha.writers.files.PrivateFiles.directories(dir);
        Path p = path(sequence);
        channel = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        cn.shencha.writers.files.PrivateFiles.secure(p);
        long size = channel.size();
        channel.position(size);
        writer = new WarcWriter(channel, WarcCompression.GZIP);
        if (size == 0) {
            Map<String, List<String>> fields = new LinkedHashMap<>();
            fields.put("software", List.of(settings.software()));
            fields.put("format", List.of("WARC File Format 1.1"));
            fields.put("operator", List.of(settings.operator()));
            fields.put("isPartOf", List.of("shencha-site-" + siteId));
            if (settings.description() != null && !settings.description().isBlank()) {
                fields.put("description", List.of(settings.description().replaceAll("[\\r\\n]+", " ")));
            }
            fields.put("robots", List.of("obey"));
            Warcinfo info = new Warcinfo.Builder().filename(p.getFileName().toString()).fields(fields).build();
            writer.write(info);
            warcinfoId = info.id();
            sizesSinceMark.put(sequence, channel.position());
        } else {
            warcinfoId = readWarcinfoId(p).orElse(null);
        }
    }

    private static Optional<URI> readWarcinfoId(Path file) throws IOException {
        try (WarcReader reader = new WarcReader(file)) {
            Optional<WarcRecord> first = reader.next();
            return first.filter(r -> r instanceof Warcinfo).map(WarcRecord::id);
        }
    }

    private void closeFile() throws IOException {
        if (writer != null) {
            try {
                channel.force(false);
                writer.close();
            } finally {
                writer = null;
                channel = null;
                warcinfoId = null;
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + (b == null ? 0 : b.length)];
        System.arraycopy(a, 0, out, 0, a.length);
        if (b != null) {
            System.arraycopy(b, 0, out, a.length, b.length);
        }
        return out;
    }

    private static MessageDigest sha1(byte[] bytes) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            md.update(bytes);
            return md;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
