package cn.shencha.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Positives and hard negatives for every category, written for these tests (not taken from the dev corpus): each row
 * is a text and the categories it must yield — exactly those, nothing more.
 */
class DetectorsTest {

    private final SecrecyAnalyzer analyzer = SecrecyAnalyzer.withDefaultPack();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            据初步统计，今年前十个月全区规上工业增加值增长6.8%。                                        | ECON_UNRELEASED
            區財政局通報：1-9月全區一般公共預算收入完成18.2億元，同比增長2.1%。                          | ECON_UNRELEASED
            根据已发布的《2025年云川区统计公报》，全年地区生产总值增长5.2%。                              |
            到2030年，力争全区地区生产总值突破500亿元。                                                  |
            今年以来，全区共举办招聘会23场，帮助1800余人实现就业。                                        |
            （2026）云0102民初331号原告诉被告合同纠纷一案，法院尚未宣判。                                  | PENDING_CASE
            犯罪嫌疑人张某某已被依法刑事拘留，案件正在侦办中。                                            | PENDING_CASE
            申請人對區住建局的處理決定不服，申請行政復議，本機關已依法受理，現正在審查。                      | PENDING_CASE
            被告人李某某犯盗窃罪一案已审结，判决已发生法律效力。                                          |
            全年共受理信访事项356件，按期办结率98%。                                                      |
            人民法院应当在立案后及时审理，对尚未办结的案件应当加强督办。                                    |
            抗战胜利80周年座谈会上，老兵回忆了八年抗战的艰苦岁月。                                        | HISTORY_WORDING
            这一时期，文化大革命给国家带来严重灾难。                                                      | HISTORY_WORDING
            这一时期，“文化大革命”给国家带来严重灾难。                                                    |
            跃进路改造工程完工，沿线商户恢复营业。                                                        |
            绝密★长期 关于某项工作的请示                                                                 | RESTRICTED_DOC
            内部资料 请勿外传 2026年工作要点                                                              | RESTRICTED_DOC
            公开属性：不予公开 标题：关于调整编制的批复                                                    | RESTRICTED_DOC
            密级分为绝密、机密、秘密三级，各单位要加强保密管理。                                          |
            本年度共收到依申请公开2件，不予公开1件。                                                      |
            后台登录用户名zhangsan，密码Abc12345，请妥善保管。                                           | INTERNAL_SECRET
            文件已上传至共享目录\\\\10.1.1.5\\share\\2026。                                             | INTERNAL_SECRET
            后台密码须定期更换，不得使用弱口令。                                                          |
            当前系统版本为V10.1.2.3。                                                                   |
            联系人王小明，手机13912345678。                                                              | PERSONAL_INFO
            低保对象赵某，身份证号530102196703112623。                                                   | PERSONAL_INFO
            咨询电话0871-65123456，监督电话12345。                                                       |
            公示：张某，身份证号5301**********2318。                                                     |
            新店开业全场7折，扫码下单再送饮料。                                                           | COMMERCIAL_AD
            区市场监管局提醒：警惕“充值送大礼”“全场5折”等营销陷阱。                                       |
            区政府发放惠民消费券500万元。                                                                 |
            区文化馆举办书画展。澳门葡京 百家乐 在线开户                                                  | HIDDEN_LINK
            区公安分局提醒：网络赌博“百家乐”是骗局，切勿参与。                                            |
            市民可在线观看开幕式直播。                                                                    |
            """)
    void findsExactlyTheExpectedCategories(String text, String expected) {
        Set<Category> want = expected == null ? Set.of()
                : Set.of(java.util.Arrays.stream(expected.split(",")).map(String::strip).map(Category::valueOf).toArray(Category[]::new));
        Analysis a = analyzer.analyze(text.strip());
        assertThat(a.labels()).as(a.findings().toString()).isEqualTo(want);
        for (Finding f : a.findings()) {
            assertThat(text.strip().substring(f.start(), f.end())).isEqualTo(f.text());
            assertThat(f.explanation()).isNotBlank();
        }
    }
}
