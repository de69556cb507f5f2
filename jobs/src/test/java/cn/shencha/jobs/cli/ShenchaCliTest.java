package cn.shencha.jobs.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShenchaCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ShenchaCli.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void unknownCommandIsOneLineAndExitTwo() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err()).isEqualTo("error: unknown command 'frobnicate' (see shencha --help)" + System.lineSeparator());
    }

    @Test
    void unknownOptionIsOneLineAndExitTwo() {
        assertThat(run("audit", "--site", "http://example.org/", "--bogus")).isEqualTo(2);
        assertThat(err().lines()).containsExactly("error: audit: unknown option --bogus (see shencha audit --help)");
    }

    @Test
    void archiveCommandsRefuseBadInputInOneLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        assertThat(run("archive")).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("shencha archive package --from DATE --to DATE");
        assertThat(run("archive", "package", "--from", "2026-11-01")).isEqualTo(2);
        assertThat(err().lines()).last().asString().isEqualTo("error: archive package: --to is required (see shencha archive --help)");
        assertThat(run("archive", "package", "--from", "2026-11-31", "--to", "2026-11-30")).isEqualTo(2);
        assertThat(err().lines()).last().asString().contains("must be a date YYYY-MM-DD, not '2026-11-31'");
        assertThat(run("archive", "pack")).isEqualTo(2);
        assertThat(err().lines()).last().asString().contains("unknown sub-command 'pack'");
        assertThat(run("archive", "verify", tmp.resolve("missing").toString())).isEqualTo(2);
        assertThat(err().lines()).last().asString().startsWith("error: archive verify: no such directory");
        // Not a bag: without a database, one line per failed item, exit 1 and a one-line error.
        java.nio.file.Path notABag = java.nio.file.Files.createDirectories(tmp.resolve("not-a-bag"));
        assertThat(run("archive", "verify", notABag.toString(), "--no-database", "--json", tmp.resolve("r.json").toString())).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("FAIL  完整性 integrity").contains("bag structure").contains("bagit.txt");
        assertThat(err().lines()).last().asString().startsWith("error: archive verify: ").contains("FAILED");
        assertThat(tmp.resolve("r.json")).content().contains("\"passed\" : false");
        // A database that cannot be opened (a damaged H2 file): a note, then the check without it.
        java.nio.file.Path data = tmp.resolve("data");
        java.nio.file.Files.createDirectories(data.resolve("db"));
        java.nio.file.Files.writeString(data.resolve("db/shencha.mv.db"), "not a database");
        out.reset();
        assertThat(run("--data", data.toString(), "archive", "verify", notABag.toString(), "--json", tmp.resolve("r2.json").toString()))
                .isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("note: the database cannot be reached").contains("FAIL  完整性 integrity");
    }

    @Test
    void missingSiteIsABadInput() {
        assertThat(run("audit")).isEqualTo(2);
        assertThat(err()).contains("--site URL is required");
    }

    @Test
    void badUrlsAreRefused() {
        assertThat(run("audit", "--site", "ftp://example.org/")).isEqualTo(2);
        assertThat(err()).contains("only http and https");
    }

    @Test
    void loopbackSiteNeedsAllowPrivate() {
        assertThat(run("audit", "--site", "http://127.0.0.1:9/")).isEqualTo(2);
        assertThat(err().lines()).singleElement().asString().contains("--allow-private");
    }

    @Test
    void unreachableSiteFailsWithOneLine() {
        assertThat(run("audit", "--site", "http://127.0.0.1:9/", "--allow-private")).isEqualTo(1);
        assertThat(err().lines()).singleElement().asString().startsWith("error: cannot reach http://127.0.0.1:9/");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("demo", "audit", "search", "replay", "status", "serve", "analyze", "eval", "report",
                "reading-log", "duty-roster", "console", "ledger", "verify-trail", "user")) {
            out.reset();
            assertThat(run(command, "--help")).as(command).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).as(command).startsWith("Usage: shencha " + command);
        }
        assertThat(run("--help")).isZero();
    }

    @Test
    void evalScoresAFileByCategoryAndBySubtype(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("labeled.jsonl");
        java.nio.file.Files.writeString(file, String.join("\n",
                "{\"id\": \"1\", \"text\": \"秘密★1年\\n关于2026年重点工作的请示\", \"labels\": [\"RESTRICTED_DOC\"], \"subtypes\": [\"RESTRICT-CLASS\"]}",
                "{\"id\": \"2\", \"text\": \"培训中以“绝密★启用前”为例讲解密级标志的识别。\", \"labels\": [], \"subtypes\": [\"NEG-RESTRICT-META\"]}",
                "{\"id\": \"3\", \"text\": \"区政府发放惠民消费券。\", \"labels\": []}"), StandardCharsets.UTF_8);
        assertThat(run("eval", file.toString())).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("RESTRICTED_DOC       1     0     0     1.000   1.000   1.000");
        assertThat(printed).containsPattern("RESTRICT-CLASS +RESTRICTED_DOC +1 +1 +1 +1\\.000 +1 +0 +1\\.000");
        assertThat(printed).containsPattern("NEG-RESTRICT-META +RESTRICTED_DOC +1 .*flagged 0");
    }

    @Test
    void evalWithTwoFilesIsABadInput() {
        assertThat(run("eval", "a.jsonl", "b.jsonl")).isEqualTo(2);
        assertThat(err()).contains("give one labeled JSON Lines file, or none");
    }

    @Test
    void reportAndReadingLogRefuseBadInputBeforeStarting() {
        assertThat(run("report", "--week", "2026-47")).isEqualTo(2);
        assertThat(err()).contains("not an ISO week (YYYY-Www");
        err.reset();
        assertThat(run("report", "--format", "docx")).isEqualTo(2);
        assertThat(err()).contains("unknown format 'docx' (pdf or xlsx)");
        err.reset();
        assertThat(run("report", "--again")).isEqualTo(2);
        assertThat(err()).contains("--again goes with --archive");
        err.reset();
        assertThat(run("reading-log", "--from", "2026-11-31")).isEqualTo(2);
        assertThat(err()).contains("not a date (YYYY-MM-DD): '2026-11-31'");
        err.reset();
        assertThat(run("duty-roster", "frobnicate")).isEqualTo(2);
        assertThat(err()).contains("unknown action 'frobnicate'");
        err.reset();
        assertThat(run("user", "unlock")).isEqualTo(2);
        assertThat(err()).contains("unlock needs one user name");
    }

    @Test
    void dataDirectoryOptionIsTakenFromAnywhere() {
        List<String> args = new ArrayList<>(List.of("search", "--data", "/tmp/x", "政府"));
        assertThat(ShenchaCli.extractDataDir(args)).isEqualTo(Path.of("/tmp/x"));
        assertThat(args).containsExactly("search", "政府");
    }
}
