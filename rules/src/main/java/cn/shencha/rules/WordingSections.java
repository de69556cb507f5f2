package cn.shencha.rules;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pack's optional {@code typo} and {@code serious_wording} sections: their rules, the typo detector's settings and
 * the serious-wording register ({@link WordingRegister}). A pack without them has neither detector.
 */
final class WordingSections {

    static final Set<String> SECTIONS = Set.of("typo", "serious_wording");

    private final TypoDetector.Settings typo;
    private final WordingRegister wording;

    private WordingSections(TypoDetector.Settings typo, WordingRegister wording) {
        this.typo = typo;
        this.wording = wording;
    }

    RulePack attach(RulePack pack) {
        pack.typo = typo;
        pack.wording = wording;
        return pack;
    }

    /** Parses the sections present; adds their rules to {@code rules} and their term lists to {@code lists}. */
    static WordingSections parse(Map<String, PackNode> sections, Map<String, RuleInfo> rules, Map<String, List<String>> lists) {
        TypoDetector.Settings typo = null;
        PackNode t = sections.get("typo");
        if (t != null) {
            Map<String, PackNode> e = t.entries(Set.of("rules", "threshold", "priors", "common_bigram", "protected_terms"), Set.of("rules"));
            addRules(e.get("rules"), Category.TYPO, Set.of("TYPO-CHAR"), rules);
            TypoDetector.Settings d = TypoDetector.Settings.DEFAULT;
            double threshold = e.containsKey("threshold") ? decimal(e.get("threshold"), 0, 50) : d.threshold();
            double[] priors = d.priors().clone();
            if (e.containsKey("priors")) {
                Map<String, PackNode> p = e.get("priors").entries(Set.of("observed", "same_tone", "same_sound", "near_sound"), Set.of());
                String[] names = {"observed", "same_tone", "same_sound", "near_sound"};
                for (int i = 0; i < names.length; i++) {
                    if (p.containsKey(names[i])) {
                        priors[i] = decimal(p.get(names[i]), -50, 50);
                    }
                }
            }
            int common = e.containsKey("common_bigram") ? e.get("common_bigram").integer(1, 100000) : d.common();
            typo = new TypoDetector.Settings(threshold, priors, common, d.minCount(), d.wordBonus(), d.wordPenalty(), d.noWordPenalty(),
                    d.pairPrior());
            lists.put("typo.protected_terms", e.containsKey("protected_terms") ? e.get("protected_terms").terms() : List.of());
        }
        WordingRegister wording = null;
        PackNode w = sections.get("serious_wording");
        if (w != null) {
            Map<String, PackNode> e = w.entries(Set.of("rules", "leaders", "institutions", "formulations", "places", "past_cues"),
                    Set.of("rules"));
            addRules(e.get("rules"), Category.SERIOUS_WORDING,
                    Set.of("WORDING-TITLE", "WORDING-NAME", "WORDING-ORDER", "WORDING-FORMULATION", "WORDING-INSTITUTION"), rules);
            wording = WordingRegister.parse(e);
            lists.putAll(wording.lists());
        }
        return new WordingSections(typo, wording);
    }

    private static void addRules(PackNode node, Category category, Set<String> required, Map<String, RuleInfo> rules) {
        for (Map.Entry<String, PackNode> r : node.entries().entrySet()) {
            Map<String, PackNode> spec = r.getValue().entries(Set.of("description", "severity"), Set.of("description", "severity"));
            if (rules.containsKey(r.getKey())) {
                throw r.getValue().error("rule id '" + r.getKey() + "' is used twice");
            }
            rules.put(r.getKey(), new RuleInfo(r.getKey(), category, spec.get("description").string(), spec.get("severity").severity()));
        }
        for (String needed : required) {
            if (!rules.containsKey(needed)) {
                throw node.error("missing rule '" + needed + "' (its detector needs it)");
            }
        }
    }

    static double decimal(PackNode node, double min, double max) {
        String v = node.string().strip();
        try {
            double d = Double.parseDouble(v);
            if (d < min || d > max) {
                throw node.error("must be between " + min + " and " + max + ", got " + v);
            }
            return d;
        } catch (NumberFormatException ex) {
            throw node.error("must be a number, got '" + v + "'");
        }
    }
}
