package cn.shencha.jobs.audit;

import cn.shencha.jobs.config.ShenchaProperties;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The pieces of site health that need no database: dates on pages, column pages and kinds, reposts, feed dates. */
class SiteHealthTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    @Test
    void readsTheDatesPortalsPrintAndIgnoresFutureOnes() {
        String text = "区政府常务会议 2026-11-20\n通知 2026/11/3\n公告 2026.10.09\n政策 2026年9月1日\n活动将于2026年12月10日举行\n"
                + "电话 0871-63121035 编号 20261120 无效 2026-13-45";
        assertThat(SiteHealth.dates(text, TODAY)).containsExactly(LocalDate.of(2026, 11, 20), LocalDate.of(2026, 11, 3),
                LocalDate.of(2026, 10, 9), LocalDate.of(2026, 9, 1));
        assertThat(SiteHealth.newestDate(text, TODAY)).isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(SiteHealth.newestDate("没有日期", TODAY)).isNull();
    }

    @Test
    void columnIndexPagesNamesAndKinds() {
        assertThat(SiteHealth.isColumnIndex("http://x.gov.cn/zwdt/index.html")).isTrue();
        assertThat(SiteHealth.isColumnIndex("http://x.gov.cn/tzgg/")).isTrue();
        assertThat(SiteHealth.isColumnIndex("http://x.gov.cn/zcwj/list_2.shtml")).isTrue();
        assertThat(SiteHealth.isColumnIndex("http://x.gov.cn/zwdt/2026/1120-01.html")).isFalse();
        assertThat(SiteHealth.isColumnIndex("http://x.gov.cn/")).isFalse();
        assertThat(SiteHealth.isHome("http://x.gov.cn/index.html", "http://x.gov.cn/")).isTrue();
        assertThat(SiteHealth.isHome("http://x.gov.cn/zwdt/index.html", "http://x.gov.cn/")).isFalse();
        assertThat(SiteHealth.columnName("通知公告_云川区人民政府", "http://x.gov.cn/tzgg/")).isEqualTo("通知公告");
        assertThat(SiteHealth.columnName(null, "http://x.gov.cn/tzgg/index.html")).isEqualTo("index.html");
        List<ShenchaProperties.Column> kinds = health().columns();
        assertThat(SiteHealth.kindOf("政务动态", kinds).maxAge()).isEqualTo(Duration.ofDays(14));
        assertThat(SiteHealth.kindOf("政策文件", kinds).maxAge()).isEqualTo(Duration.ofDays(183));
        assertThat(SiteHealth.kindOf("互动交流", kinds)).isNull();
    }

    @Test
    void repostsAndFeedDates() {
        List<String> markers = health().repostMarkers();
        assertThat(SiteHealth.isRepost("转发：全国冬季安全生产会议召开", "", markers)).isTrue();
        assertThat(SiteHealth.isRepost("冬季安全", "冬季安全\n转载自人民网：……", markers)).isTrue();
        assertThat(SiteHealth.isRepost("云川区冬季送温暖活动", "云川区冬季送温暖活动\n11月21日……", markers)).isFalse();
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        assertThat(SiteHealth.parseInstant("2026-11-22T10:30:00Z", zone)).isEqualTo(Instant.parse("2026-11-22T10:30:00Z"));
        assertThat(SiteHealth.parseInstant("2026-11-25T10:00:00+08:00", zone)).isEqualTo(Instant.parse("2026-11-25T02:00:00Z"));
        assertThat(SiteHealth.parseInstant("Sun, 22 Nov 2026 18:30:00 +0800", zone)).isEqualTo(Instant.parse("2026-11-22T10:30:00Z"));
        assertThat(SiteHealth.parseInstant("2026年11月20日", zone)).isEqualTo(Instant.parse("2026-11-19T16:00:00Z"));
        assertThat(SiteHealth.parseInstant("yesterday", zone)).isNull();
    }

    private static ShenchaProperties.Health health() {
        return new ShenchaProperties.Health(null, Duration.ofDays(14), Duration.ofDays(7), 1,
                List.of("转发", "转载", "【转", "[转", "转自"), "Asia/Shanghai");
    }
}
