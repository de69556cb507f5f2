package cn.shencha.jobs.cli.analysis;

import cn.shencha.jobs.cli.Options;
import cn.shencha.rules.Registries;
import cn.shencha.rules.RulePackException;
import cn.shencha.rules.SecrecyAnalyzer;

import java.nio.file.Path;
import java.util.Set;

/**
 * The analyzer a command uses: the default pack, or an edited pack directory given with --rules; the registries kept
 * in that directory, or those given with --published-figures and --case-registry.
 */
final class AnalyzerOptions {

    /** Value options every analyzing command accepts. */
    static final Set<String> VALUE_OPTIONS = Set.of("rules", "published-figures", "case-registry");

    static final String HELP = """
              --rules DIR    use an edited rule pack (a directory of YAML files, optionally with published-figures.csv
                             and case-registry.csv) instead of the default one
              --published-figures FILE  CSV of released figures (region,indicator,period,value,source): matching
                             figures are public, not ECON_UNRELEASED
              --case-registry FILE      CSV of case statuses (case_number,status[,decided_on,note]): concluded cases
                             are clean, pending ones are flagged
            """;

    private AnalyzerOptions() {
    }

    /** The command's own value options plus {@link #VALUE_OPTIONS}. */
    static Set<String> withValueOptions(String... own) {
        Set<String> all = new java.util.HashSet<>(VALUE_OPTIONS);
        all.addAll(Set.of(own));
        return all;
    }

    static SecrecyAnalyzer analyzer(Options o) throws RulePackException {
        String rulesDir = o.value("rules");
        SecrecyAnalyzer analyzer = rulesDir == null ? SecrecyAnalyzer.withDefaultPack() : SecrecyAnalyzer.fromPackDirectory(Path.of(rulesDir));
        String figures = o.value("published-figures");
        String cases = o.value("case-registry");
        if (figures == null && cases == null) {
            return analyzer;
        }
        return analyzer.withRegistries(Registries.load(figures == null ? null : Path.of(figures), cases == null ? null : Path.of(cases)));
    }
}
