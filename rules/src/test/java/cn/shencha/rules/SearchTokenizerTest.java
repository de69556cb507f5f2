package cn.shencha.rules;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SearchTokenizerTest {

    @Test
    void documentsCarryLongWordsAndTheWordsInsideThem() {
        assertThat(SearchTokenizer.documentTokens("云川区人民政府关于加强生态环境保护工作的通知"))
                .contains("人民政府", "人民", "政府", "环境", "保护", "通知")
                .doesNotHaveDuplicates();
    }

    @Test
    void traditionalAndFullWidthQueriesBecomeTheSimplifiedTokens() {
        assertThat(SearchTokenizer.queryTokens("政府資訊公開　ＧＤＰ")).isEqualTo(SearchTokenizer.queryTokens("政府资讯公开 gdp"));
        assertThat(SearchTokenizer.queryTokens("環境保護")).allMatch(t -> SearchTokenizer.documentTokens("加强环境保护").contains(t));
    }

    @Test
    void foldingKeepsTheLength() {
        String original = "雲川區政府資訊公開（２０２６）";
        assertThat(SearchTokenizer.fold(original)).hasSameSizeAs(original).isEqualTo("云川区政府资讯公开(2026)");
    }

    @Test
    void punctuationAndBlankTextHaveNoTokens() {
        assertThat(SearchTokenizer.queryTokens("，。！ ")).isEmpty();
        assertThat(SearchTokenizer.documentTokens("")).isEmpty();
        assertThat(SearchTokenizer.documentTokens(null)).isEmpty();
    }
}
