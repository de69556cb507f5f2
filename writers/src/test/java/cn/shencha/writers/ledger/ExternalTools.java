package cn.shencha.writers.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * Runs poppler-utils (pdftotext, pdftoppm, pdffonts, pdfsig) for the ledger and report tests. A missing tool fails the test with
 * a message saying what to install: these checks are part of the acceptance of the ledgers and must not be skipped.
 */
public final class ExternalTools {

    public record Result(int exitCode, String output) {
    }

    private ExternalTools() {
    }

    public static Result run(String tool, String... args) throws IOException, InterruptedException {
        requireTool(tool);
        List<String> command = new ArrayList<>();
        command.add(tool);
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(tool + " did not finish within 120 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    public static void requireTool(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        fail(tool + " is not installed: the ledger tests need poppler-utils "
                + "(Debian/Ubuntu: apt-get install -y poppler-utils)");
    }
}
