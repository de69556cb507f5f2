package cn.shencha.jobs.cli.analysis;

import cn.shencha.jobs.cli.ShenchaCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code shencha eval} on a file of labelled typos, and {@code shencha analyze}'s suggested corrections. */
class EvalTyposTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ShenchaCli.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void scoresTypoDetectionOnTheBenchmarkFormat(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("typos.jsonl");
        Files.writeString(file, """
                {"id": "t1", "text": "区政府召开常务会议，研究部署安全生厂工作。", "correct": "区政府召开常务会议，研究部署安全生产工作。", "typos": [{"start": 17, "end": 18, "wrong": "厂", "right": "产"}]}
                {"id": "t2", "text": "推动经济高质量发展，加快建设现代化产业体系。", "correct": "推动经济高质量发展，加快建设现代化产业体系。", "typos": []}
                {"id": "t3", "text": "各单位要认真落实安全生产责任制。", "correct": "各单位要认真落实安全生产责任制。", "typos": []}
                """);
        assertThat(run("eval", file.toString(), "--misses")).isEqualTo(0);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("sentence (detection)").contains("character").contains("typo-free sentences flagged: 0 of 2 (0.000)")
                .contains("sentences: 3");
        assertThat(text.lines().filter(l -> l.startsWith("character")).findFirst().orElseThrow())
                .matches("character\\s+1\\s+1\\s+1\\s+1\\.000\\s+1\\.000\\s+1\\.000");
    }

    @Test
    void aMalformedTypoNamesItsLine(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("bad.jsonl");
        Files.writeString(file, """
                {"id": "t1", "text": "甲乙丙", "correct": "甲乙丙", "typos": []}
                {"id": "t2", "text": "甲乙丙", "correct": "甲乙丁", "typos": [{"start": 2, "end": 9, "wrong": "丙", "right": "丁"}]}
                """);
        assertThat(run("eval", file.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(file + ":2:");
    }

    @Test
    void analyzePrintsTheSuggestedCorrection() {
        assertThat(run("analyze", "--text", "区长陈立新主持召开会议，研究部署安全生厂工作。")).isEqualTo(0);
        String json = out.toString(StandardCharsets.UTF_8);
        assertThat(json).contains("\"category\":\"SERIOUS_WORDING\"").contains("\"suggestion\":\"区委书记\"")
                .contains("\"category\":\"TYPO\"").contains("\"suggestion\":\"产\"");
    }
}
