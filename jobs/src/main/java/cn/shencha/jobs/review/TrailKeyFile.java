package cn.shencha.jobs.review;

import cn.shencha.archive.trail.TrailKeys;
import cn.shencha.jobs.config.ShenchaProperties;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * Where the audit trail's HMAC keys are ({@code shencha.trail.key-file}, default {@code DATA/keys/trail-hmac.keys}):
 * outside the database, so that a database writer cannot recompute the chain. Generated (mode 0600) on first use;
 * re-read when the file changes (a rotation appends a line, see ADR 12).
 */
@Component
public class TrailKeyFile {

    private final Path file;
    private volatile TrailKeys keys;
    private volatile FileTime loaded;

    public TrailKeyFile(ShenchaProperties properties) {
        Path configured = properties.trail().keyFile();
        this.file = configured == null || configured.toString().isBlank()
                ? properties.data().resolve("keys").resolve("trail-hmac.keys") : configured;
    }

    public Path path() {
        return file;
    }

    /** The keys, the file generated first when it does not exist. */
    public TrailKeys keys() {
        try {
            TrailKeys k = keys;
            if (k == null || !Files.getLastModifiedTime(file).equals(loaded)) {
                synchronized (this) {
                    k = TrailKeys.loadOrCreate(file);
                    loaded = Files.getLastModifiedTime(file);
                    keys = k;
                }
            }
            return k;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit-trail key file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The keys when the file exists (verification generates nothing), else null. */
    public TrailKeys existing() {
        return Files.exists(file) ? keys() : null;
    }
}
