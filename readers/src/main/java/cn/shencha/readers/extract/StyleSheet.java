package cn.shencha.readers.extract;

import org.jsoup.nodes.Element;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of a page's CSS that decides whether text is visible: rules from its {@code <style>} blocks whose selectors
 * are simple (a tag, {@code .class}, {@code #id}, or one compound of them such as {@code div.x#y}), plus each element's
 * inline {@code style}. Rules with combinators, pseudo-classes or attribute selectors, and everything inside at-rules
 * ({@code @media} and the like: a menu hidden only on a phone is not hidden text), are ignored. The cascade is the
 * usual one: {@code !important}, then inline over sheet, then specificity, then source order.
 *
 * <p>Crawled CSS is hostile input: the text read, the number of rules and the declarations per rule are capped, and so
 * is the matching one page's sheet may cost ({@value #MAX_MATCH_WORK} candidate rules tried, over all elements): past
 * it the sheet is no longer applied (inline styles still are) and {@link #exhausted()} says so.
 */
final class StyleSheet {

    static final int MAX_CSS_CHARS = 1_000_000;
    static final int MAX_RULES = 20_000;
    private static final int MAX_DECLARATIONS = 200;
    static final long MAX_MATCH_WORK = 5_000_000;
    private static final Pattern SIMPLE_SELECTOR = Pattern.compile(
            "([a-zA-Z][a-zA-Z0-9-]*|\\*)?((?:[.#][-_a-zA-Z0-9\\u00A0-\\uFFFF]+)*)");
    private static final Pattern SELECTOR_PART = Pattern.compile("([.#])([-_a-zA-Z0-9\\u00A0-\\uFFFF]+)");

    /** One declared value and whether it is {@code !important}. */
    record Declaration(String value, boolean important) {
    }

    private record Rule(String tag, String id, List<String> classes, int specificity, int order,
                        Map<String, Declaration> declarations) {

        boolean matches(Element e) {
            if (tag != null && !tag.equalsIgnoreCase(e.normalName())) {
                return false;
            }
            if (id != null && !id.equals(e.id())) {
                return false;
            }
            if (!classes.isEmpty()) {
                Set<String> names = e.classNames();
                return names.containsAll(classes);
            }
            return true;
        }
    }

    static final StyleSheet EMPTY = new StyleSheet();

    private final Map<String, List<Rule>> rulesByKey = new HashMap<>();
    private int ruleCount;
    private long work;
    private boolean exhausted;

    private StyleSheet() {
    }

    /** The simple rules of the given CSS texts (the page's style blocks, in document order). */
    static StyleSheet parse(List<String> cssTexts) {
        StyleSheet sheet = new StyleSheet();
        int budget = MAX_CSS_CHARS;
        for (String css : cssTexts) {
            if (budget <= 0) {
                break;
            }
            String text = css.length() > budget ? css.substring(0, budget) : css;
            budget -= text.length();
            sheet.read(stripComments(text));
        }
        return sheet;
    }

    boolean isEmpty() {
        return ruleCount == 0;
    }

    /** Whether matching ran out of its budget, so that the sheet was not applied to every element. */
    boolean exhausted() {
        return exhausted;
    }

    /** The cascaded declarations (property → value, lower case property names) for an element. */
    Map<String, String> computed(Element e) {
        List<Rule> candidates = new ArrayList<>();
        if (ruleCount > 0 && !exhausted) {
            addCandidates(candidates, "*");
            addCandidates(candidates, e.normalName());
            if (!e.id().isEmpty()) {
                addCandidates(candidates, "#" + e.id());
            }
            for (String c : e.classNames()) {
                addCandidates(candidates, "." + c);
            }
            work += candidates.size() + 1;
            if (work > MAX_MATCH_WORK) {
                exhausted = true;
                candidates.clear();
            }
        }
        Map<String, Declaration> winner = new HashMap<>();
        if (!candidates.isEmpty()) {
            candidates.sort(Comparator.comparingInt(Rule::specificity).thenComparingInt(Rule::order));
            Rule previous = null;
            for (Rule r : candidates) {
                if (r == previous || !r.matches(e)) {
                    continue;
                }
                previous = r;
                apply(winner, r.declarations());
            }
        }
        String inline = e.attr("style");
        if (!inline.isBlank()) {
            apply(winner, declarations(inline));
        }
        Map<String, String> out = new HashMap<>();
        winner.forEach((k, v) -> out.put(k, v.value()));
        return out;
    }

    private void addCandidates(List<Rule> into, String key) {
        List<Rule> rules = rulesByKey.get(key);
        if (rules != null) {
            into.addAll(rules); // each rule is under one key, and an element's keys differ: no rule comes twice
        }
    }

    private static void apply(Map<String, Declaration> winner, Map<String, Declaration> declarations) {
        for (Map.Entry<String, Declaration> d : declarations.entrySet()) {
            Declaration old = winner.get(d.getKey());
            if (old == null || !old.important() || d.getValue().important()) {
                winner.put(d.getKey(), d.getValue());
            }
        }
    }

    private void read(String css) {
        int i = 0;
        int n = css.length();
        while (i < n && ruleCount < MAX_RULES) {
            char c = css.charAt(i);
            if (Character.isWhitespace(c) || c == '}' || c == ';') {
                i++;
                continue;
            }
            if (c == '@') {
                int semi = css.indexOf(';', i);
                int brace = css.indexOf('{', i);
                if (brace < 0 || (semi >= 0 && semi < brace)) {
                    i = semi < 0 ? n : semi + 1;
                } else {
                    i = skipBlock(css, brace);
                }
                continue;
            }
            int open = css.indexOf('{', i);
            if (open < 0) {
                return;
            }
            int close = css.indexOf('}', open);
            if (close < 0) {
                close = n;
            }
            String selectors = css.substring(i, open);
            String body = css.substring(open + 1, close);
            i = close + 1;
            Map<String, Declaration> declarations = declarations(body);
            if (declarations.isEmpty()) {
                continue;
            }
            for (String selector : selectors.split(",")) {
                addRule(selector.strip(), declarations);
            }
        }
    }

    private void addRule(String selector, Map<String, Declaration> declarations) {
        if (selector.isEmpty() || ruleCount >= MAX_RULES) {
            return;
        }
        Matcher m = SIMPLE_SELECTOR.matcher(selector);
        if (!m.matches() || (m.group(1) == null && m.group(2).isEmpty())) {
            return;
        }
        String tag = m.group(1) == null || m.group(1).equals("*") ? null : m.group(1).toLowerCase(Locale.ROOT);
        String id = null;
        List<String> classes = new ArrayList<>();
        Matcher p = SELECTOR_PART.matcher(m.group(2));
        while (p.find()) {
            if (p.group(1).equals("#")) {
                if (id != null && !id.equals(p.group(2))) {
                    return; // #a#b matches nothing
                }
                id = p.group(2);
            } else {
                classes.add(p.group(2));
            }
        }
        int specificity = (id != null ? 100 : 0) + 10 * classes.size() + (tag != null ? 1 : 0);
        Rule rule = new Rule(tag, id, List.copyOf(classes), specificity, ruleCount++, declarations);
        String key = id != null ? "#" + id : !classes.isEmpty() ? "." + classes.get(0) : tag != null ? tag : "*";
        rulesByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(rule);
    }

    /** Parses a declaration block ({@code a: b; c: d !important}) into lower-case property names and values. */
    static Map<String, Declaration> declarations(String block) {
        Map<String, Declaration> out = new LinkedHashMap<>();
        int depth = 0;
        char quote = 0;
        int from = 0;
        for (int i = 0; i <= block.length() && out.size() < MAX_DECLARATIONS; i++) {
            char c = i < block.length() ? block.charAt(i) : ';';
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (c == ';' && depth == 0) {
                declaration(block.substring(from, Math.min(i, block.length())), out);
                from = i + 1;
            }
        }
        return out;
    }

    private static void declaration(String text, Map<String, Declaration> out) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return;
        }
        String property = text.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = text.substring(colon + 1).strip();
        boolean important = false;
        int bang = value.toLowerCase(Locale.ROOT).lastIndexOf("!important");
        if (bang >= 0) {
            important = true;
            value = value.substring(0, bang).strip();
        }
        if (!property.isEmpty() && !value.isEmpty()) {
            out.put(property, new Declaration(value.toLowerCase(Locale.ROOT), important));
        }
    }

    private static int skipBlock(String css, int open) {
        int depth = 0;
        for (int i = open; i < css.length(); i++) {
            char c = css.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
        }
        return css.length();
    }

    static String stripComments(String css) {
        StringBuilder sb = new StringBuilder(css.length());
        int i = 0;
        while (i < css.length()) {
            int start = css.indexOf("/*", i);
            if (start < 0) {
                sb.append(css, i, css.length());
                break;
            }
            sb.append(css, i, start);
            int end = css.indexOf("*/", start + 2);
            i = end < 0 ? css.length() : end + 2;
        }
        return sb.toString();
    }

    // ---- values ----

    /**
     * A length in CSS pixels: {@code px}, unitless numbers, {@code em}/{@code rem} at 16px, {@code pt}; null when the
     * value is not such a length (percentages, {@code auto}, calc()).
     */
    static Double pixels(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = LENGTH.matcher(value.strip());
        if (!m.matches()) {
            return null;
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "px" : m.group(2);
        return switch (unit) {
            case "em", "rem" -> v * 16;
            case "pt" -> v * 4 / 3;
            default -> v;
        };
    }

    private static final Pattern LENGTH = Pattern.compile("^([-+]?\\d*\\.?\\d+)(px|em|rem|pt)?$");
    private static final Map<String, int[]> NAMED_COLORS = Map.ofEntries(
            Map.entry("white", new int[]{255, 255, 255}), Map.entry("black", new int[]{0, 0, 0}),
            Map.entry("red", new int[]{255, 0, 0}), Map.entry("green", new int[]{0, 128, 0}),
            Map.entry("blue", new int[]{0, 0, 255}), Map.entry("yellow", new int[]{255, 255, 0}),
            Map.entry("gray", new int[]{128, 128, 128}), Map.entry("grey", new int[]{128, 128, 128}),
            Map.entry("silver", new int[]{192, 192, 192}), Map.entry("whitesmoke", new int[]{245, 245, 245}),
            Map.entry("snow", new int[]{255, 250, 250}), Map.entry("ivory", new int[]{255, 255, 240}),
            Map.entry("navy", new int[]{0, 0, 128}), Map.entry("maroon", new int[]{128, 0, 0}));
    private static final Pattern HEX = Pattern.compile("#([0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})");
    private static final Pattern RGB = Pattern.compile(
            "rgba?\\(\\s*(\\d{1,3})[\\s,]+(\\d{1,3})[\\s,]+(\\d{1,3})\\s*(?:[,/]\\s*([\\d.]+%?)\\s*)?\\)");

    /**
     * An opaque colour as {r, g, b}; {@code TRANSPARENT} for transparent colours; null when the value holds no colour
     * Shencha can read. Used for {@code color} and for the colour part of {@code background}.
     */
    static int[] color(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        Matcher hex = HEX.matcher(v);
        if (hex.find()) {
            String h = hex.group(1);
            if (h.length() == 3 || h.length() == 4) {
                if (h.length() == 4 && h.charAt(3) == '0') {
                    return TRANSPARENT;
                }
                return new int[]{17 * Character.digit(h.charAt(0), 16), 17 * Character.digit(h.charAt(1), 16),
                        17 * Character.digit(h.charAt(2), 16)};
            }
            if (h.length() == 8 && h.startsWith("00", 6)) {
                return TRANSPARENT;
            }
            return new int[]{Integer.parseInt(h.substring(0, 2), 16), Integer.parseInt(h.substring(2, 4), 16),
                    Integer.parseInt(h.substring(4, 6), 16)};
        }
        Matcher rgb = RGB.matcher(v);
        if (rgb.find()) {
            String alpha = rgb.group(4);
            if (alpha != null && (alpha.equals("0") || alpha.equals("0%") || alpha.matches("0?\\.0+%?"))) {
                return TRANSPARENT;
            }
            return new int[]{Math.min(255, Integer.parseInt(rgb.group(1))), Math.min(255, Integer.parseInt(rgb.group(2))),
                    Math.min(255, Integer.parseInt(rgb.group(3)))};
        }
        for (String token : v.split("[\\s,/()]+")) {
            if (token.equals("transparent")) {
                return TRANSPARENT;
            }
            int[] named = NAMED_COLORS.get(token);
            if (named != null) {
                return named;
            }
        }
        return null;
    }

    /** Marker value of {@link #color} for a transparent colour. */
    static final int[] TRANSPARENT = new int[0];

    /** Whether two opaque colours are the same to the eye (every channel within a few steps). */
    static boolean sameColor(int[] a, int[] b) {
        if (a == null || b == null || a.length != 3 || b.length != 3) {
            return false;
        }
        return Math.abs(a[0] - b[0]) <= 12 && Math.abs(a[1] - b[1]) <= 12 && Math.abs(a[2] - b[2]) <= 12;
    }
}
