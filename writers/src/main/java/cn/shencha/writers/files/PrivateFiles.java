package cn.shencha.writers.files;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The one place that decides who may read what Shencha writes: the data directory and everything under it (database,
 * WARC, ledgers, reports, packages, logs, keys, runs) belongs to the account Shencha runs as alone — directories 0700,
 * files 0600 (0700 when they were executable, like the search node's launch scripts). Java has no process umask, so
 * directories are created through {@link #directories}, files through {@link #newOutputStream} / {@link #writeString},
 * and what other libraries wrote (H2, logback) is put right by {@link #secureTree} at start-up and after a package is
 * written. On a file system without POSIX permissions every method leaves modes alone.
 */
public final class PrivateFiles {

    /** rwx------ */
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** rw------- */
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** Creates the directory and its missing parents 0700 (existing ones are left as they are); returns it. */
    public static Path directories(Path dir) {
        try {
            Path absolute = dir.toAbsolutePath();
            if (Files.isDirectory(absolute)) {
                return dir;
            }
            Path parent = absolute.getParent();
            if (parent != null && !Files.exists(parent)) {
                directories(parent);
            }
            if (posix(parent == null ? absolute : parent)) {
                try {
                    Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(DIRECTORY));
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    return dir;
                }
                Files.setPosixFilePermissions(absolute, DIRECTORY); // the umask may have narrowed it; never widened
            } else {
                Files.createDirectories(absolute);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory " + dir, e);
        }
    }

    /** Opens a file for writing (created 0600 when new; an existing file is narrowed to 0600), its directory created. */
    public static OutputStream newOutputStream(Path file, OpenOption... options) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            directories(parent);
        }
        Set<OpenOption> opts = new java.util.HashSet<>(java.util.Arrays.asList(options));
        if (opts.isEmpty()) {
            opts.addAll(Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
        }
        opts.add(StandardOpenOption.WRITE);
        FileAttribute<?>[] attrs = posix(parent) ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(FILE)}
                : new FileAttribute<?>[0];
        OutputStream out = Channels.newOutputStream(Files.newByteChannel(file, opts, attrs));
        secure(file);
        return out;
    }

    /** Writes a text file 0600 (UTF-8). */
    public static Path writeString(Path file, String text) throws IOException {
        try (OutputStream out = newOutputStream(file)) {
            out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return file;
    }

    /** Narrows one file (0600, or 0700 when executable) or directory (0700); symbolic links are left alone. */
    public static void secure(Path path) throws IOException {
        if (!posix(path) || Files.isSymbolicLink(path)) {
            return;
        }
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> wanted;
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            wanted = DIRECTORY;
        } else if (now.contains(PosixFilePermission.OWNER_EXECUTE) || now.contains(PosixFilePermission.GROUP_EXECUTE)
                || now.contains(PosixFilePermission.OTHERS_EXECUTE)) {
            wanted = EXECUTABLE;
        } else {
            wanted = FILE;
        }
        if (!now.equals(wanted)) {
            Files.setPosixFilePermissions(path, EnumSet.copyOf(wanted));
        }
    }

    /**
     * Narrows a whole tree (the data directory at start-up, a package after it was written): every directory 0700,
     * every file 0600 (0700 when executable). Symbolic links are not followed. Returns how many entries were changed.
     */
    public static int secureTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS) || !posix(root)) {
            return 0;
        }
        int[] changed = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    changed[0] += narrow(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile() || attrs.isDirectory()) {
                        changed[0] += narrow(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // vanished meanwhile (a temporary file), or not ours to read
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict the permissions under " + root, e);
        }
        return changed[0];
    }

    private static int narrow(Path p) throws IOException {
        try {
            Set<PosixFilePermission> before = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            secure(p);
            return before.equals(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)) ? 0 : 1;
        } catch (java.nio.file.NoSuchFileException e) {
            return 0; // a temporary file gone meanwhile
        }
    }

    private static boolean posix(Path p) {
        Path probe = p == null ? Path.of(".") : p;
        while (probe != null && !Files.exists(probe)) {
            probe = probe.toAbsolutePath().getParent();
        }
        return probe != null && Files.getFileAttributeView(probe, java.nio.file.attribute.PosixFileAttributeView.class) != null;
    }
}
