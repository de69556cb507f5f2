package cn.shencha.writers.report;

import cn.shencha.rules.Category;
import cn.shencha.rules.Importance;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The headline numbers of one week (for the district or one unit), every one a count in the system of record.
 *
 * @param readings            audit runs that started in the week (each a reading of a site)
 * @param pagesRead           distinct web pages read (fetched, changed or not) in the week
 * @param attachmentsRead     distinct attachments (PDF, Word ...) read in the week
 * @param feedItemsRead       distinct new-media posts read from feeds in the week
 * @param newPages            pages and attachments first seen in the week
 * @param changedPages        pages and attachments seen before the week whose content changed in it
 * @param findingsByCategory  findings raised in the week, by category (every category present, zero when none)
 * @param findingsByGrade     the same findings by the grade (一般/重要/特级) of the item they are on
 * @param approved            items decided in the week: approved for publication
 * @param amended             items decided in the week: returned for amendment
 * @param takenDown           items decided in the week: taken down
 * @param pending             items open at the end of the week (or at generation time, for a week not yet over)
 * @param overdue             of those, items past their time limit (ch. 4 §9)
 * @param tamperIncidents     pages with a tamper finding (网页被篡改) raised in the week
 * @param hiddenLinkIncidents pages with a hidden-link finding (暗链) raised in the week
 */
public record Headline(long readings, long pagesRead, long attachmentsRead, long feedItemsRead, long newPages,
                       long changedPages, Map<Category, Long> findingsByCategory, Map<Importance, Long> findingsByGrade,
                       long approved, long amended, long takenDown, long pending, long overdue, long tamperIncidents,
                       long hiddenLinkIncidents) {

    public Headline {
        findingsByCategory = complete(findingsByCategory, Category.class);
        findingsByGrade = complete(findingsByGrade, Importance.class);
    }

    /** All zeros. */
    public static Headline zero() {
        return new Headline(0, 0, 0, 0, 0, 0, Map.of(), Map.of(), 0, 0, 0, 0, 0, 0, 0);
    }

    public long findings() {
        return findingsByCategory.values().stream().mapToLong(Long::longValue).sum();
    }

    public long decided() {
        return approved + amended + takenDown;
    }

    public long findings(Category c) {
        return findingsByCategory.get(c);
    }

    public long findings(Importance g) {
        return findingsByGrade.get(g);
    }

    /** Whether nothing happened in the week: no reading, no finding, no decision. */
    public boolean quiet() {
        return readings == 0 && pagesRead == 0 && attachmentsRead == 0 && feedItemsRead == 0 && findings() == 0
                && decided() == 0;
    }

    private static <K extends Enum<K>> Map<K, Long> complete(Map<K, Long> in, Class<K> type) {
        EnumMap<K, Long> out = new EnumMap<>(type);
        for (K k : type.getEnumConstants()) {
            Long v = in == null ? null : in.get(k);
            out.put(k, v == null ? 0L : v);
        }
        return Collections.unmodifiableMap(out);
    }
}
