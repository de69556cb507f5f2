package cn.shencha.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The result of analyzing one text: its findings (ordered by start offset), its importance grade and the reasons
 * for that grade.
 */
public record Analysis(List<Finding> findings, Importance importance, List<String> importanceReasons) {
    public Analysis {
        findings = List.copyOf(findings);
        importanceReasons = List.copyOf(importanceReasons);
    }

    /** The distinct categories of the findings, in {@link Category} order. */
    public Set<Category> labels() {
        EnumSet<Category> labels = EnumSet.noneOf(Category.class);
        for (Finding f : findings) {
            labels.add(f.category());
        }
        return Collections.unmodifiableSet(labels);
    }

    /** The most severe finding's severity, or null when there are none. */
    public Severity maxSeverity() {
        Severity max = null;
        for (Finding f : findings) {
            if (max == null || f.severity().atLeast(max)) {
                max = f.severity();
            }
        }
        return max;
    }

    public Analysis withExtraFindings(List<Finding> extra) {
        List<Finding> all = new ArrayList<>(findings);
        all.addAll(extra);
        all.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start()) : Integer.compare(a.end(), b.end()));
        return new Analysis(all, importance, importanceReasons);
    }
}
