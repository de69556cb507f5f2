package cn.shencha.jobs.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's parsed arguments: {@code --name value} options, {@code --flag} flags and positional words. Unknown
 * options are an error, so a typo never silently changes what a command does.
 */
public final class Options {

    private final Map<String, String> values = new HashMap<>();
    private final Map<String, List<String>> repeated = new HashMap<>();
    private final Set<String> flagsSeen = new java.util.HashSet<>();
    private final List<String> positional = new ArrayList<>();

    private Options() {
    }

    /**
     * @param valued options that take a value (without the leading dashes)
     * @param flags  options that take none
     */
    public static Options parse(String command, List<String> args, Set<String> valued, Set<String> flags) {
        Options o = new Options();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--") && a.length() > 2) {
                String name = a.substring(2);
                String inline = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    inline = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (valued.contains(name)) {
                    String v = inline;
                    if (v == null) {
                        if (i + 1 >= args.size()) {
                            throw new UsageException(command + ": option --" + name + " needs a value");
                        }
                        v = args.get(++i);
                    }
                    o.values.put(name, v);
                    o.repeated.computeIfAbsent(name, k -> new ArrayList<>()).add(v);
                } else if (flags.contains(name) && inline == null) {
                    o.flagsSeen.add(name);
                } else {
                    throw new UsageException(command + ": unknown option --" + name + " (see shencha " + command + " --help)");
                }
            } else {
                o.positional.add(a);
            }
        }
        return o;
    }

    public String value(String name) {
        return values.get(name);
    }

    /** Every value an option was given, in order (an option given more than once). */
    public List<String> values(String name) {
        return repeated.getOrDefault(name, List.of());
    }

    public String value(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public Integer intValue(String command, String name) {
        String v = values.get(name);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " needs a whole number, got '" + v + "'");
        }
    }

    public boolean flag(String name) {
        return flagsSeen.contains(name);
    }

    public List<String> positional() {
        return positional;
    }
}
