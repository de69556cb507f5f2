package cn.shencha.rules;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BadInputTest {

    private final SecrecyAnalyzer analyzer = SecrecyAnalyzer.withDefaultPack();

    @Test
    void emptyAndNullTextsAreClean() {
        assertThat(analyzer.analyze("").findings()).isEmpty();
        assertThat(analyzer.analyze(null).findings()).isEmpty();
        assertThat(analyzer.analyze("   \n\t").importance()).isEqualTo(Importance.GENERAL);
    }

    @Test
    void tenMegabytesAreAnalyzed() {
        String unit = "区政府召开常务会议，研究部署冬春季安全生产工作。村民王小明（手机13912345678）反映道路积水问题。\n";
        String big = unit.repeat(10_000_000 / unit.length() + 1);
        Analysis a = analyzer.analyze(big);
        assertThat(a.complete()).isTrue();
        assertThat(a.findings()).isNotEmpty();
        assertThat(a.findings()).allSatisfy(f -> assertThat(big.substring(f.start(), f.end())).isEqualTo(f.text()));
    }

    @Test
    void binaryGarbageDoesNotBreakTheAnalyzer() {
        Random random = new Random(42);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            sb.append((char) random.nextInt(0x10000));
        }
        Analysis a = analyzer.analyze(sb.toString());
        assertThat(a.findings()).allSatisfy(f -> assertThat(f.end()).isLessThanOrEqualTo(sb.length()));
    }

    @Test
    void hiddenRangesOutsideTheTextAreTolerated() {
        String text = "区文化馆举办书画展。百家乐";
        Analysis a = analyzer.analyze(text, List.of(new HiddenRange(10, 500, "css-display-none")));
        assertThat(a.labels()).containsExactly(Category.HIDDEN_LINK);
        assertThat(a.findings().get(0).rule()).isEqualTo("SPAM-GAMBLING");
    }
}
