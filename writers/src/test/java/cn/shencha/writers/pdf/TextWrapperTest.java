package cn.shencha.writers.pdf;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TextWrapperTest {

    private final TextWrapper wrapper = new TextWrapper(PdfFonts.cjk(), 10);

    @Test
    void chineseBreaksBetweenAnyCharactersAndLinesFit() {
        String text = "区统计局关于公布一季度经济运行数据的通知";
        float max = wrapper.width("区统计局关于公");
        List<String> lines = wrapper.wrap(text, max);
        assertThat(String.join("", lines)).isEqualTo(text);
        assertThat(lines).hasSizeGreaterThan(2).allSatisfy(l -> assertThat(wrapper.width(l)).isLessThanOrEqualTo(max));
    }

    @Test
    void closingPunctuationNeverStartsALine() {
        String text = "经审查不涉密，同意公开。";
        float max = wrapper.width("经审查不涉密");
        List<String> lines = wrapper.wrap(text, max);
        assertThat(String.join("", lines)).isEqualTo(text);
        assertThat(lines).noneSatisfy(l -> assertThat(l).startsWith("，"));
        assertThat(lines.getFirst()).isEqualTo("经审查不涉密，");
    }

    @Test
    void datesAndNumbersStayWholeAndLatinBreaksAtSpacesAndSlashes() {
        float max = wrapper.width("2025-01-01 16:13") - 1;
        assertThat(wrapper.wrap("2025-01-01 16:13", max)).containsExactly("2025-01-01", "16:13");
        String url = "https://www.yunchuan.gov.cn/zwgk/202502/t90000001.html";
        List<String> lines = wrapper.wrap(url, wrapper.width("https://www.yunchuan.gov.cn/"));
        assertThat(String.join("", lines)).isEqualTo(url);
        assertThat(lines.getFirst()).isEqualTo("https://www.yunchuan.gov.cn/");
    }

    @Test
    void lineBreaksAreKeptAndEmptyTextHasNoLines() {
        assertThat(wrapper.wrap("张三\n同意\n2025-02-03 10:02", 500)).containsExactly("张三", "同意", "2025-02-03 10:02");
        assertThat(wrapper.wrap("", 100)).isEmpty();
        assertThat(wrapper.wrap(null, 100)).isEmpty();
    }

    @Test
    void aCharacterWiderThanTheLineStillProgresses() {
        assertThat(wrapper.wrap("审查", 1)).containsExactly("审", "查");
    }
}
