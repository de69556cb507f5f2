package cn.shencha.writers.report;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ISO-8601 week (Monday to Sunday), the period of a weekly report: {@code 2026-W47}.
 *
 * @param year the week-based year
 * @param week the week of that year, 1 to 52 or 53
 */
public record ReportWeek(int year, int week) implements Comparable<ReportWeek> {

    private static final Pattern FORMAT = Pattern.compile("(\\d{4})-W(\\d{1,2})");

    public ReportWeek {
        if (year < 1970 || year > 9999) {
            throw new IllegalArgumentException("year out of range: " + year);
        }
        LocalDate probe = LocalDate.of(year, 6, 1);
        long weeks = probe.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum();
        if (week < 1 || week > weeks) {
            throw new IllegalArgumentException(year + " has ISO weeks 1 to " + weeks + ", not " + week);
        }
    }

    /** Parses {@code YYYY-Www} (e.g. 2026-W47; W7 is read as W07). */
    public static ReportWeek parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher m = FORMAT.matcher(text.strip().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new DateTimeParseException("not an ISO week (YYYY-Www, e.g. 2026-W47): " + text, text, 0);
        }
        try {
            return new ReportWeek(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        } catch (IllegalArgumentException e) {
            throw new DateTimeParseException(e.getMessage(), text, 0);
        }
    }

    /** The week the day falls in. */
    public static ReportWeek of(LocalDate day) {
        return new ReportWeek(day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** The week now is in, in the zone. */
    public static ReportWeek current(ZoneId zone) {
        return of(LocalDate.now(zone));
    }

    /** The Monday that starts the week. */
    public LocalDate monday() {
        return LocalDate.of(year, 6, 1).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** The Sunday that ends the week. */
    public LocalDate sunday() {
        return monday().plusDays(6);
    }

    /** The week's first moment in the zone (Monday 00:00). */
    public ZonedDateTime start(ZoneId zone) {
        return monday().atStartOfDay(zone);
    }

    /** The first moment after the week in the zone (the next Monday 00:00). */
    public ZonedDateTime end(ZoneId zone) {
        return monday().plusDays(7).atStartOfDay(zone);
    }

    public ReportWeek minusWeeks(int n) {
        return of(monday().minusWeeks(n));
    }

    public ReportWeek previous() {
        return minusWeeks(1);
    }

    /** {@code 2026年第47周（11月16日至11月22日）}. */
    public String chineseLabel() {
        LocalDate from = monday();
        LocalDate to = sunday();
        return year + "年第" + week + "周（" + from.getYear() + "年" + from.getMonthValue() + "月" + from.getDayOfMonth() + "日至"
                + (to.getYear() != from.getYear() ? to.getYear() + "年" : "") + to.getMonthValue() + "月" + to.getDayOfMonth() + "日）";
    }

    /** A short label for chart axes: {@code W47}. */
    public String shortLabel() {
        return "W" + week;
    }

    /** {@code 2026-W47}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%04d-W%02d", year, week);
    }

    @Override
    public int compareTo(ReportWeek o) {
        return monday().compareTo(o.monday());
    }
}
