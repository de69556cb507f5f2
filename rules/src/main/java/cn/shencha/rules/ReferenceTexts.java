package cn.shencha.rules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Locates the project's reference texts (the regulation and the labeled corpora) for evaluation and benchmarks: first
 * {@code $SHENCHA_SHARED/<name>}, then {@code shared/<name>} in the working directory or any parent (the master copy
 * beside the repository), then {@code reference/<name>} likewise (the copy committed with the repository, see
 * {@code reference/README.md}).
 */
public final class ReferenceTexts {

    private ReferenceTexts() {
    }

    /** The file for a name such as {@code corpus/dev.jsonl} or {@code domain/regulation.txt}, if found. */
    public static Optional<Path> find(String name) {
        String env = System.getenv("SHENCHA_SHARED");
        if (env != null && !env.isBlank() && Files.isRegularFile(Path.of(env).resolve(name))) {
            return Optional.of(Path.of(env).resolve(name));
        }
        for (String folder : new String[] {"shared", "reference"}) {
            for (Path base = Path.of("").toAbsolutePath(); base != null; base = base.getParent()) {
                Path candidate = base.resolve(folder).resolve(name);
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A part of the project's labeled corpus, such as {@code tune} or {@code validation}: the file
     * {@code corpus/<part>.jsonl} if found (as {@link #find} looks), else the files {@code corpus/<part>-*.jsonl}
     * (parts written separately, e.g. tune-a.jsonl, tune-b.jsonl) of the first corpus folder that has any, sorted by
     * name; empty when there is neither.
     */
    public static java.util.List<Path> corpusPart(String part) {
        Optional<Path> whole = find("corpus/" + part + ".jsonl");
        if (whole.isPresent()) {
            return java.util.List.of(whole.get());
        }
        java.util.List<Path> folders = new java.util.ArrayList<>();
        String env = System.getenv("SHENCHA_SHARED");
        if (env != null && !env.isBlank()) {
            folders.add(Path.of(env).resolve("corpus"));
        }
        for (String folder : new String[] {"shared", "reference"}) {
            for (Path base = Path.of("").toAbsolutePath(); base != null; base = base.getParent()) {
                folders.add(base.resolve(folder).resolve("corpus"));
            }
        }
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (java.util.stream.Stream<Path> files = Files.list(folder)) {
                java.util.List<Path> parts = files.filter(f -> {
                    String n = f.getFileName().toString();
                    return n.startsWith(part + "-") && n.endsWith(".jsonl") && Files.isRegularFile(f);
                }).sorted().toList();
                if (!parts.isEmpty()) {
                    return parts;
                }
            } catch (java.io.IOException e) {
                // an unreadable folder holds no part
            }
        }
        return java.util.List.of();
    }

    /** Like {@link #find} but fails with the places it looked. */
    public static Path require(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException(
                name + " not found in $SHENCHA_SHARED, in a shared/ folder or in the repository's reference/ folder"));
    }
}
