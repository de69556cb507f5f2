package cn.shencha.writers.report;

import cn.shencha.rules.Category;
import cn.shencha.rules.Importance;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A weekly report with known, varied numbers for the writer tests. */
final class ReportFixtures {

    static final ReportWeek WEEK = ReportWeek.parse("2026-W47");
    static final LocalDateTime GENERATED = LocalDateTime.of(2026, 11, 23, 8, 0, 5);
    static final LocalDateTime AS_OF = LocalDateTime.of(2026, 11, 23, 0, 0);

    private ReportFixtures() {
    }

    static WeeklyReport district() {
        return report(new ReportInfo("云川区人民政府办公室", WEEK, null, GENERATED, AS_OF), 14);
    }

    static WeeklyReport unit() {
        return report(new ReportInfo("云川区人民政府办公室", WEEK, "区发展和改革局", GENERATED, AS_OF), 0);
    }

    static WeeklyReport empty() {
        ReportInfo info = new ReportInfo("云川区人民政府办公室", WEEK, null, GENERATED, AS_OF);
        List<WeekTrend> trend = new ArrayList<>();
        for (int i = WeeklyReport.TREND_WEEKS - 1; i >= 0; i--) {
            trend.add(new WeekTrend(WEEK.minusWeeks(i), Map.of()));
        }
        return new WeeklyReport(info, Headline.zero(), Headline.zero(), trend, List.of(), health(), List.of(), List.of());
    }

    static WeeklyReport report(ReportInfo info, int units) {
        Map<Category, Long> byCategory = new EnumMap<>(Category.class);
        long k = 1;
        for (Category c : Category.values()) {
            byCategory.put(c, k * 3 % 11);
            k++;
        }
        long total = byCategory.values().stream().mapToLong(Long::longValue).sum();
        Map<Importance, Long> byGrade = Map.of(Importance.GENERAL, total - 7, Importance.IMPORTANT, 5L, Importance.SPECIAL, 2L);
        Headline current = new Headline(21, 1234, 87, 45, 23, 61, byCategory, byGrade, 17, 4, 3, 29, 6, 1, 2);
        Headline previous = new Headline(21, 1201, 80, 41, 19, 70, Map.of(Category.PERSONAL_INFO, 12L, Category.COMMERCIAL_AD, 3L),
                Map.of(Importance.GENERAL, 13L, Importance.IMPORTANT, 2L), 20, 1, 0, 30, 4, 0, 0);
        List<WeekTrend> trend = new ArrayList<>();
        for (int i = WeeklyReport.TREND_WEEKS - 1; i >= 0; i--) {
            Map<Category, Long> m = new EnumMap<>(Category.class);
            int j = 0;
            for (Category c : Category.values()) {
                m.put(c, (long) ((i * 7 + j * 5) % 9));
                j++;
            }
            if (i == 0) {
                m = byCategory;
            }
            trend.add(new WeekTrend(WEEK.minusWeeks(i), m));
        }
        String[] names = {"区发展和改革局", "区统计局", "区公安分局", "区教育局", "区卫生健康局", "区人力资源和社会保障局", "榆阳镇人民政府",
                "区市场监督管理局", "区自然资源局", "区住房和城乡建设局", "区交通运输局", "区农业农村局", "区文化和旅游局", "区应急管理局"};
        List<UnitOpenItems> open = new ArrayList<>();
        List<UnitRank> ranking = new ArrayList<>();
        for (int i = 0; i < units; i++) {
            open.add(new UnitOpenItems(names[i], Map.of(Importance.GENERAL, (long) (12 - i % 12), Importance.IMPORTANT,
                    (long) (i % 3), Importance.SPECIAL, (long) (i % 5 == 0 ? 1 : 0))));
            ranking.add(new UnitRank(names[i], 100 + i * 13, 20 - i, (20.0 - i) / (100 + i * 13) * 100, i % 4, i % 6,
                    i % 6 == 0 ? null : 1.5 + i / 3.0));
        }
        List<OpenItem> oldest = new ArrayList<>();
        for (int i = 0; i < WeeklyReport.OLDEST_LIMIT; i++) {
            Importance g = i < 2 ? Importance.SPECIAL : i < 5 ? Importance.IMPORTANT : Importance.GENERAL;
            oldest.add(new OpenItem(String.format("%064x", i + 1), g, names[i % names.length],
                    "关于印发云川区2026年第" + (i + 1) + "批重点项目推进计划的通知", "https://www.yunchuan.gov.cn/zwgk/" + i + ".html",
                    30 - i, i % 2 == 0 ? "二级审核（分管领导）" : "区保密局审核", i < 6,
                    "http://127.0.0.1:8080/review/" + String.format("%064x", i + 1)));
        }
        return new WeeklyReport(info, current, previous, trend, info.unit() == null ? open : List.of(),
                info.unit() == null ? health() : List.of(), oldest, info.unit() == null ? ranking : List.of());
    }

    static List<SiteHealthIndicator> health() {
        return List.of(
                new SiteHealthIndicator("首页更新", "首页两周内有更新", HealthStatus.RED, "云川区人民政府门户网站：首页 16 天未更新"),
                new SiteHealthIndicator("动态要闻类栏目更新", "两周内有更新", HealthStatus.NOT_MEASURED, "尚无栏目识别数据"),
                new SiteHealthIndicator("新媒体账号更新", "两周内有发布", HealthStatus.GREEN, "云川发布：最近发布 2 天前"));
    }
}
