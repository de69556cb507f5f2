package cn.shencha.rules;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The serious-wording register (严重表述错误登记簿) of the pack's {@code serious_wording} section: leaders with their
 * titles, units, rank order and the dates each title was held; Party and state institutions with their full, short and
 * known wrong names; fixed political formulations in their authoritative wording (with known wrong forms, and for an
 * enumeration its items in order); the district's towns, streets and departments. Validated on load: every problem
 * names its file and line.
 */
final class WordingRegister {

    /** One title a leader holds or held; {@code to} null while it is held. Lower rank = listed first. */
    record Leader(String name, String title, String unit, int rank, String level, LocalDate from, LocalDate to) {
        boolean currentOn(LocalDate day) {
            return (from == null || !day.isBefore(from)) && (to == null || !day.isAfter(to));
        }
    }

    /** A fixed formulation: its authoritative wording, known wrong forms, and for an enumeration its items in order. */
    record Formulation(String right, List<String> wrong, List<String> items, boolean nearMiss) {
    }

    /** A wrong form and what it should be. */
    record Wrong(String wrong, String right, Category category, String rule) {
    }

    /** Titles an official's name is commonly written with, besides those of the register. */
    static final List<String> GENERIC_TITLES = List.of("书记", "副书记", "常委", "区长", "副区长", "市长", "副市长", "省长", "副省长",
            "县长", "副县长", "镇长", "副镇长", "主任", "副主任", "主席", "副主席", "局长", "副局长", "部长", "副部长", "委员长",
            "副委员长", "总理", "副总理", "院长", "副院长", "检察长", "副检察长", "秘书长", "副秘书长", "组长", "副组长", "区委书记",
            "区委副书记", "市委书记", "市委副书记", "省委书记", "省委副书记", "总书记", "国家主席", "政协主席", "人大常委会主任",
            "纪委书记", "监委主任", "组织部部长", "宣传部部长", "统战部部长", "政法委书记", "常务副区长", "常务副市长", "街道党工委书记",
            "镇党委书记", "国务委员");

    static final List<String> DEFAULT_PAST_CUES = List.of("时任", "原任", "曾任", "原", "前任", "当时", "期间", "历任", "卸任", "离任");

    private final List<Leader> leaders;
    private final Map<String, List<Leader>> byName;
    private final List<Formulation> formulations;
    private final Map<String, Wrong> wrongForms;
    /** Head (first four characters) → the registered names starting with it, checked for near misses. */
    private final Map<String, List<String>> heads;
    private final Map<String, String> nameVariants;
    private final Map<String, String> placeVariants;
    private final Set<String> titles;
    private final List<String> pastCues;
    private final Set<String> terms;

    private WordingRegister(List<Leader> leaders, List<Formulation> formulations, Map<String, Wrong> wrongForms,
                            Map<String, List<String>> heads, Map<String, String> nameVariants, Map<String, String> placeVariants,
                            Set<String> titles, List<String> pastCues, Set<String> terms) {
        this.leaders = leaders;
        this.formulations = formulations;
        this.wrongForms = wrongForms;
        this.heads = heads;
        this.nameVariants = nameVariants;
        this.placeVariants = placeVariants;
        this.titles = titles;
        this.pastCues = pastCues;
        this.terms = terms;
        Map<String, List<Leader>> m = new HashMap<>();
        for (Leader l : leaders) {
            m.computeIfAbsent(l.name(), k -> new ArrayList<>()).add(l);
        }
        this.byName = m;
    }

    List<Leader> leaders() {
        return leaders;
    }

    List<Leader> titlesOf(String name) {
        return byName.getOrDefault(name, List.of());
    }

    List<Formulation> formulations() {
        return formulations;
    }

    Wrong wrongForm(String term) {
        return wrongForms.get(term);
    }

    List<String> headed(String head) {
        return heads.getOrDefault(head, List.of());
    }

    String nameFor(String variant) {
        return nameVariants.get(variant);
    }

    String placeFor(String variant) {
        return placeVariants.get(variant);
    }

    boolean isTitle(String s) {
        return titles.contains(s);
    }

    List<String> pastCues() {
        return pastCues;
    }

    boolean isTerm(String s) {
        return terms.contains(s);
    }

    /** The lexicon lists the detector scans for. */
    Map<String, List<String>> lists() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put("serious_wording.names", List.copyOf(byName.keySet()));
        out.put("serious_wording.name_variants", List.copyOf(nameVariants.keySet()));
        out.put("serious_wording.place_variants", List.copyOf(placeVariants.keySet()));
        out.put("serious_wording.titles", List.copyOf(titles));
        out.put("serious_wording.wrong", List.copyOf(wrongForms.keySet()));
        out.put("serious_wording.heads", List.copyOf(heads.keySet()));
        Set<String> items = new LinkedHashSet<>();
        for (Formulation f : formulations) {
            items.addAll(f.items());
        }
        out.put("serious_wording.items", List.copyOf(items));
        out.put("serious_wording.past_cues", pastCues);
        out.put("serious_wording.terms", List.copyOf(terms));
        return out;
    }

    static WordingRegister parse(Map<String, PackNode> section) {
        List<Leader> leaders = new ArrayList<>();
        Set<String> titles = new LinkedHashSet<>(GENERIC_TITLES);
        Set<String> terms = new LinkedHashSet<>();
        Map<String, Wrong> wrong = new LinkedHashMap<>();
        Map<String, List<String>> heads = new LinkedHashMap<>();
        List<Formulation> formulations = new ArrayList<>();
        List<String> places = new ArrayList<>();
        if (section.containsKey("leaders")) {
            for (PackNode item : section.get("leaders").items()) {
                Map<String, PackNode> e = item.entries(Set.of("name", "title", "unit", "rank", "level", "from", "to"),
                        Set.of("name", "title", "rank"));
                String name = NormalizedText.fold(e.get("name").string().strip());
                if (name.length() < 2 || name.length() > 6) {
                    throw e.get("name").error("a leader's name has 2 to 6 characters, got '" + name + "'");
                }
                LocalDate from = e.containsKey("from") ? date(e.get("from")) : null;
                LocalDate to = e.containsKey("to") ? date(e.get("to")) : null;
                if (from != null && to != null && to.isBefore(from)) {
                    throw e.get("to").error("'to' " + to + " is before 'from' " + from);
                }
                String title = NormalizedText.fold(e.get("title").string().strip());
                leaders.add(new Leader(name, title, e.containsKey("unit") ? e.get("unit").string().strip() : "",
                        e.get("rank").integer(1, 10000), e.containsKey("level") ? e.get("level").string().strip() : "district", from, to));
                titles.add(title);
                terms.add(name);
            }
        }
        if (section.containsKey("institutions")) {
            for (PackNode item : section.get("institutions").items()) {
                Map<String, PackNode> e = item.entries(Set.of("name", "short", "wrong", "near_miss"), Set.of("name"));
                String name = NormalizedText.fold(e.get("name").string().strip());
                terms.add(name);
                List<String> shorts = e.containsKey("short") ? e.get("short").terms() : List.of();
                terms.addAll(shorts);
                for (String w : e.containsKey("wrong") ? e.get("wrong").terms() : List.<String>of()) {
                    putWrong(wrong, e.get("wrong"), new Wrong(w, name, Category.SERIOUS_WORDING, "WORDING-INSTITUTION"));
                }
                boolean near = !e.containsKey("near_miss") || bool(e.get("near_miss"));
                if (near && name.length() >= 8) {
                    heads.computeIfAbsent(name.substring(0, 4), k -> new ArrayList<>()).add(name);
                }
            }
        }
        if (section.containsKey("formulations")) {
            for (PackNode item : section.get("formulations").items()) {
                Map<String, PackNode> e = item.entries(Set.of("right", "wrong", "items", "near_miss"), Set.of("right"));
                String right = NormalizedText.fold(e.get("right").string().strip());
                List<String> wrongs = e.containsKey("wrong") ? e.get("wrong").terms() : List.of();
                List<String> items = e.containsKey("items") ? e.get("items").terms() : List.of();
                if (e.containsKey("items") && items.size() < 2) {
                    throw e.get("items").error("an enumeration has at least two items");
                }
                boolean near = e.containsKey("near_miss") ? bool(e.get("near_miss")) : right.length() >= 8;
                if (near && right.length() < 6) {
                    throw e.get("near_miss").error("near-miss checking needs a formulation of at least 6 characters");
                }
                for (String w : wrongs) {
                    if (w.equals(right)) {
                        throw e.get("wrong").error("the wrong form '" + w + "' is the authoritative one");
                    }
                    putWrong(wrong, e.get("wrong"), new Wrong(w, right, Category.SERIOUS_WORDING, "WORDING-FORMULATION"));
                }
                if (near) {
                    heads.computeIfAbsent(right.substring(0, 4), k -> new ArrayList<>()).add(right);
                }
                formulations.add(new Formulation(right, wrongs, items, near));
                terms.add(right);
                terms.addAll(items);
            }
        }
        if (section.containsKey("places")) {
            for (String p : section.get("places").terms()) {
                places.add(p);
                terms.add(p);
            }
        }
        List<String> pastCues = section.containsKey("past_cues") ? section.get("past_cues").terms() : DEFAULT_PAST_CUES;
        Map<String, String> nameVariants = new LinkedHashMap<>();
        Map<String, String> placeVariants = new LinkedHashMap<>();
        ConfusionSets confusions = TypoDetector.Model.shipped().confusions;
        for (Leader l : leaders) {
            variants(l.name(), confusions, terms, nameVariants);
        }
        for (String p : places) {
            if (p.length() >= 3) {
                variants(p, confusions, terms, placeVariants);
            }
        }
        return new WordingRegister(List.copyOf(leaders), List.copyOf(formulations), wrong, heads, nameVariants, placeVariants,
                titles, pastCues, terms);
    }

    /** Every form of {@code name} with one character replaced by a same-sound or observed-confusion character. */
    private static void variants(String name, ConfusionSets confusions, Set<String> registered, Map<String, String> out) {
        char[] s = name.toCharArray();
        for (int i = 0; i < s.length; i++) {
            char c = s[i];
            ConfusionSets.Candidate[] cands = confusions.of(c);
            if (cands == null) {
                continue;
            }
            for (ConfusionSets.Candidate cand : cands) {
                if (cand.kind() == ConfusionSets.Kind.NEAR_SOUND) {
                    continue;
                }
                s[i] = cand.right();
                String v = new String(s);
                if (!registered.contains(v)) {
                    out.putIfAbsent(v, name);
                }
            }
            s[i] = c;
        }
    }

    private static void putWrong(Map<String, Wrong> wrong, PackNode where, Wrong w) {
        Wrong had = wrong.putIfAbsent(w.wrong(), w);
        if (had != null && !had.right().equals(w.right())) {
            throw where.error("the wrong form '" + w.wrong() + "' is already listed for '" + had.right() + "'");
        }
    }

    private static LocalDate date(PackNode n) {
        String v = n.string().strip();
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw n.error("a date is written YYYY-MM-DD, got '" + v + "'");
        }
    }

    private static boolean bool(PackNode n) {
        String v = n.string().strip().toLowerCase();
        if (!v.equals("true") && !v.equals("false")) {
            throw n.error("must be true or false, got '" + v + "'");
        }
        return v.equals("true");
    }
}
