package cn.shencha.writers.ledger;

import cn.shencha.rules.Importance;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of ledger entries by unit and grade, gathered while the entries stream past so that a writer never needs
 * the whole ledger in memory. Not thread-safe.
 */
public final class LedgerSummary {

    private final Map<String, EnumMap<Importance, Long>> byUnit = new TreeMap<>();
    private final EnumMap<Importance, Long> byGrade = new EnumMap<>(Importance.class);
    private long total;

    /** Counts one entry. */
    public void add(LedgerEntry entry) {
        byUnit.computeIfAbsent(entry.unit(), u -> new EnumMap<>(Importance.class)).merge(entry.grade(), 1L, Long::sum);
        byGrade.merge(entry.grade(), 1L, Long::sum);
        total++;
    }

    /** The units seen, in code-point order (stable between runs). */
    public Iterable<String> units() {
        return Collections.unmodifiableSet(byUnit.keySet());
    }

    public long count(String unit, Importance grade) {
        EnumMap<Importance, Long> m = byUnit.get(unit);
        return m == null ? 0 : m.getOrDefault(grade, 0L);
    }

    public long count(String unit) {
        EnumMap<Importance, Long> m = byUnit.get(unit);
        return m == null ? 0 : m.values().stream().mapToLong(Long::longValue).sum();
    }

    public long count(Importance grade) {
        return byGrade.getOrDefault(grade, 0L);
    }

    public long total() {
        return total;
    }

    public int unitCount() {
        return byUnit.size();
    }
}
