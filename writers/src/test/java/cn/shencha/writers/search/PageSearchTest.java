package cn.shencha.writers.search;

import cn.shencha.rules.SearchTokenizer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PageSearchTest {

    @Test
    void highlightsMarkTheOriginalTraditionalText() {
        String original = "雲川區人民政府關於加強環境保護工作的通知。";
        List<String> f = PageSearch.fragments(original, SearchTokenizer.fold("环境保护"), SearchTokenizer.queryTokens("环境保护"));
        assertThat(f).containsExactly("雲川區人民政府關於加強【環境保護】工作的通知。");
    }

    @Test
    void theArticleBodyComesBeforeTheNavigation() {
        String nav = "首页 政务动态 通知公告 政策文件 政务公开 互动交流 ".repeat(3);
        String body = "本区全面推进政务公开标准化规范化建设。";
        String text = nav + body;
        List<String> f = PageSearch.fragments(text, "政务公开", List.of("政务", "公开"), nav.length(), text.length());
        assertThat(f.get(0)).contains("全面推进【政务公开】标准化");
    }

    @Test
    void cursorsRoundTrip() {
        var values = List.of(co.elastic.clients.elasticsearch._types.FieldValue.of(3.5), co.elastic.clients.elasticsearch._types.FieldValue.of(17L),
                co.elastic.clients.elasticsearch._types.FieldValue.of("id-1"));
        var back = PageSearch.decodeCursor(PageSearch.encodeCursor(values));
        assertThat(back).hasSize(3);
        assertThat(back.get(0).doubleValue()).isEqualTo(3.5);
        assertThat(back.get(1).longValue()).isEqualTo(17L);
        assertThat(back.get(2).stringValue()).isEqualTo("id-1");
    }
}
