package cn.shencha.writers.report;

import java.time.LocalDateTime;
import java.util.Objects;

/**
 * What a weekly report says about itself.
 *
 * @param organization the issuing office, e.g. 云川区人民政府办公室
 * @param week         the week reported on
 * @param unit         the unit's name for a unit report, or null for the district report
 * @param generatedAt  when it was generated, Beijing time
 * @param asOf         the moment pending and overdue items are counted at: the end of the week, or the generation
 *                     time for a week not yet over (Beijing time)
 */
public record ReportInfo(String organization, ReportWeek week, String unit, LocalDateTime generatedAt, LocalDateTime asOf) {

    /** The report's title (issue 8). */
    public static final String TITLE = "网站与政务新媒体保密审查周报";

    public ReportInfo {
        organization = organization == null ? "" : organization;
        Objects.requireNonNull(week, "week");
        unit = unit == null || unit.isBlank() ? null : unit;
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(asOf, "asOf");
    }

    public String title() {
        return TITLE;
    }

    /** 全区 or the unit's name. */
    public String scopeLabel() {
        return unit == null ? "全区" : unit;
    }
}
