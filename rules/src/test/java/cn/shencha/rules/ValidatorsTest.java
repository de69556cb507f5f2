package cn.shencha.rules;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ValidatorsTest {

    @Test
    void residentIdCheckDigit() {
        assertThat(PersonalInfoDetector.validId("11010519491231002x")).isTrue();
        assertThat(PersonalInfoDetector.validId("110105194912310021")).isFalse();
        assertThat(PersonalInfoDetector.validId("530102202503180010")).isFalse();
    }

    @Test
    void luhn() {
        assertThat(PersonalInfoDetector.luhn("4111111111111111")).isTrue();
        assertThat(PersonalInfoDetector.luhn("4111111111111112")).isFalse();
    }

    @Test
    void importanceGrades() {
        SecrecyAnalyzer a = SecrecyAnalyzer.withDefaultPack();
        assertThat(a.analyze("区委常委会召开会议，研究部署重点工作。").importance()).isEqualTo(Importance.IMPORTANT);
        assertThat(a.analyze("今晨一化工厂发生爆炸，造成2人受伤。").importance()).isEqualTo(Importance.SPECIAL);
        assertThat(a.analyze("区图书馆开展读书月活动。").importance()).isEqualTo(Importance.GENERAL);
        assertThat(a.analyze("区图书馆开展读书月活动。").importanceReasons()).isNotEmpty();
        assertThat(Importance.SPECIAL.requiredReviewLevel()).isEqualTo(4);
    }
}
