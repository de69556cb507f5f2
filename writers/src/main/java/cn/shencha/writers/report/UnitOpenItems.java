package cn.shencha.writers.report;

import cn.shencha.rules.Importance;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A unit's open items by grade, for the bar chart of open items by unit.
 *
 * @param unit the unit's name
 * @param open open items by grade (every grade present)
 */
public record UnitOpenItems(String unit, Map<Importance, Long> open) {
    public UnitOpenItems {
        EnumMap<Importance, Long> m = new EnumMap<>(Importance.class);
        for (Importance g : Importance.values()) {
            Long v = open == null ? null : open.get(g);
            m.put(g, v == null ? 0L : v);
        }
        open = Collections.unmodifiableMap(m);
    }

    public long total() {
        return open.values().stream().mapToLong(Long::longValue).sum();
    }
}
