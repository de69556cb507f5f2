package cn.shencha.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RulePackTest {

    private static String defaultYaml() {
        return SecrecyAnalyzer.defaultPackSource().yaml();
    }

    private static int lineOf(String yaml, String needle) {
        String before = yaml.substring(0, yaml.indexOf(needle));
        return (int) before.chars().filter(c -> c == '\n').count() + 1;
    }

    @Test
    void defaultPackLoadsWithEveryRule() {
        RulePack pack = RulePack.parse(List.of(SecrecyAnalyzer.defaultPackSource()));
        assertThat(pack.rules()).containsKeys("ECON-STATUS", "CASE-NUMBER", "HIST-QUOTE", "RESTRICT-CLASS", "SECRET-CREDENTIAL",
                "PI-ID", "PI-HEALTH", "PI-IDENTITY", "PI-MINOR", "PI-ADDRESS", "AD-PRICE", "AD-GIFT", "AD-MEDICAL", "AD-CONTACT", "AD-PROMO",
                "SPAM-GAMBLING", "SPAM-PORN", "SPAM-FRAUD", "SPAM-CERT", "SPAM-LOAN", "SPAM-SURROGACY", "SPAM-OTHER");
        assertThat(pack.rules().values()).allSatisfy(r -> assertThat(r.description()).isNotBlank());
    }

    @Test
    void badSeverityNamesFileAndLine() {
        String yaml = defaultYaml().replaceFirst("severity: LOW", "severity: URGENT");
        int line = lineOf(yaml, "severity: URGENT");
        assertThatThrownBy(() -> RulePack.parse(List.of(new RulePack.Source("my-pack.yml", yaml))))
                .isInstanceOf(RulePackException.class)
                .hasMessage("my-pack.yml:" + line + ": history_wording.rules.HIST-FORM.severity: severity must be LOW, MEDIUM or HIGH, got 'URGENT'");
    }

    @Test
    void unknownKeyNamesFileAndLine() {
        String yaml = defaultYaml().replace("  window: 60", "  windw: 60");
        int line = lineOf(yaml, "windw");
        assertThatThrownBy(() -> RulePack.parse(List.of(new RulePack.Source("p.yml", yaml))))
                .hasMessageStartingWith("p.yml:" + line + ": econ_unreleased: unknown key 'windw'");
    }

    @Test
    void brokenYamlNamesFileAndLine() {
        String yaml = defaultYaml().replace("  window: 60", "  window: [60");
        assertThatThrownBy(() -> RulePack.parse(List.of(new RulePack.Source("p.yml", yaml))))
                .isInstanceOf(RulePackException.class)
                .hasMessageMatching("p\\.yml:\\d+: not valid YAML: .*");
    }

    @Test
    void missingRuleIsReported() {
        String yaml = defaultYaml().replace("    AD-PROMO:", "    AD-OTHER:");
        assertThatThrownBy(() -> RulePack.parse(List.of(new RulePack.Source("p.yml", yaml))))
                .hasMessageContaining("missing rule 'AD-PROMO'");
    }

    @Test
    void emptyFileIsReported() {
        assertThatThrownBy(() -> RulePack.parse(List.of(new RulePack.Source("empty.yml", ""))))
                .hasMessage("empty.yml:1: the file is empty");
    }

    @Test
    void anEditedPackIsPickedUpWithoutRestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pack.yml");
        Files.writeString(file, defaultYaml(), StandardCharsets.UTF_8);
        SecrecyAnalyzer analyzer = SecrecyAnalyzer.fromPackDirectory(dir);
        String text = "区图书馆举办讲座。银河娱乐 百家乐";
        assertThat(analyzer.analyze(text).labels()).containsExactly(Category.HIDDEN_LINK);

        Files.writeString(file, defaultYaml().replace("gambling_terms: [百家乐,", "gambling_terms: [").replace("银河娱乐, ", "")
                .replace("model_threshold: 1.5", "model_threshold: 8.0"), StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        Thread.sleep(1100);
        assertThat(analyzer.analyze(text).labels()).isEmpty();

        Files.writeString(file, "pack: [broken", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        Thread.sleep(1100);
        assertThat(analyzer.analyze(text).labels()).as("the last good pack stays in force").isEmpty();
        assertThat(analyzer.lastReloadError()).startsWith(file + ":");
    }
}
