package cn.shencha.rules;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NormalizedTextTest {

    @Test
    void foldsScriptWidthAndCaseKeepingLength() {
        String original = "雲川區政務服務中心　ＡＢＣ１２３，網站後臺";
        NormalizedText n = NormalizedText.of(original);
        assertThat(n.normalized()).hasSameSizeAs(original);
        assertThat(n.normalized()).isEqualTo("云川区政务服务中心 abc123,网站后台");
    }

    @Test
    void findingsIndexTheOriginalText() {
        String original = "黨史講座上，教師講述了三年自然災害期間的歷史。";
        Analysis a = SecrecyAnalyzer.withDefaultPack().analyze(original);
        assertThat(a.findings()).singleElement().satisfies(f -> {
            assertThat(f.category()).isEqualTo(Category.HISTORY_WORDING);
            assertThat(f.text()).isEqualTo("三年自然災害");
            assertThat(original.substring(f.start(), f.end())).isEqualTo(f.text());
        });
    }

    @Test
    void fullWidthDigitsStillMatchAndPointIntoTheOriginal() {
        String original = "服务器地址１０．２２．３．４，请勿外传。";
        Analysis a = SecrecyAnalyzer.withDefaultPack().analyze(original);
        Finding address = a.findings().stream().filter(f -> f.category() == Category.INTERNAL_SECRET).findFirst().orElseThrow();
        assertThat(address.text()).isEqualTo("１０．２２．３．４");
    }
}
