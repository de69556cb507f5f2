package cn.shencha.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The register test set: wrong titles, near-miss names, misordered lists, garbled formulations and misnamed
 * institutions against the default pack's register (云川区's fictional leaders, national institutions and formulations),
 * each with its correct or former-context twin, which must yield nothing.
 */
class SeriousWordingDetectorTest {

    private final SecrecyAnalyzer analyzer = SecrecyAnalyzer.withDefaultPack();

    private List<Finding> wording(String text) {
        return analyzer.analyze(text).findings().stream().filter(f -> f.category() == Category.SERIOUS_WORDING).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            区长陈立新主持召开区政府常务会议。                                         | WORDING-TITLE       | 区长陈立新           | 区委书记
            副区长周文海出席会议并讲话。                                               | WORDING-TITLE       | 副区长周文海         | 区委副书记、区长
            区委书记周文海带队调研。                                                   | WORDING-TITLE       | 区委书记周文海       | 区委副书记、区长
            国务院总理李克强主持召开国务院常务会议。                                   | WORDING-TITLE       | 国务院总理李克强     |
            区委书记陈立信主持召开区委常委会会议。                                     | WORDING-NAME        | 陈立信               | 陈立新
            副区长王小红到城南街道检查安全生产工作。                                   | WORDING-NAME        | 王小红               | 王晓红
            区长周闻海出席开工仪式。                                                   | WORDING-NAME        | 周闻海               | 周文海
            区领导周文海、陈立新、林志远出席会议。                                     | WORDING-ORDER       | 周文海、陈立新、林志远 | 陈立新、周文海、林志远
            副区长郑国栋、王晓红参加活动。                                             | WORDING-ORDER       | 郑国栋、王晓红       | 王晓红、郑国栋
            深入学习贯彻习近平新时代中国特色社会主义理论。                             | WORDING-FORMULATION | 习近平新时代中国特色社会主义理论 | 习近平新时代中国特色社会主义思想
            以习近平新时代中国特色社会主意思想为指导。                                 | WORDING-FORMULATION | 习近平新时代中国特色社会主意思想 | 习近平新时代中国特色社会主义思想
            以习近平新时代中国特色社会主义为指导，推动高质量发展。                     | WORDING-FORMULATION | 习近平新时代中国特色社会主义 | 习近平新时代中国特色社会主义思想
            认真学习中国共产党第二十届全国代表大会精神。                               | WORDING-FORMULATION | 中国共产党第二十届全国代表大会 | 中国共产党第二十次全国代表大会
            发展全过程民主，保障人民当家作主。                                         | WORDING-FORMULATION | 全过程民主           | 全过程人民民主
            坚定道路自信、制度自信、理论自信、文化自信。                               | WORDING-FORMULATION | 道路自信、制度自信、理论自信、文化自信 | 道路自信、理论自信、制度自信、文化自信
            增强政治意识、核心意识、大局意识、看齐意识。                               | WORDING-FORMULATION | 政治意识、核心意识、大局意识、看齐意识 | 政治意识、大局意识、核心意识、看齐意识
            国务院办公室印发通知。                                                     | WORDING-INSTITUTION | 国务院办公室         | 国务院办公厅
            国家发展与改革委员会批复了该项目。                                         | WORDING-INSTITUTION | 国家发展与改革委员会 | 国家发展和改革委员会
            云川区人民政府办公厅关于做好节日值班工作的通知。                           | WORDING-INSTITUTION | 云川区人民政府办公厅 | 云川区人民政府办公室
            云川区统记局发布全区经济运行情况。                                         | WORDING-INSTITUTION | 云川区统记局         | 云川区统计局
            """)
    void findsEachError(String text, String rule, String span, String suggestion) {
        List<Finding> found = wording(text.strip());
        assertThat(found).as("findings of %s", text).hasSize(1);
        Finding f = found.get(0);
        assertThat(f.rule()).isEqualTo(rule.strip());
        assertThat(f.text()).isEqualTo(span.strip());
        if (suggestion != null) {
            assertThat(f.suggestion()).isEqualTo(suggestion.strip());
            assertThat(f.explanation()).contains(suggestion.strip().split("、")[0]);
        }
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            区委书记陈立新主持召开区政府常务会议。
            区委副书记、区长周文海出席会议并讲话。
            时任区长陈立新主持召开区政府常务会议。
            2021年，区长陈立新主持召开区政府常务会议，部署防汛工作。
            原区长陈立新出席活动。
            2019年3月5日，国务院总理李克强在第十三届全国人民代表大会第二次会议上作政府工作报告。
            国务院总理李强主持召开国务院常务会议。
            区委书记陈立新主持召开区委常委会会议。
            副区长王晓红到城南街道检查安全生产工作。
            区长周文海出席开工仪式。
            区领导陈立新、周文海、林志远出席会议。
            副区长王晓红、郑国栋参加活动。
            深入学习贯彻习近平新时代中国特色社会主义思想。
            以习近平新时代中国特色社会主义思想为指导。
            扎实开展学习贯彻习近平新时代中国特色社会主义思想主题教育。
            认真学习中国共产党第二十次全国代表大会精神。
            中国共产党第十九次全国代表大会明确了新时代的历史方位。
            中国共产党第十一届中央委员会第三次全体会议开启了改革开放新时期。
            发展全过程人民民主，保障人民当家作主。
            坚定道路自信、理论自信、制度自信、文化自信。
            增强政治意识、大局意识、核心意识、看齐意识。
            国务院办公厅印发通知。
            国家发展和改革委员会批复了该项目，国家发展改革委有关负责人答记者问。
            云川区人民政府办公室关于做好节日值班工作的通知。
            云川区统计局发布全区经济运行情况。
            统筹推进“五位一体”总体布局和协调推进“四个全面”战略布局。
            陈立新同志任云川区委书记。
            王小红同学获得全区作文比赛一等奖。
            """)
    void correctTwinsYieldNothing(String text) {
        assertThat(wording(text.strip())).as("findings of %s", text).isEmpty();
    }

    @Test
    void aFormerTitleNamesTheCurrentOneAndTheRemedy() {
        Finding f = wording("区长陈立新主持召开区政府常务会议。").get(0);
        assertThat(f.explanation()).contains("任至2024-02-29").contains("现任区委书记").contains("时任");
    }

    @Test
    void theRegisterIsValidatedWithFileAndLine() {
        String register = """
                serious_wording:
                  rules:
                    WORDING-TITLE: {description: a, severity: HIGH}
                    WORDING-NAME: {description: a, severity: HIGH}
                    WORDING-ORDER: {description: a, severity: HIGH}
                    WORDING-FORMULATION: {description: a, severity: HIGH}
                    WORDING-INSTITUTION: {description: a, severity: HIGH}
                  leaders:
                    - {name: 陈立新, title: 区委书记, rank: 1, from: 2024-03-01}
                    - {name: 周文海, title: 区长, rank: 2, from: 2024-13-01}
                """;
        List<RulePack.Source> sources = new java.util.ArrayList<>(List.of(SecrecyAnalyzer.defaultPackSource()));
        String defaults = sources.get(0).yaml();
        String withoutWording = defaults.substring(0, defaults.indexOf("\nserious_wording:"));
        sources.set(0, new RulePack.Source("default-pack.yml", withoutWording));
        sources.add(new RulePack.Source("register.yml", register));
        assertThatThrownBy(() -> RulePack.parse(sources))
                .isInstanceOf(RulePackException.class)
                .hasMessageStartingWith("register.yml:10:")
                .hasMessageContaining("YYYY-MM-DD");
        sources.set(1, new RulePack.Source("register.yml", register.replace("2024-13-01", "2024-02-01").replace("    WORDING-ORDER: {description: a, severity: HIGH}\n", "")));
        assertThatThrownBy(() -> RulePack.parse(sources))
                .isInstanceOf(RulePackException.class)
                .hasMessageStartingWith("register.yml:")
                .hasMessageContaining("missing rule 'WORDING-ORDER'");
        sources.set(1, new RulePack.Source("register.yml", register.replace("2024-13-01", "2024-02-01")));
        RulePack pack = RulePack.parse(sources);
        assertThat(pack.rules()).containsKey("WORDING-TITLE");
    }
}
