package cn.shencha.writers.ledger;

import cn.shencha.rules.Importance;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Which entries a ledger shows. Every part is optional (null means "any"); the parts that are set must all match.
 *
 * @param period the period the entry was submitted in
 * @param unit   the unit, matched exactly
 * @param grade  the importance grade
 * @param level  a review level the entry reached (it has an opinion at that level)
 */
public record LedgerFilter(LedgerPeriod period, String unit, Importance grade, ReviewLevel level) implements Predicate<LedgerEntry> {

    /** The filter that lets every entry through. */
    public static final LedgerFilter ALL = new LedgerFilter(null, null, null, null);

    public LedgerFilter {
        unit = unit == null || unit.isBlank() ? null : unit.strip();
    }

    /** All entries of the period. */
    public static LedgerFilter of(LedgerPeriod period) {
        return new LedgerFilter(period, null, null, null);
    }

    public LedgerFilter withUnit(String unit) {
        return new LedgerFilter(period, unit, grade, level);
    }

    public LedgerFilter withGrade(Importance grade) {
        return new LedgerFilter(period, unit, grade, level);
    }

    public LedgerFilter withLevel(ReviewLevel level) {
        return new LedgerFilter(period, unit, grade, level);
    }

    @Override
    public boolean test(LedgerEntry e) {
        return (period == null || period.contains(e.submittedAt()))
                && (unit == null || unit.equals(e.unit()))
                && (grade == null || grade == e.grade())
                && (level == null || e.review(level).isPresent());
    }

    /** The entries of the stream that pass, lazily and in order. */
    public Stream<LedgerEntry> apply(Stream<LedgerEntry> entries) {
        return entries.filter(this);
    }

    /** The entries of the list that pass, in order. */
    public List<LedgerEntry> apply(List<LedgerEntry> entries) {
        return entries.stream().filter(this).toList();
    }
}
