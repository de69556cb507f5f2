package cn.shencha.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The result of analyzing one text: its findings (ordered by start offset), its importance grade and the reasons
 * for that grade, and — when the analysis stopped before the end of the text (its time or size budget ran out) — why:
 * such a text is <em>not fully analyzed</em>, and a finding-free result for it must never be read as clean.
 */
public record Analysis(List<Finding> findings, Importance importance, List<String> importanceReasons, String incompleteReason) {
    public Analysis {
        findings = List.copyOf(findings);
        importanceReasons = List.copyOf(importanceReasons);
    }

    /** A complete analysis. */
    public Analysis(List<Finding> findings, Importance importance, List<String> importanceReasons) {
        this(findings, importance, importanceReasons, null);
    }

    /** Whether every part of the text was analyzed (false: see {@link #incompleteReason()}). */
    public boolean complete() {
        return incompleteReason == null;
    }

    /** This analysis marked as not fully analyzed, for the given reason. */
    public Analysis incomplete(String reason) {
        return new Analysis(findings, importance, importanceReasons, reason);
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
        return new Analysis(all, importance, importanceReasons, incompleteReason);
    }
}
