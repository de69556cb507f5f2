package cn.shencha.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The structural detectors by sub-type (rules/GUIDELINES.md), on texts written for these tests from the guidelines: each
 * row is a text and the rule ids of its findings — exactly those, in order; an empty column means the text is clean
 * (a hard negative: meta-discourse, a release, a target, a concluded case, policy prose, prose about secrecy).
 */
class SubtypeDetectorsTest {

    private final SecrecyAnalyzer analyzer = SecrecyAnalyzer.withDefaultPack();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            经区文旅局测算，端午假期全区景区门票收入1860万元，同比增长7%。                              | ECON-ESTIMATE
            1-8月全区建筑业总产值初步汇总为64.2亿元。                                                   | ECON-PRELIMINARY
            据交通部门客流监测平台数据，春节假期全区公路客流量为41.3万人次。                              | ECON-SAMPLE
            區稅務局內部統計，前三季度全區稅收收入完成28.6億元，此數暫未公開。                             | ECON-INTERNAL
            区政府常务会议听取汇报：上半年全区固定资产投资完成87.5亿元，同比增长6.1%。                     | ECON-CURRENT
            截至10月末，全区快递业务量抽样推算为2310万件。                                               | ECON-SAMPLE
            附表：各镇街工业总产值完成情况（快报数，未经审定）　东城镇｜12.3亿元　西城镇｜8.6亿元          | ECON-PRELIMINARY
            据区统计局发布的数据，上半年全区地区生产总值完成156.3亿元，同比增长5.6%。                       |
            力争今年全区社会消费品零售总额达到200亿元，同比增长7%。                                       |
            项目建成投产后，预计年产值可达12亿元。                                                       |
            今年以来，全区举办招聘会15场，培训农民工2300人次。                                            |
            犯罪嫌疑人周某某已被刑事拘留，另一名嫌疑人仍在逃。                                            | CASE-CRIMINAL
            原告某建材公司诉区住建局行政许可一案，法院已立案受理，开庭时间另行通知。                          | CASE-LITIGATION
            区市场监管局对某超市销售过期食品立案调查，现正在调查取证。                                      | CASE-ENFORCEMENT
            您反映的小区噪声扰民问题，区信访局已受理，目前正在调查核实。                                    | CASE-PETITION
            申请人陈某不服区人社局工伤认定决定申请行政复议，本机关已受理，因案情复杂决定延长审理期限。          | CASE-RECONSIDERATION
            职工刘某与某餐饮公司劳动报酬争议，仲裁委已受理，仲裁庭已组成，尚未裁决。                         | CASE-ARBITRATION
            （2026）云0102刑初77号案件正在审理。                                                          | CASE-NUMBER
            被告人王某某盗窃一案已审结，判决已发生法律效力。                                               |
            今年以来，全区共受理信访事项412件，按期办结率99%。                                            |
            对涉嫌犯罪的，应当依法移送公安机关立案侦查。                                                  |
            行政处罚决定书 当事人：某汽修厂。经调查，当事人未经批准排放污染物，本机关于9月3日立案调查，决定罚款2万元。 |
            机密★5年                                                                                      | RESTRICT-CLASS
            【工作秘密】关于全区维稳形势的分析                                                           | RESTRICT-WORKSECRET
            本通报仅限区级领导阅，阅后收回。                                                             | RESTRICT-INTERNAL
            公开属性：不予公开                                                                           | RESTRICT-ATTR
            国家秘密的密级分为绝密、机密、秘密三级，各单位要加强工作秘密管理。                               |
            网站发布前自查：是否含有“秘密★1年”“内部资料”等标志？                                          |
            培训课上，讲师以“绝密★启用前”为例讲解了密级标志。                                             |
            （此件公开发布）                                                                              |
            这一时期，大跃进造成国民经济严重困难。                                                       | HIST-QUOTE
            他的父亲参加过朝鲜战争。                                                                      | HIST-FORM
            “文化大革命”是一场伟大的革命。                                                                | HIST-FORM
            “文化大革命”结束后，县域经济逐步恢复。                                                        |
            规范提法：不使用“三年自然灾害”的说法。                                                        |
            """)
    void findsTheSubtype(String text, String expected) {
        Analysis a = analyzer.analyze(text.strip());
        List<String> rules = a.findings().stream()
                .filter(f -> f.category() != Category.PERSONAL_INFO && f.category() != Category.COMMERCIAL_AD)
                .map(Finding::rule).toList();
        assertThat(rules).as(a.findings().toString()).isEqualTo(expected == null ? List.of() : List.of(expected.split(",")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            保密审查自查表\\n1. 是否含有未公开经济数据？如：1-9月全区一般公共预算收入完成19.82亿元\\n2. 是否含有尚未办结案件？如：犯罪嫌疑人张某已被刑事拘留
            如发现标注“内部资料 注意保存”“此件不公开”的材料，应当立即停止发布。
            审查要点：“三年自然灾害”“文革”等提法应予纠正。
            """)
    void textAboutTheReviewIsClean(String text) {
        Analysis a = analyzer.analyze(text.strip().replace("\\n", "\n"));
        assertThat(a.findings()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void metaDiscourseIsOneFilterForEveryDetector() {
        String example = "发布前逐项核对：是否含有“后台账号admin，密码Abc@12345”这类内容？";
        Analysis a = analyzer.analyze(example);
        NormalizedText n = NormalizedText.of(example);
        RulePack pack = analyzer.pack();
        TextContext t = new TextContext(n, pack.lexicon().scan(n.normalized()), List.of(), Registries.NONE, pack.meta.quotePairs());
        int at = example.indexOf("密码");
        assertThat(t.metaDiscourse(at, at + 2)).isTrue();
        assertThat(t.metaDiscourse(0, 2)).isTrue();
        String plain = "后台账号admin，密码Abc@12345，请妥善保管。";
        NormalizedText m = NormalizedText.of(plain);
        TextContext u = new TextContext(m, pack.lexicon().scan(m.normalized()), List.of(), Registries.NONE, pack.meta.quotePairs());
        assertThat(u.metaDiscourse(plain.indexOf("密码"), plain.indexOf("密码") + 2)).isFalse();
        assertThat(a.findings()).extracting(Finding::category).doesNotContain(Category.RESTRICTED_DOC, Category.ECON_UNRELEASED);
    }

    @org.junit.jupiter.api.Test
    void touchingFindingsOfOneCategoryMergeIntoOneInLinearTime() {
        String text = "秘密★".repeat(20_000);
        Analysis a = analyzer.analyze(text);
        assertThat(a.findings()).filteredOn(f -> f.category() == Category.RESTRICTED_DOC).singleElement()
                .satisfies(f -> {
                    assertThat(f.start()).isZero();
                    assertThat(f.end()).isEqualTo(text.length());
                    assertThat(f.text()).isEqualTo(text);
                });
    }
}
