package cn.shencha.archive.bag;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 fixity of files, in lower-case hex as the manifests write it. */
public final class Fixity {

    private Fixity() {
    }

    /** The SHA-256 of a whole file. */
    public static String sha256(Path file) throws IOException {
        return sha256(file, Long.MAX_VALUE);
    }

    /** The SHA-256 of the first {@code bytes} bytes of a file (all of it when it is shorter). */
    public static String sha256(Path file, long bytes) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            long left = bytes;
            while (left > 0) {
                buf.limit((int) Math.min(buf.capacity(), left));
                int n = ch.read(buf);
                if (n <= 0) {
                    break;
                }
                buf.flip();
                md.update(buf);
                buf.clear();
                left -= n;
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
