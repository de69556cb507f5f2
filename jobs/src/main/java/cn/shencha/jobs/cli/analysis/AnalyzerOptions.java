package cn.shencha.jobs.cli.analysis;

import cn.shencha.rules.RulePackException;
import cn.shencha.rules.SecrecyAnalyzer;

import java.nio.file.Path;

/** The analyzer a command uses: the default pack, or an edited pack directory given with --rules. */
final class AnalyzerOptions {

    private AnalyzerOptions() {
    }

    static SecrecyAnalyzer analyzer(String rulesDir) throws RulePackException {
        return rulesDir == null ? SecrecyAnalyzer.withDefaultPack() : SecrecyAnalyzer.fromPackDirectory(Path.of(rulesDir));
    }
}
