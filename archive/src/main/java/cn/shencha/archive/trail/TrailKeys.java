package cn.shencha.archive.trail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The audit trail's HMAC keys (ADR 12), kept in a file outside the database ({@code DATA/keys/trail-hmac.keys}, mode
 * 0600, or {@code shencha.trail.key-file}): one key a line, {@code <key id> <base64 of 32 random bytes>}, lines
 * starting with {@code #} ignored. The last line makes new rows; every earlier line still verifies the rows made with
 * it, since each row stores its key id. Rotation: append a new line (see ADR 12); never delete one.
 */
public final class TrailKeys {

    private final Path file;
    private final Map<String, byte[]> keys;
    private final String currentId;

    private TrailKeys(Path file, Map<String, byte[]> keys, String currentId) {
        this.file = file;
        this.keys = keys;
        this.currentId = currentId;
    }

    /** The keys of an existing file. */
    public static TrailKeys load(Path file) throws IOException {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        String last = null;
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split("\\s+");
            byte[] key;
            try {
                key = parts.length == 2 ? Base64.getDecoder().decode(parts[1]) : null;
            } catch (IllegalArgumentException e) {
                key = null;
            }
            if (key == null || key.length < 16) {
                throw new IOException("trail key file " + file + ", line " + lineNo + ": not '<key id> <base64 key of at least 16 bytes>'");
            }
            keys.put(parts[0], key);
            last = parts[0];
        }
        if (last == null) {
            throw new IOException("trail key file " + file + " holds no key");
        }
        return new TrailKeys(file, keys, last);
    }

    /** The keys of the file, which is created (mode 0600, one new random key) when it does not exist. */
    public static TrailKeys loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            Path dir = file.toAbsolutePath().getParent();
            cn.shencha.writers.files.PrivateFiles.directories(dir);
            Path tmp = dir.resolve("." + file.getFileName() + "." + Long.toHexString(new SecureRandom().nextLong()) + ".tmp");
            try {
                try {
                    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(tmp);
                }
                Files.writeString(tmp, "# Shencha audit-trail HMAC keys (ADR 12): <key id> <base64 key>. The last line signs new rows;\n"
                        + "# keep every earlier line: it verifies the rows made with it. Keep this file secret and backed up.\n"
                        + newLine(), StandardCharsets.UTF_8);
                try {
                    Files.createLink(file, tmp); // atomic, and fails when another process created the file first
                } catch (FileAlreadyExistsException e) {
                    // another process was first: use its key
                } catch (UnsupportedOperationException | IOException e) {
                    if (!Files.exists(file)) {
                        Files.move(tmp, file);
                    }
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return load(file);
    }

    /** A new key line: id {@code tYYYYMMDD-<8 hex>} and 32 random bytes. */
    public static String newLine() {
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[32];
        random.nextBytes(key);
        byte[] id = new byte[4];
        random.nextBytes(id);
        return "t" + LocalDate.now(ZoneOffset.UTC).toString().replace("-", "") + "-" + HexFormat.of().formatHex(id) + " "
                + Base64.getEncoder().encodeToString(key) + "\n";
    }

    public Path file() {
        return file;
    }

    /** The id of the key new rows are made with (the file's last line). */
    public String currentId() {
        return currentId;
    }

    public byte[] current() {
        return keys.get(currentId).clone();
    }

    /** The key of an id, or null when the file does not hold it. */
    public byte[] key(String id) {
        byte[] k = keys.get(id);
        return k == null ? null : k.clone();
    }
}
