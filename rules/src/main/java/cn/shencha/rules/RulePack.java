package cn.shencha.rules;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated rule pack: the rules with their Chinese descriptions and severities, and each detector's cue lists.
 * Built from one or more YAML sources (file name + text); sections may be spread over files, each section in one file.
 */
public final class RulePack {

    /** One YAML source of a pack. */
    public record Source(String name, String yaml) {
    }

    /** @param figure a number with a magnitude and one of the pack's units, bounded (no nested quantifiers) */
    record Econ(int window, Pattern figure) {
    }

    record Case(int window) {
    }

    /** @param list the lexicon list holding the wrong form */
    record Formulation(String wrong, String right, List<String> exceptions, String list) {
    }

    /** @param reproducedBefore a text dated (in 一九xx年 style) only before this year is a reproduced historical document */
    record History(List<Formulation> formulations, List<String> quoted, List<String> quotes, int reproducedBefore) {
    }

    /** @param quotePairs opening and closing quotation marks, two characters each */
    record Meta(List<String> quotePairs) {
    }

    record Restricted(List<String> levels, List<String> stars) {
    }

    /** An offer pattern of commercial_ad and the sub-type (rule id) it shows. */
    record OfferPattern(Pattern pattern, String rule) {
    }

    /** @param patterns the offer patterns, tried only on windows around the section's cues */
    record Ad(List<OfferPattern> patterns) {
    }

    /** @param officialUnits endings of an office's name (局, 办公室, 中心…), looked for only around a mobile number */
    record Personal(List<String> officialUnits) {
    }

    /** @param modelThreshold mean bigram weight of the spam model above which a short piece is spam */
    record Spam(int edgeChars, int runGap, double modelThreshold, List<String> markerTags) {
    }

    record Grading(int specialThreshold, int importantThreshold) {
    }

    /** The section of the meta-discourse filter that every detector shares (no rules of its own). */
    static final String META_SECTION = "meta_discourse";

    private static final Map<String, Category> SECTION_CATEGORY = Map.of(
            "econ_unreleased", Category.ECON_UNRELEASED,
            "pending_case", Category.PENDING_CASE,
            "history_wording", Category.HISTORY_WORDING,
            "restricted_doc", Category.RESTRICTED_DOC,
            "internal_secret", Category.INTERNAL_SECRET,
            "personal_info", Category.PERSONAL_INFO,
            "commercial_ad", Category.COMMERCIAL_AD,
            "hidden_link", Category.HIDDEN_LINK);

    /** Cue lists each section must have; each becomes a lexicon list named section.key. */
    private static final Map<String, Set<String>> SECTION_LISTS = Map.of(
            "econ_unreleased", Set.of("indicator_heads", "head_continuations", "generic_heads", "internal_prefixes", "internal_sources", "projection_cues", "plan_cues", "figure_units", "period_cues", "internal_cues", "sample_cues", "preliminary_cues",
                    "estimate_cues", "published_cues", "authority_cues", "release_verbs", "source_labels", "release_titles", "target_cues",
                    "past_period_cues", "completion_cues"),
            "pending_case", Set.of("criminal_stages", "litigation_stages", "enforcement_stages", "petition_stages",
                    "reconsideration_stages", "arbitration_stages", "generic_stages", "ongoing_cues", "not_party", "stage_exceptions", "progress_cues", "handling_verbs", "prohibition_cues", "criminal_markers", "litigation_markers",
                    "enforcement_markers", "petition_markers", "reconsideration_markers", "arbitration_markers", "specific_markers",
                    "conclusion_cues", "aggregate_cues", "normative_cues", "decision_titles"),
            "history_wording", Set.of("praise_cues"),
            "restricted_doc", Set.of("level_followers", "level_labels", "strong_marks", "positional_marks", "bracket_marks", "mark_followers",
                    "circulation_heads", "circulation_scopes", "circulation_verbs", "self_references", "attribute_names", "attribute_values"),
            "internal_secret", Set.of("account_labels", "password_labels", "key_labels", "version_cues"),
            "personal_info", Set.of("bank_context", "bank_labels", "phone_context_exclusions", "contact_labels", "official_titles",
                    "person_cues", "aggregate_cues", "health_cues", "identity_cues", "minor_cues", "address_cues", "dwelling_units",
                    "whereabouts_cues"),
            "commercial_ad", Set.of("price_cues", "gift_cues", "medical_cues", "contact_cues", "promo_phrases", "business_cues",
                    "triggers", "warning_cues", "public_cues", "procurement_cues"),
            "hidden_link", Set.of("gambling_terms", "porn_terms", "fraud_terms", "cert_terms", "loan_terms", "surrogacy_terms",
                    "other_terms", "weak_terms", "warning_cues"));

    /** Scalar or structured keys besides the lists, per section. */
    private static final Map<String, Set<String>> SECTION_EXTRAS = Map.of(
            "econ_unreleased", Set.of("rules", "window"),
            "pending_case", Set.of("rules", "window"),
            "history_wording", Set.of("rules", "formulations", "quoted", "quotes", "reproduced_before"),
            "restricted_doc", Set.of("rules", "classification_levels", "stars"),
            "internal_secret", Set.of("rules"),
            "personal_info", Set.of("rules", "official_units"),
            "commercial_ad", Set.of("rules", "offer_patterns"),
            "hidden_link", Set.of("rules", "edge_chars", "run_gap", "model_threshold", "marker_tags"));

    /** Rule ids each detector needs. */
    static final Map<String, Set<String>> REQUIRED_RULES = Map.of(
            "econ_unreleased", Set.of("ECON-ESTIMATE", "ECON-PRELIMINARY", "ECON-SAMPLE", "ECON-INTERNAL", "ECON-CURRENT"),
            "pending_case", Set.of("CASE-CRIMINAL", "CASE-LITIGATION", "CASE-ENFORCEMENT", "CASE-PETITION", "CASE-RECONSIDERATION",
                    "CASE-ARBITRATION", "CASE-NUMBER"),
            "history_wording", Set.of("HIST-FORM", "HIST-QUOTE"),
            "restricted_doc", Set.of("RESTRICT-CLASS", "RESTRICT-WORKSECRET", "RESTRICT-INTERNAL", "RESTRICT-ATTR"),
            "internal_secret", Set.of("SECRET-CREDENTIAL", "SECRET-KEY", "SECRET-ADDRESS", "SECRET-PATH", "SECRET-CONNECTION"),
            "personal_info", Set.of("PI-ID", "PI-MOBILE", "PI-BANK", "PI-HEALTH", "PI-IDENTITY", "PI-MINOR", "PI-ADDRESS"),
            "commercial_ad", Set.of("AD-PRICE", "AD-GIFT", "AD-MEDICAL", "AD-CONTACT", "AD-PROMO"),
            "hidden_link", Set.of("SPAM-GAMBLING", "SPAM-PORN", "SPAM-FRAUD", "SPAM-CERT", "SPAM-LOAN", "SPAM-SURROGACY", "SPAM-OTHER"));

    private final String name;
    private final Map<String, RuleInfo> rules;
    private final Lexicon lexicon;
    final Econ econ;
    final Case cases;
    final History history;
    final Restricted restricted;
    final Ad ad;
    final Spam spam;
    final Personal personal;
    final Grading grading;
    final Meta meta;
    /** The optional typo and serious-wording sections ({@link WordingSections}); null when the pack has none. */
    TypoDetector.Settings typo;
    WordingRegister wording;

    private RulePack(String name, Map<String, RuleInfo> rules, Lexicon lexicon, Econ econ, Case cases, History history,
                     Restricted restricted, Ad ad, Spam spam, Personal personal, Grading grading, Meta meta) {
        this.name = name;
        this.rules = rules;
        this.lexicon = lexicon;
        this.econ = econ;
        this.cases = cases;
        this.history = history;
        this.restricted = restricted;
        this.ad = ad;
        this.spam = spam;
        this.personal = personal;
        this.grading = grading;
        this.meta = meta;
    }

    public String name() {
        return name;
    }

    /** Every rule of the pack by id. */
    public Map<String, RuleInfo> rules() {
        return rules;
    }

    RuleInfo rule(String id) {
        return rules.get(id);
    }

    Lexicon lexicon() {
        return lexicon;
    }

    Personal personal() {
        return personal;
    }

    /** Parses and validates a pack. @throws RulePackException naming file and line */
    public static RulePack parse(List<Source> sources) {
        Map<String, PackNode> sections = new LinkedHashMap<>();
        Map<String, String> sectionFile = new HashMap<>();
        for (Source source : sources) {
            PackNode root = compose(source);
            Set<String> allowed = new java.util.HashSet<>(SECTION_LISTS.keySet());
            allowed.add("pack");
            allowed.add("importance");
            allowed.add(META_SECTION);
            allowed.addAll(WordingSections.SECTIONS);
            for (Map.Entry<String, PackNode> e : root.entries(allowed, Set.of()).entrySet()) {
                if (sections.containsKey(e.getKey())) {
                    throw e.getValue().error("section '" + e.getKey() + "' is already defined in " + sectionFile.get(e.getKey()));
                }
                sections.put(e.getKey(), e.getValue());
                sectionFile.put(e.getKey(), source.name());
            }
        }
        String first = sources.isEmpty() ? "(no files)" : sources.get(0).name();
        for (String required : List.of("pack", "importance", META_SECTION)) {
            if (!sections.containsKey(required)) {
                throw new RulePackException(first + ":1: the pack has no '" + required + "' section");
            }
        }
        Map<String, PackNode> packInfo = sections.get("pack").entries(Set.of("name", "version"), Set.of("name"));
        String packName = packInfo.get("name").string();

        Map<String, RuleInfo> rules = new LinkedHashMap<>();
        Map<String, List<String>> lists = new LinkedHashMap<>();
        Map<String, Map<String, PackNode>> parsed = new HashMap<>();
        for (Map.Entry<String, Set<String>> section : SECTION_LISTS.entrySet()) {
            PackNode node = sections.get(section.getKey());
            if (node == null) {
                throw new RulePackException(first + ":1: the pack has no '" + section.getKey() + "' section");
            }
            Set<String> allowed = new java.util.HashSet<>(section.getValue());
            allowed.addAll(SECTION_EXTRAS.get(section.getKey()));
            Set<String> required = new java.util.HashSet<>(section.getValue());
            required.add("rules");
            Map<String, PackNode> entries = node.entries(allowed, required);
            parsed.put(section.getKey(), entries);
            Category category = SECTION_CATEGORY.get(section.getKey());
            for (Map.Entry<String, PackNode> r : entries.get("rules").entries().entrySet()) {
                Map<String, PackNode> spec = r.getValue().entries(Set.of("description", "severity"), Set.of("description", "severity"));
                if (rules.containsKey(r.getKey())) {
                    throw r.getValue().error("rule id '" + r.getKey() + "' is used twice");
                }
                rules.put(r.getKey(), new RuleInfo(r.getKey(), category, spec.get("description").string(), spec.get("severity").severity()));
            }
            for (String needed : REQUIRED_RULES.get(section.getKey())) {
                if (!rules.containsKey(needed)) {
                    throw entries.get("rules").error("missing rule '" + needed + "' (its detector needs it)");
                }
            }
            for (String list : section.getValue()) {
                lists.put(section.getKey() + "." + list, entries.get(list).terms());
            }
        }
        Map<String, PackNode> econ = parsed.get("econ_unreleased");
        Map<String, PackNode> cases = parsed.get("pending_case");
        Map<String, PackNode> hist = parsed.get("history_wording");
        Map<String, PackNode> restricted = parsed.get("restricted_doc");
        Map<String, PackNode> ad = parsed.get("commercial_ad");
        Map<String, PackNode> spam = parsed.get("hidden_link");
        Map<String, PackNode> personal = parsed.get("personal_info");

        List<Formulation> formulations = new ArrayList<>();
        if (hist.containsKey("formulations")) {
            for (PackNode f : hist.get("formulations").items()) {
                Map<String, PackNode> e = f.entries(Set.of("wrong", "right", "exceptions"), Set.of("wrong", "right"));
                String wrong = NormalizedText.fold(e.get("wrong").string());
                formulations.add(new Formulation(wrong, e.get("right").string(),
                        e.containsKey("exceptions") ? e.get("exceptions").terms() : List.of(), "history_wording.form." + wrong));
                lists.put("history_wording.form." + wrong, List.of(wrong));
            }
        }
        List<String> quoted = hist.containsKey("quoted") ? hist.get("quoted").terms() : List.of();
        lists.put("history_wording.quoted", quoted);
        List<String> quotes = hist.containsKey("quotes") ? hist.get("quotes").terms() : List.of("“", "”", "\"");

        List<String> levels = restricted.containsKey("classification_levels") ? restricted.get("classification_levels").terms()
                : List.of("绝密", "机密", "秘密");
        lists.put("restricted_doc.levels", levels);
        List<String> stars = restricted.containsKey("stars") ? restricted.get("stars").terms() : List.of("★");

        Map<String, PackNode> meta = sections.get(META_SECTION).entries(Set.of("review_cues", "example_cues", "example_labels", "quote_pairs"),
                Set.of("review_cues", "example_cues", "example_labels", "quote_pairs"));
        lists.put(META_SECTION + ".review_cues", meta.get("review_cues").terms());
        lists.put(META_SECTION + ".example_labels", meta.get("example_labels").terms());
        lists.put(META_SECTION + ".example_cues", meta.get("example_cues").terms());
        List<String> quotePairs = new ArrayList<>();
        for (PackNode q : meta.get("quote_pairs").items()) {
            String pair = q.string();
            if (pair.length() != 2) {
                throw q.error("a quote pair is two characters, an opening and a closing mark, got '" + pair + "'");
            }
            quotePairs.add(NormalizedText.fold(pair));
        }
        List<String> units = new ArrayList<>(econ.get("figure_units").terms());
        if (units.isEmpty()) {
            throw econ.get("figure_units").error("econ_unreleased.figure_units: at least one unit is needed");
        }
        units.sort((a, b) -> b.length() - a.length()); // longest first: 千瓦时 before 千瓦
        Pattern figure = Pattern.compile("\\d{1,12}(?:[.,]\\d{1,6}){0,3} ?(?:万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千|百)? ?(?:"
                + units.stream().map(Pattern::quote).collect(java.util.stream.Collectors.joining("|")) + ")");

        List<OfferPattern> adPatterns = new ArrayList<>();
        if (ad.containsKey("offer_patterns")) {
            for (PackNode p : ad.get("offer_patterns").items()) {
                Map<String, PackNode> e = p.entries(Set.of("pattern", "rule"), Set.of("pattern", "rule"));
                String rule = e.get("rule").string().strip();
                if (!rules.containsKey(rule) || rules.get(rule).category() != Category.COMMERCIAL_AD) {
                    throw e.get("rule").error("'" + rule + "' is not a rule of commercial_ad");
                }
                adPatterns.add(new OfferPattern(e.get("pattern").boundedPattern(60), rule));
            }
        }
        Map<String, PackNode> grading = sections.get("importance").entries(
                Set.of("special_cues", "special_negations", "important_cues", "special_threshold", "important_threshold"),
                Set.of("special_cues", "important_cues"));
        lists.put("importance.special_cues", grading.get("special_cues").terms());
        lists.put("importance.important_cues", grading.get("important_cues").terms());

        WordingSections extra = WordingSections.parse(sections, rules, lists);
        return extra.attach(new RulePack(packName, java.util.Collections.unmodifiableMap(rules), new Lexicon(lists),
                new Econ(econ.containsKey("window") ? econ.get("window").integer(5, 500) : 24, figure),
                new Case(cases.containsKey("window") ? cases.get("window").integer(5, 500) : 50),
                new History(formulations, quoted, quotes,
                        hist.containsKey("reproduced_before") ? hist.get("reproduced_before").integer(1949, 2100) : 1986),
                new Restricted(levels, stars),
                new Ad(List.copyOf(adPatterns)),
                new Spam(spam.containsKey("edge_chars") ? spam.get("edge_chars").integer(1, 1000) : 40,
                        spam.containsKey("run_gap") ? spam.get("run_gap").integer(0, 200) : 12,
                        spam.containsKey("model_threshold") ? spam.get("model_threshold").decimal(0.0, 8.0) : 1.5,
                        spam.containsKey("marker_tags") ? spam.get("marker_tags").terms() : List.of()),
                new Personal(personal.containsKey("official_units") ? personal.get("official_units").terms() : List.of()),
                new Grading(grading.containsKey("special_threshold") ? grading.get("special_threshold").integer(1, 20) : 1,
                        grading.containsKey("important_threshold") ? grading.get("important_threshold").integer(1, 20) : 1),
                new Meta(List.copyOf(quotePairs))));
    }

    private static PackNode compose(Source source) {
        if (source.yaml().isBlank()) {
            throw new RulePackException(source.name() + ":1: the file is empty");
        }
        LoadSettings settings = LoadSettings.builder().setLabel(source.name()).build();
        try {
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, source.yaml())));
            Node node = composer.getSingleNode().orElseThrow(() -> new RulePackException(source.name() + ":1: the file is empty"));
            return new PackNode(source.name(), node, "");
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            throw new RulePackException(source.name() + ":" + line + ": not valid YAML: " + e.getProblem(), e);
        } catch (YamlEngineException e) {
            throw new RulePackException(source.name() + ":1: not valid YAML: " + e.getMessage(), e);
        }
    }
}
