package cn.shencha.writers.report;

import cn.shencha.rules.Category;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Findings raised in one week, by category: a point of the 12-week trend.
 *
 * @param week       the week
 * @param byCategory findings by category (every category present)
 */
public record WeekTrend(ReportWeek week, Map<Category, Long> byCategory) {
    public WeekTrend {
        EnumMap<Category, Long> m = new EnumMap<>(Category.class);
        for (Category c : Category.values()) {
            Long v = byCategory == null ? null : byCategory.get(c);
            m.put(c, v == null ? 0L : v);
        }
        byCategory = Collections.unmodifiableMap(m);
    }

    public long total() {
        return byCategory.values().stream().mapToLong(Long::longValue).sum();
    }
}
