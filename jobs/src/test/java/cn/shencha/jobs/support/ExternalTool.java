package cn.shencha.jobs.support;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs a command-line tool the tests check files with (poppler's pdftotext, pdfsig, pdftoppm) and returns its output. */
public final class ExternalTool {

    private ExternalTool() {
    }

    /** Standard output and error of the command, once it has ended (within two minutes). */
    public static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
            return out;
        }
    }
}
