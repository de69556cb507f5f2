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
        assertThat(pack.rules()).containsKeys("ECON-ESTIMATE", "ECON-PRELIMINARY", "ECON-SAMPLE", "ECON-INTERNAL", "ECON-CURRENT",
                "CASE-CRIMINAL", "CASE-LITIGATION", "CASE-ENFORCEMENT", "CASE-PETITION", "CASE-RECONSIDERATION", "CASE-ARBITRATION",
                "CASE-NUMBER", "HIST-FORM", "HIST-QUOTE", "RESTRICT-CLASS", "RESTRICT-WORKSECRET", "RESTRICT-INTERNAL", "RESTRICT-ATTR",
                "SECRET-CREDENTIAL", "PI-ID", "PI-HEALTH", "PI-IDENTITY", "PI-MINOR", "PI-ADDRESS", "AD-PRICE", "AD-GIFT", "AD-MEDICAL",
                "AD-CONTACT", "AD-PROMO", "SPAM-GAMBLING", "SPAM-PORN", "SPAM-FRAUD", "SPAM-CERT", "SPAM-LOAN", "SPAM-SURROGACY", "SPAM-OTHER");
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
        String yaml = defaultYaml().replace("  window: 24", "  windw: 24");
        int line = lineOf(yaml, "windw");
        assertThatThrownBy(() -> RulePack.parse(List.of(new RulePack.Source("p.yml", yaml))))
                .hasMessageStartingWith("p.yml:" + line + ": econ_unreleased: unknown key 'windw'");
    }

    @Test
    void brokenYamlNamesFileAndLine() {
        String yaml = defaultYaml().replace("  window: 24", "  window: [24");
        assertThatThrownBy(() -> RulePack.parse(List.of(new RulePack.Source("p.yml", yaml))))
                .isInstanceOf(RulePackException.class)
                .hasMessageMatching("p\\.yml:\\d+: not valid YAML: .*");
    }

    @Test
    void aBadQuotePairNamesFileAndLine() {
        String yaml = defaultYaml().replace("quote_pairs: ['“”',", "quote_pairs: ['“', '””',");
        int line = lineOf(yaml, "quote_pairs:");
        assertThatThrownBy(() -> RulePack.parse(List.of(new RulePack.Source("p.yml", yaml))))
                .isInstanceOf(RulePackException.class)
                .hasMessageStartingWith("p.yml:" + line + ": ")
                .hasMessageContaining("a quote pair is two characters");
    }

    @Test
    void theMetaDiscourseSectionIsRequired() {
        String yaml = defaultYaml().replace("meta_discourse:", "meta_discourse_off:");
        assertThatThrownBy(() -> RulePack.parse(List.of(new RulePack.Source("p.yml", yaml))))
                .isInstanceOf(RulePackException.class)
                .hasMessageContaining("meta_discourse_off");
    }

    @Test
    void aNewSlotTermTakesEffect(@TempDir Path dir) throws Exception {
        // the indicator slot is a head-noun class: a head added to the pack makes a new indicator without code
        String text = "截至9月末，全区光伏组件出货初步统计为8.12万套。";
        assertThat(SecrecyAnalyzer.withDefaultPack().analyze(text).labels()).doesNotContain(Category.ECON_UNRELEASED);
        String yaml = defaultYaml().replace("indicator_heads: [产值,", "indicator_heads: [出货, 产值,");
        Files.writeString(dir.resolve("pack.yml"), yaml, StandardCharsets.UTF_8);
        SecrecyAnalyzer edited = SecrecyAnalyzer.fromPackDirectory(dir);
        assertThat(edited.analyze(text).findings()).extracting(Finding::rule).containsExactly("ECON-PRELIMINARY");
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
