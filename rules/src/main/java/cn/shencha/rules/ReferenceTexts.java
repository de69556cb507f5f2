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

    /** Like {@link #find} but fails with the places it looked. */
    public static Path require(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException(
                name + " not found in $SHENCHA_SHARED, in a shared/ folder or in the repository's reference/ folder"));
    }
}
