package cn.shencha.writers.report;

import java.util.List;
import java.util.Objects;

/**
 * Everything a weekly audit report shows: the facts, gathered from the system of record, that the PDF and Excel
 * writers lay out. A report for one unit has the unit's facts and no unit comparison.
 *
 * @param info      title, period, scope, times
 * @param current   the week's headline numbers
 * @param previous  the previous week's, for the change
 * @param trend     findings by category in the last 12 weeks, oldest first, ending with the report's week
 * @param openByUnit open items by unit and grade at the reference time, most first (district report only)
 * @param health    site-health indicators (district report only)
 * @param oldest    the oldest open items, by grade (特级 first) then age, at most {@link #OLDEST_LIMIT}
 * @param ranking   the unit ranking (district report only), all units
 */
public record WeeklyReport(ReportInfo info, Headline current, Headline previous, List<WeekTrend> trend,
                           List<UnitOpenItems> openByUnit, List<SiteHealthIndicator> health, List<OpenItem> oldest,
                           List<UnitRank> ranking) {

    /** How many of the oldest open items the report lists. */
    public static final int OLDEST_LIMIT = 10;
    /** How many weeks the trend covers. */
    public static final int TREND_WEEKS = 12;

    public WeeklyReport {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(previous, "previous");
        trend = List.copyOf(trend);
        openByUnit = List.copyOf(openByUnit);
        health = List.copyOf(health);
        oldest = List.copyOf(oldest);
        ranking = List.copyOf(ranking);
    }

    /** Whether the week itself had no data (no reading, finding or decision): the report says 本周无数据. */
    public boolean emptyWeek() {
        return current.quiet();
    }

    public boolean unitReport() {
        return info.unit() != null;
    }
}
