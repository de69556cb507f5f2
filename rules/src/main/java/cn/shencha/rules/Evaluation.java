package cn.shencha.rules;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Scores an analyzer on labeled texts (the format of the dev corpus): per-category precision, recall and F1 at the
 * text level, how often a finding covers the labeled evidence, importance accuracy, the same split by script, and —
 * for files of clean texts — findings per 100,000 characters and the texts with any finding.
 */
public final class Evaluation {

    /**
     * One labeled text. {@code evidence.get(i)} justifies {@code labels.get(i)} when both are given.
     *
     * @param labels     null when the text carries no labels (a file of clean texts counts as labeled clean)
     * @param importance null when not labeled
     * @param subtypes   the sub-type ids of the text (rule ids of GUIDELINES.md, NEG-… for hard negatives), or null
     *                   when the file does not give them (dev.jsonl)
     */
    public record LabeledText(String id, String text, List<Category> labels, List<String> evidence, Importance importance,
                              String script, List<String> subtypes) {

        public LabeledText(String id, String text, List<Category> labels, List<String> evidence, Importance importance,
                           String script) {
            this(id, text, labels, evidence, importance, script, null);
        }
    }

    /**
     * Counts for one sub-type. For a sub-type that is a finding: {@code labelled} texts carry it, {@code found} of them
     * got a finding of its category, {@code exact} of them a finding whose rule is this sub-type; {@code fired} texts got
     * a finding with this rule, {@code wrong} of them do not carry its category (false alarms). For a hard negative
     * (NEG-…): {@code found} of the {@code labelled} texts got a finding of its category anyway.
     */
    public record SubtypeScore(Category category, int labelled, int found, int exact, int fired, int wrong) {
        public double recall() {
            return labelled == 0 ? 1.0 : (double) found / labelled;
        }

        public double precision() {
            return fired == 0 ? 1.0 : (double) (fired - wrong) / fired;
        }
    }

    /** Counts for one category. */
    public record Score(int truePositives, int falsePositives, int falseNegatives) {
        public double precision() {
            return truePositives + falsePositives == 0 ? 1.0 : (double) truePositives / (truePositives + falsePositives);
        }

        public double recall() {
            return truePositives + falseNegatives == 0 ? 1.0 : (double) truePositives / (truePositives + falseNegatives);
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        Score plus(Score o) {
            return new Score(truePositives + o.truePositives, falsePositives + o.falsePositives, falseNegatives + o.falseNegatives);
        }
    }

    /** A text whose predicted labels differ from its labels. */
    public record Miss(String id, Set<Category> expected, Set<Category> predicted) {
    }

    /** The whole evaluation. */
    public record Report(int texts, long characters, Map<Category, Score> byCategory, Map<String, Score> byScript,
                         int evidenceTotal, int evidenceHit, int importanceTotal, int importanceCorrect, int findings,
                         int textsWithFindings, List<Miss> misses, Map<String, SubtypeScore> bySubtype) {

        public Score micro() {
            Score s = new Score(0, 0, 0);
            for (Score c : byCategory.values()) {
                s = s.plus(c);
            }
            return s;
        }

        public double findingsPer100kChars() {
            return characters == 0 ? 0 : findings * 100_000.0 / characters;
        }

        public double evidenceHitRate() {
            return evidenceTotal == 0 ? 1.0 : (double) evidenceHit / evidenceTotal;
        }

        public double importanceAccuracy() {
            return importanceTotal == 0 ? 1.0 : (double) importanceCorrect / importanceTotal;
        }

        /** The report as a plain-text table. */
        public String table() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%-16s %5s %5s %5s %9s %7s %7s%n", "category", "TP", "FP", "FN", "precision", "recall", "F1"));
            for (Map.Entry<Category, Score> e : byCategory.entrySet()) {
                Score s = e.getValue();
                sb.append(String.format(Locale.ROOT, "%-16s %5d %5d %5d %9.3f %7.3f %7.3f%n", e.getKey(), s.truePositives(),
                        s.falsePositives(), s.falseNegatives(), s.precision(), s.recall(), s.f1()));
            }
            Score m = micro();
            sb.append(String.format(Locale.ROOT, "%-16s %5d %5d %5d %9.3f %7.3f %7.3f%n", "all (micro)", m.truePositives(),
                    m.falsePositives(), m.falseNegatives(), m.precision(), m.recall(), m.f1()));
            for (Map.Entry<String, Score> e : byScript.entrySet()) {
                Score s = e.getValue();
                sb.append(String.format(Locale.ROOT, "%-16s %5d %5d %5d %9.3f %7.3f %7.3f%n", "script " + e.getKey(),
                        s.truePositives(), s.falsePositives(), s.falseNegatives(), s.precision(), s.recall(), s.f1()));
            }
            sb.append(String.format(Locale.ROOT, "evidence spans hit: %d of %d (%.3f)%n", evidenceHit, evidenceTotal, evidenceHitRate()));
            sb.append(String.format(Locale.ROOT, "importance accuracy: %d of %d (%.3f)%n", importanceCorrect, importanceTotal, importanceAccuracy()));
            sb.append(String.format(Locale.ROOT, "texts: %d, characters: %d, findings: %d (%.2f per 100,000 characters), texts with any finding: %d%n",
                    texts, characters, findings, findingsPer100kChars(), textsWithFindings));
            if (!bySubtype.isEmpty()) {
                sb.append(subtypeTable());
            }
            return sb.toString();
        }

        /**
         * Per sub-type: recall by the texts' labelled sub-types (category found; exact = a finding with that rule),
         * precision by the findings' rule; for hard negatives, how many were flagged.
         */
        public String subtypeTable() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%-22s %-16s %6s %6s %6s %7s %6s %6s %9s%n", "sub-type", "category", "texts",
                    "found", "exact", "recall", "fired", "wrong", "precision"));
            for (Map.Entry<String, SubtypeScore> e : bySubtype.entrySet()) {
                SubtypeScore s = e.getValue();
                String category = s.category() == null ? "?" : s.category().name();
                if (isNegative(e.getKey())) {
                    sb.append(String.format(Locale.ROOT, "%-22s %-16s %6d %6s %6s %7s %6s %6s %9s  flagged %d%n", e.getKey(),
                            category, s.labelled(), "", "", "", "", "", "", s.found()));
                } else {
                    sb.append(String.format(Locale.ROOT, "%-22s %-16s %6d %6d %6d %7.3f %6d %6d %9.3f%n", e.getKey(), category,
                            s.labelled(), s.found(), s.exact(), s.recall(), s.fired(), s.wrong(), s.precision()));
                }
            }
            return sb.toString();
        }
    }

    private Evaluation() {
    }

    /** Whether a sub-type id names a hard negative (NEG-…). */
    public static boolean isNegative(String subtype) {
        return subtype.startsWith("NEG-");
    }

    /** Sub-type id prefixes (after NEG-) and their categories, for ids the pack does not declare. */
    private static final Map<String, Category> PREFIXES = Map.of("ECON", Category.ECON_UNRELEASED, "CASE", Category.PENDING_CASE,
            "HIST", Category.HISTORY_WORDING, "RESTRICT", Category.RESTRICTED_DOC, "SECRET", Category.INTERNAL_SECRET,
            "PI", Category.PERSONAL_INFO, "AD", Category.COMMERCIAL_AD, "SPAM", Category.HIDDEN_LINK);

    /** The category of a sub-type id: the pack's rule of that id, else by its prefix (ECON-…, NEG-CASE-…); null if neither. */
    static Category categoryOf(String subtype, RulePack pack) {
        RuleInfo rule = pack.rules().get(subtype);
        if (rule != null) {
            return rule.category();
        }
        String id = isNegative(subtype) ? subtype.substring(4) : subtype;
        int dash = id.indexOf('-');
        return PREFIXES.get(dash < 0 ? id : id.substring(0, dash));
    }

    public static Report run(SecrecyAnalyzer analyzer, List<LabeledText> texts) {
        Map<Category, int[]> counts = new EnumMap<>(Category.class);
        for (Category c : Category.values()) {
            if (c != Category.TAMPERED) {
                counts.put(c, new int[3]);
            }
        }
        Map<String, int[]> scripts = new java.util.TreeMap<>();
        int evidenceTotal = 0;
        int evidenceHit = 0;
        int importanceTotal = 0;
        int importanceCorrect = 0;
        int findings = 0;
        int withFindings = 0;
        long characters = 0;
        List<Miss> misses = new ArrayList<>();
        RulePack pack = analyzer.pack();
        Map<String, int[]> subtypes = new java.util.TreeMap<>();
        for (LabeledText t : texts) {
            Analysis a = analyzer.analyze(t.text());
            characters += t.text().length();
            findings += a.findings().size();
            if (!a.findings().isEmpty()) {
                withFindings++;
            }
            Set<Category> expected = t.labels() == null ? Set.of() : Set.copyOf(t.labels());
            Set<Category> predicted = a.labels();
            int[] script = scripts.computeIfAbsent(t.script() == null ? "unknown" : t.script(), k -> new int[3]);
            for (Map.Entry<Category, int[]> e : counts.entrySet()) {
                boolean exp = expected.contains(e.getKey());
                boolean pred = predicted.contains(e.getKey());
                int slot = exp && pred ? 0 : pred ? 1 : exp ? 2 : -1;
                if (slot >= 0) {
                    e.getValue()[slot]++;
                    script[slot]++;
                }
            }
            if (!expected.equals(predicted)) {
                misses.add(new Miss(t.id(), expected, predicted));
            }
            if (t.subtypes() != null) {
                Set<String> rules = new java.util.HashSet<>();
                a.findings().forEach(f -> rules.add(f.rule()));
                for (String st : Set.copyOf(t.subtypes())) {
                    int[] n = subtypes.computeIfAbsent(st, k -> new int[5]);
                    Category c = categoryOf(st, pack);
                    n[0]++;
                    if (c != null && predicted.contains(c)) {
                        n[1]++;
                    }
                    if (rules.contains(st)) {
                        n[2]++;
                    }
                }
                for (Finding f : a.findings()) {
                    if (rules.remove(f.rule())) { // once per text and rule
                        int[] n = subtypes.computeIfAbsent(f.rule(), k -> new int[5]);
                        n[3]++;
                        n[4] += expected.contains(f.category()) ? 0 : 1;
                    }
                }
            }
            if (t.labels() != null && t.evidence() != null) {
                for (int i = 0; i < Math.min(t.labels().size(), t.evidence().size()); i++) {
                    String ev = t.evidence().get(i);
                    int at = ev == null || ev.isEmpty() ? -1 : t.text().indexOf(ev);
                    if (at < 0) {
                        continue;
                    }
                    evidenceTotal++;
                    Category c = t.labels().get(i);
                    int evEnd = at + ev.length();
                    if (a.findings().stream().anyMatch(f -> f.category() == c && f.start() < evEnd && f.end() > at)) {
                        evidenceHit++;
                    }
                }
            }
            if (t.importance() != null) {
                importanceTotal++;
                if (t.importance() == a.importance()) {
                    importanceCorrect++;
                }
            }
        }
        Map<Category, Score> byCategory = new EnumMap<>(Category.class);
        counts.forEach((c, n) -> byCategory.put(c, new Score(n[0], n[1], n[2])));
        Map<String, Score> byScript = new java.util.TreeMap<>();
        scripts.forEach((k, n) -> byScript.put(k, new Score(n[0], n[1], n[2])));
        Map<String, SubtypeScore> bySubtype = new java.util.TreeMap<>(java.util.Comparator
                .comparing((String k) -> java.util.Objects.requireNonNullElse(categoryOf(k, pack), Category.TAMPERED))
                .thenComparing(Evaluation::isNegative).thenComparing(k -> k));
        subtypes.forEach((k, n) -> bySubtype.put(k, new SubtypeScore(categoryOf(k, pack), n[0], n[1], n[2], n[3], n[4])));
        return new Report(texts.size(), characters, byCategory, byScript, evidenceTotal, evidenceHit, importanceTotal,
                importanceCorrect, findings, withFindings, misses, bySubtype);
    }
}
