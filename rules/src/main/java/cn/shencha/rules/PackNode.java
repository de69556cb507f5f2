package cn.shencha.rules;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** A node of a rule-pack YAML file that knows where it stands, so every validation error names file and line. */
final class PackNode {

    private final String file;
    private final Node node;
    private final String path;

    PackNode(String file, Node node, String path) {
        this.file = file;
        this.node = node;
        this.path = path;
    }

    String file() {
        return file;
    }

    int line() {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    RulePackException error(String what) {
        return new RulePackException(file + ":" + line() + ": " + (path.isEmpty() ? "" : path + ": ") + what);
    }

    Map<String, PackNode> entries() {
        if (!(node instanceof MappingNode mapping)) {
            throw error("expected a mapping of keys to values");
        }
        Map<String, PackNode> out = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                throw new PackNode(file, t.getKeyNode(), path).error("keys must be plain words");
            }
            String name = key.getValue();
            if (out.containsKey(name)) {
                throw new PackNode(file, key, path).error("'" + name + "' appears twice");
            }
            out.put(name, new PackNode(file, t.getValueNode(), path.isEmpty() ? name : path + "." + name));
        }
        return out;
    }

    /** The mapping's entries, refusing keys outside {@code allowed} and demanding {@code required}. */
    Map<String, PackNode> entries(Set<String> allowed, Set<String> required) {
        Map<String, PackNode> e = entries();
        for (String key : e.keySet()) {
            if (!allowed.contains(key)) {
                throw new PackNode(file, keyNode(key), path).error("unknown key '" + key + "' (allowed: " + String.join(", ", sorted(allowed)) + ")");
            }
        }
        for (String key : required) {
            if (!e.containsKey(key)) {
                throw error("missing required key '" + key + "'");
            }
        }
        return e;
    }

    private Node keyNode(String key) {
        for (NodeTuple t : ((MappingNode) node).getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return k;
            }
        }
        return node;
    }

    String string() {
        if (!(node instanceof ScalarNode scalar)) {
            throw error("expected a single value");
        }
        String v = scalar.getValue();
        if (v == null || v.isBlank()) {
            throw error("must not be empty");
        }
        return v;
    }

    int integer(int min, int max) {
        String v = string();
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) {
                throw error("must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw error("must be a whole number, got '" + v + "'");
        }
    }

    double decimal(double min, double max) {
        String v = string();
        try {
            double d = Double.parseDouble(v.strip());
            if (d < min || d > max) {
                throw error("must be between " + min + " and " + max + ", got " + d);
            }
            return d;
        } catch (NumberFormatException e) {
            throw error("must be a number, got '" + v + "'");
        }
    }

    Severity severity() {
        String v = string().strip().toUpperCase();
        try {
            return Severity.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw error("severity must be LOW, MEDIUM or HIGH, got '" + string() + "'");
        }
    }

    /** A list of terms, folded for matching (繁→简, 全角→半角, lower case). */
    List<String> terms() {
        List<String> out = new ArrayList<>();
        for (PackNode item : items()) {
            String term = item.string();
            out.add(NormalizedText.fold(term));
        }
        return out;
    }

    List<PackNode> items() {
        if (!(node instanceof SequenceNode seq)) {
            throw error("expected a list, e.g. [a, b, c]");
        }
        List<PackNode> out = new ArrayList<>();
        List<Node> values = seq.getValue();
        for (int i = 0; i < values.size(); i++) {
            out.add(new PackNode(file, values.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    Pattern pattern() {
        String v = string();
        try {
            return Pattern.compile(v);
        } catch (PatternSyntaxException e) {
            throw error("not a valid regular expression: " + e.getDescription());
        }
    }

    /**
     * A regular expression that can only match a bounded span: no unbounded repetition ({@code *}, {@code +},
     * {@code {n,}}) and at most {@code maxRepeat} in any {@code {m,n}}. The pack's patterns run on windows of the
     * text, and a bound keeps each try short whatever the text holds.
     */
    Pattern boundedPattern(int maxRepeat) {
        String v = string();
        boolean escaped = false;
        boolean inClass = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (escaped) {
                escaped = false;
                continue;
            }
            if (c == '\\') {
                escaped = true;
            } else if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (!inClass && (c == '*' || c == '+')) {
                throw error("unbounded repetition '" + c + "' at position " + (i + 1) + ": write a bound such as {1," + maxRepeat + "}");
            } else if (!inClass && c == '{') {
                int close = v.indexOf('}', i);
                String[] parts = close < 0 ? new String[0] : v.substring(i + 1, close).split(",", -1);
                try {
                    if (parts.length == 2 && parts[1].isBlank() || parts.length >= 1 && Integer.parseInt(parts[parts.length - 1].strip()) > maxRepeat) {
                        throw error("repetition " + v.substring(i, close + 1) + " at position " + (i + 1) + " is unbounded or above " + maxRepeat);
                    }
                } catch (NumberFormatException e) {
                    throw error("malformed repetition at position " + (i + 1));
                }
            }
        }
        return pattern();
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
