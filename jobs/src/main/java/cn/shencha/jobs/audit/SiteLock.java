package cn.shencha.jobs.audit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Only one audit of a site runs at a time on this data directory. The lock is an OS file lock, so it dies with its
 * process: after a kill -9 the next run takes it at once and knows the run it finds unfinished is dead, not running.
 */
public final class SiteLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private SiteLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the site's lock, or returns empty when another run (in this or another process) holds it. */
    public static Optional<SiteLock> tryAcquire(Path dataDir, String siteId) throws IOException {
        Path file = dataDir.resolve("locks").resolve("site-" + siteId + ".lock");
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(new SiteLock(channel, lock));
        } catch (OverlappingFileLockException e) {
            channel.close();
            return Optional.empty();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
