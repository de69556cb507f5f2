package cn.shencha.rules;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TamperCheckTest {

    private static final String NAV = "首页 政务动态 通知公告 ";

    @Test
    void aChangedArticleBodyIsTamperedWithTheDiff() {
        String before = "区政府召开常务会议，研究部署安全生产工作。会议由区长主持。";
        String after = "区政府召开常务会议，研究部署安全生产工作。会议由某某娱乐平台赞助。";
        String text = NAV + after;
        Finding f = TamperCheck.compare(before, text, NAV.length(), text.length(), false, "abcdef0123456789").orElseThrow();
        assertThat(f.category()).isEqualTo(Category.TAMPERED);
        assertThat(f.text()).isEqualTo(text.substring(f.start(), f.end())).contains("某某娱乐平台赞助");
        assertThat(f.explanation()).contains("删除“区长主持").contains("新增“某某娱乐平台赞助").contains("abcdef012345");
    }

    @Test
    void theSameBodyOrOnlyWhitespaceIsNoChange() {
        String body = "区政府召开常务会议，\n研究部署安全生产工作。";
        assertThat(TamperCheck.compare(body, NAV + "区政府召开常务会议，研究部署 安全生产工作。", NAV.length(), NAV.length() + 23, false, "x"))
                .isEmpty();
    }

    @Test
    void newEntriesOnAColumnPageAreUpdatesButAnEditedEntryIsNot() {
        String before = "关于召开会议的通知 2026-11-20\n关于节能的通知 2026-11-10\n";
        String added = "关于冬季防火的通知 2026-11-25\n" + before;
        assertThat(TamperCheck.compare(before, added, 0, added.length(), true, "x")).isEmpty();
        String edited = before.replace("节能", "博彩");
        assertThat(TamperCheck.compare(before, edited, 0, edited.length(), true, "x")).isPresent();
        assertThat(TamperCheck.compare(before, added, 0, added.length(), false, "x")).as("an article that grew changed").isPresent();
    }
}
