package cn.shencha.archive.bag;

import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCaptureRecord;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * One pass over a gzipped WARC file (one gzip member per record, as WARC files are written): every member inflated
 * once, its CRC-32 and length checked, its record parsed with jwarc, and what the CDXJ index and the page metadata
 * need kept per record, by the member's offset. Packaging and verification each read a WARC file through this once.
 */
final class WarcScan {

    /** Records larger than this (inflated) are refused rather than held in memory. */
    static final int MAX_RECORD_BYTES = 512 * 1024 * 1024;

    /**
     * One record: where its gzip member is, and what it says.
     *
     * @param payloadSha1 base32 SHA-1 of the transfer-decoded HTTP payload as computed now (responses without a
     *                    content coding), else null
     */
    record Entry(long offset, long length, String type, String id, String target, Instant date, String payloadDigest,
                 Integer status, String mime, String payloadSha1) {
        boolean capture() {
            return !type.equals("warcinfo") && !type.equals("request") && target != null;
        }
    }

    private WarcScan() {
    }

    /** Scans a file, recomputing each response payload's SHA-1. */
    static List<Entry> scan(Path file) throws IOException {
        return scan(file, true);
    }

    /** @param payloadDigests whether to recompute each response payload's SHA-1 (verification does; indexing need not) */
    static List<Entry> scan(Path file, boolean payloadDigests) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Input in = new Input(ch);
            Inflater inflater = new Inflater(true);
            byte[] member = new byte[1 << 20];
            try {
                while (in.available()) {
                    long start = in.position();
                    header(in, start);
                    inflater.reset();
                    CRC32 crc = new CRC32();
                    int size = 0;
                    while (!inflater.finished()) {
                        if (inflater.needsInput()) {
                            ByteBuffer b = in.fill();
                            if (b == null) {
                                throw new IOException("the gzip member at offset " + start + " is truncated");
                            }
                            inflater.setInput(b.array(), b.position(), b.remaining());
                        }
                        if (member.length - size < (1 << 16)) {
                            if (member.length >= MAX_RECORD_BYTES) {
                                throw new IOException("the record at offset " + start + " is larger than " + MAX_RECORD_BYTES + " bytes");
                            }
                            member = java.util.Arrays.copyOf(member, Math.min(MAX_RECORD_BYTES, member.length * 2));
                        }
                        int n;
                        try {
                            n = inflater.inflate(member, size, member.length - size);
                        } catch (DataFormatException e) {
                            throw new IOException("the gzip member at offset " + start + " is damaged: " + e.getMessage());
                        }
                        if (n == 0 && inflater.needsDictionary()) {
                            throw new IOException("the gzip member at offset " + start + " needs a dictionary");
                        }
                        crc.update(member, size, n);
                        size += n;
                    }
                    in.consumed(inflater.getRemaining());
                    long storedCrc = in.readIntLE() & 0xffffffffL;
                    long storedSize = in.readIntLE() & 0xffffffffL;
                    if (storedCrc != crc.getValue()) {
                        throw new IOException("the gzip member at offset " + start + " fails its CRC-32 (the bytes were changed)");
                    }
                    if (storedSize != (size & 0xffffffffL)) {
                        throw new IOException("the gzip member at offset " + start + " has the wrong length");
                    }
                    entries.add(parse(member, size, start, in.position() - start, payloadDigests));
                }
            } finally {
                inflater.end();
            }
        }
        if (entries.isEmpty()) {
            throw new IOException("no records");
        }
        return entries;
    }

    private static Entry parse(byte[] bytes, int size, long offset, long length, boolean payloadDigests) throws IOException {
        try (WarcReader reader = new WarcReader(new ByteArrayInputStream(bytes, 0, size))) {
            WarcRecord r = reader.next().orElseThrow(() -> new IOException("no WARC record in the gzip member at offset " + offset));
            String target = r instanceof WarcCaptureRecord c ? c.target() : null;
            String digest = r instanceof WarcCaptureRecord c ? c.payloadDigest().map(d -> d.algorithm() + ":" + d.base32()).orElse(null) : null;
            Integer status = null;
            String mime = r instanceof WarcRevisit ? "warc/revisit" : "unk";
            String sha1 = null;
            if (r instanceof WarcResponse response) {
                HttpResponse http = response.http();
                status = http.status();
                MediaType type = http.contentType();
                mime = type == null ? "unk" : type.base().toString();
                boolean encoded = http.headers().first("Content-Encoding").isPresent();
                if (!encoded && payloadDigests) {
                    MessageDigest md = sha1();
                    try (InputStream body = http.bodyDecoded().stream()) {
                        byte[] buf = new byte[1 << 16];
                        int n;
                        while ((n = body.read(buf)) > 0) {
                            md.update(buf, 0, n);
                        }
                    }
                    sha1 = base32(md.digest());
                }
            } else if (r instanceof WarcCaptureRecord && !(r instanceof WarcRequest) && !(r instanceof WarcRevisit)) {
                mime = r.contentType().base().toString();
            }
            return new Entry(offset, length, r.type(), r.id().toString(), target, r.date(), digest, status, mime, sha1);
        }
    }

    /** The gzip member header (RFC 1952), skipped after checking it is one. */
    private static void header(Input in, long start) throws IOException {
        int id1 = in.readByte();
        int id2 = in.readByte();
        int cm = in.readByte();
        if (id1 != 0x1f || id2 != 0x8b || cm != 8) {
            throw new IOException("no gzip member at offset " + start + " (not a gzipped WARC record)");
        }
        int flags = in.readByte();
        in.skip(6);
        if ((flags & 4) != 0) {
            int xlen = in.readByte() | (in.readByte() << 8);
            in.skip(xlen);
        }
        if ((flags & 8) != 0) {
            while (in.readByte() != 0) {
                // file name
            }
        }
        if ((flags & 16) != 0) {
            while (in.readByte() != 0) {
                // comment
            }
        }
        if ((flags & 2) != 0) {
            in.skip(2);
        }
    }

    /** A buffered reader of the file that knows its position. */
    private static final class Input {
        private final FileChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        private long bufStart;

        Input(FileChannel ch) throws IOException {
            this.ch = ch;
            buf.flip();
            bufStart = 0;
        }

        long position() {
            return bufStart + buf.position();
        }

        boolean available() throws IOException {
            return buf.hasRemaining() || refill();
        }

        private boolean refill() throws IOException {
            long pos = position();
            buf.compact();
            int n = ch.read(buf);
            buf.flip();
            bufStart = pos;
            return n > 0 || buf.hasRemaining();
        }

        /** The unread bytes (refilled when empty), handed to the inflater and consumed; null at the end. */
        ByteBuffer fill() throws IOException {
            if (!buf.hasRemaining() && !refill()) {
                return null;
            }
            ByteBuffer view = buf.duplicate();
            buf.position(buf.limit());
            return view;
        }

        /** The inflater left {@code remaining} bytes of the last fill unused: step back over them. */
        void consumed(int remaining) {
            buf.position(buf.position() - remaining);
        }

        int readByte() throws IOException {
            if (!available()) {
                throw new IOException("unexpected end of the gzip stream at offset " + position());
            }
            return buf.get() & 0xff;
        }

        int readIntLE() throws IOException {
            return readByte() | (readByte() << 8) | (readByte() << 16) | (readByte() << 24);
        }

        void skip(int n) throws IOException {
            for (int i = 0; i < n; i++) {
                readByte();
            }
        }
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String base32(byte[] bytes) {
        final String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder sb = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                sb.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        }
        return sb.toString();
    }
}
