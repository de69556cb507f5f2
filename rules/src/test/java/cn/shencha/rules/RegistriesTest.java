package cn.shencha.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistriesTest {

    private static final String ECON = "据初步统计，云川区2026年前三季度地区生产总值完成123.45亿元，同比增长5.2%。";
    private static final String CASE_PENDING = "（2025）陕0802刑初156号案件正在审理中，被告人张某涉嫌诈骗。";
    private static final String CASE_CONCLUDED_TEXT = "（2025）陕0802刑初156号案件已审结，判决已发生法律效力。";

    private final SecrecyAnalyzer analyzer = SecrecyAnalyzer.withDefaultPack();

    @Test
    void aRegisteredPublishedFigureIsPublic(@TempDir Path dir) throws Exception {
        assertThat(analyzer.analyze(ECON).labels()).contains(Category.ECON_UNRELEASED);
        Path csv = write(dir, "figures.csv", """
                region,indicator,period,value,source
                云川区,地区生产总值,2026年前三季度,123.45亿元,云川区统计局2026年10月发布
                云川区,地区生产总值增速,2026年前三季度,5.2%,云川区统计局2026年10月发布
                """);
        SecrecyAnalyzer withFigures = analyzer.withRegistries(Registries.load(csv, null));
        assertThat(withFigures.analyze(ECON).labels()).doesNotContain(Category.ECON_UNRELEASED);
    }

    @Test
    void aFigureThatDiffersFromTheRegistryStaysAFinding(@TempDir Path dir) throws Exception {
        Path csv = write(dir, "figures.csv", """
                region,indicator,period,value,source
                云川区,地区生产总值,2026年前三季度,120.00亿元,统计公报
                """);
        assertThat(analyzer.withRegistries(Registries.load(csv, null)).analyze(ECON).labels()).contains(Category.ECON_UNRELEASED);
        Path otherRegion = write(dir, "other.csv", """
                indicator,value,region,period
                地区生产总值,123.45亿元,云山县,2026年前三季度
                """);
        assertThat(analyzer.withRegistries(Registries.load(otherRegion, null)).analyze(ECON).labels())
                .as("a figure of another region does not clear this one").contains(Category.ECON_UNRELEASED);
    }

    @Test
    void theCaseRegistryOverridesTheText(@TempDir Path dir) throws Exception {
        assertThat(analyzer.analyze(CASE_PENDING).labels()).contains(Category.PENDING_CASE);
        assertThat(analyzer.analyze(CASE_CONCLUDED_TEXT).labels()).doesNotContain(Category.PENDING_CASE);

        Path concluded = write(dir, "concluded.csv", """
                case_number,status,decided_on,note
                (2025)陕0802刑初156号,审结,2026-01-10,判决已生效
                """);
        assertThat(analyzer.withRegistries(Registries.load(null, concluded)).analyze(CASE_PENDING).labels())
                .as("registered concluded: the stage cue in its sentence no longer counts").doesNotContain(Category.PENDING_CASE);

        Path pending = write(dir, "pending.csv", """
                case_number,status
                "（2025）陕0802刑初156号",在办
                """);
        Analysis a = analyzer.withRegistries(Registries.load(null, pending)).analyze(CASE_CONCLUDED_TEXT);
        assertThat(a.labels()).contains(Category.PENDING_CASE);
        assertThat(a.findings().get(0).explanation()).contains("登记簿").contains("在办");
    }

    @Test
    void registryErrorsNameFileAndLine(@TempDir Path dir) throws Exception {
        Path noColumn = write(dir, "a.csv", "region,indicator,period\n云川区,地区生产总值,2026年\n");
        assertThatThrownBy(() -> Registries.load(noColumn, null)).isInstanceOf(RulePackException.class)
                .hasMessageContaining("a.csv:1:").hasMessageContaining("'value'");
        Path badStatus = write(dir, "b.csv", "case_number,status\n(2025)陕0802刑初1号,办结\n(2025)陕0802刑初2号,不知道\n");
        assertThatThrownBy(() -> Registries.load(null, badStatus)).isInstanceOf(RulePackException.class)
                .hasMessageContaining("b.csv:3:").hasMessageContaining("不知道");
        Path unclosed = write(dir, "c.csv", "case_number,status\n\"(2025)陕0802刑初1号,办结\n");
        assertThatThrownBy(() -> Registries.load(null, unclosed)).isInstanceOf(RulePackException.class)
                .hasMessageContaining("c.csv:2:").hasMessageContaining("not closed");
        Path noNumber = write(dir, "d.csv", "indicator,value\n地区生产总值,约一百亿\n");
        assertThatThrownBy(() -> Registries.load(noNumber, null)).hasMessageContaining("d.csv:2:");
    }

    @Test
    void registriesBesideAnEditedPackAreReloadedWithIt(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("pack.yml"), SecrecyAnalyzer.defaultPackSource().yaml(), StandardCharsets.UTF_8);
        SecrecyAnalyzer fromDir = SecrecyAnalyzer.fromPackDirectory(dir);
        assertThat(fromDir.analyze(CASE_PENDING).labels()).contains(Category.PENDING_CASE);

        Path registry = write(dir, Registries.CASE_REGISTRY_FILE, "\uFEFFcase_number,status\n(2025)陕0802刑初156号,结案\n");
        Files.setLastModifiedTime(registry, FileTime.from(Instant.now().plusSeconds(5)));
        Thread.sleep(1100);
        assertThat(fromDir.analyze(CASE_PENDING).labels()).doesNotContain(Category.PENDING_CASE);
        assertThat(fromDir.registries().caseCount()).isEqualTo(1);
    }

    private static Path write(Path dir, String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }
}
