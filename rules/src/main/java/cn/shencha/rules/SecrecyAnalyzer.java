package cn.shencha.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The rules module's entry point: analyzes a text for every secrecy category and grades its importance. Thread-safe.
 *
 * <p>A pack loaded from a directory is re-read when any of its files changes (checked at most once a second), so a
 * secrecy reviewer's edit takes effect without a rebuild or restart. An edit that breaks the pack leaves the last good
 * pack in force; {@link #lastReloadError()} says what is wrong.
 */
public final class SecrecyAnalyzer {

    public static final String DEFAULT_PACK_RESOURCE = "/cn/shencha/rules/default-pack.yml";

    private static final List<Detector> DETECTORS = List.of(
            new EconUnreleasedDetector(), new HistoryWordingDetector(), new PendingCaseDetector(), new RestrictedDocDetector(),
            new InternalSecretDetector(), new PersonalInfoDetector(), new CommercialAdDetector(), new HiddenLinkDetector(),
            new SeriousWordingDetector(), new TypoDetector());
    private static volatile SecrecyAnalyzer defaultAnalyzer;

    private final Path directory;
    private final ImportanceGrader grader = new ImportanceGrader();
    private volatile RulePack pack;
    private volatile Registries registries = Registries.NONE;
    private final Registries explicitRegistries;
    private volatile String signature;
    private volatile long lastCheck;
    private volatile String lastReloadError;

    private SecrecyAnalyzer(RulePack pack, Path directory, String signature) {
        this(pack, directory, signature, null);
    }

    private SecrecyAnalyzer(RulePack pack, Path directory, String signature, Registries explicitRegistries) {
        this.pack = pack;
        this.directory = directory;
        this.signature = signature;
        this.explicitRegistries = explicitRegistries;
        this.registries = explicitRegistries != null ? explicitRegistries
                : directory != null ? Registries.fromDirectory(directory) : Registries.NONE;
        this.lastCheck = System.currentTimeMillis();
    }

    /**
     * This analyzer's pack with the given registries in place of those kept in the pack directory
     * ({@value Registries#PUBLISHED_FIGURES_FILE}, {@value Registries#CASE_REGISTRY_FILE}).
     */
    public SecrecyAnalyzer withRegistries(Registries given) {
        return new SecrecyAnalyzer(pack(), directory, signature, given == null ? Registries.NONE : given);
    }

    /** The published-figure and case-status registries in force. */
    public Registries registries() {
        reloadIfChanged();
        return registries;
    }

    /** The pack shipped in the module. */
    public static SecrecyAnalyzer withDefaultPack() {
        SecrecyAnalyzer a = defaultAnalyzer;
        if (a == null) {
            synchronized (SecrecyAnalyzer.class) {
                if (defaultAnalyzer == null) {
                    defaultAnalyzer = new SecrecyAnalyzer(RulePack.parse(List.of(defaultPackSource())), null, null);
                }
                a = defaultAnalyzer;
            }
        }
        return a;
    }

    /** The default pack's YAML text, as a starting point for an edited pack. */
    public static RulePack.Source defaultPackSource() {
        try (InputStream in = SecrecyAnalyzer.class.getResourceAsStream(DEFAULT_PACK_RESOURCE)) {
            if (in == null) {
                throw new RulePackException("default-pack.yml:1: the default pack is missing from the rules module");
            }
            return new RulePack.Source("default-pack.yml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RulePackException("default-pack.yml:1: cannot read the default pack: " + e.getMessage(), e);
        }
    }

    /**
     * A pack made of the {@code *.yml} and {@code *.yaml} files of a directory.
     *
     * @throws RulePackException naming the file and line of the first problem
     */
    public static SecrecyAnalyzer fromPackDirectory(Path dir) {
        Loaded loaded = load(dir);
        return new SecrecyAnalyzer(RulePack.parse(loaded.sources()), dir, loaded.signature());
    }

    private record Loaded(List<RulePack.Source> sources, String signature) {
    }

    private static Loaded load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RulePackException(dir + ":0: not a directory of rule-pack YAML files");
        }
        List<RulePack.Source> sources = new ArrayList<>();
        StringBuilder signature = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")
                    || p.getFileName().toString().equals(Registries.PUBLISHED_FIGURES_FILE)
                    || p.getFileName().toString().equals(Registries.CASE_REGISTRY_FILE)).sorted().toList()) {
                byte[] bytes = Files.readAllBytes(f);
                if (!f.toString().endsWith(".csv")) {
                    sources.add(new RulePack.Source(f.toString(), new String(bytes, StandardCharsets.UTF_8)));
                }
                signature.append(f).append(':').append(Files.getLastModifiedTime(f).toMillis()).append(':').append(bytes.length).append(';');
            }
        } catch (IOException e) {
            throw new RulePackException(dir + ":0: cannot read the pack: " + e.getMessage(), e);
        }
        if (sources.isEmpty()) {
            throw new RulePackException(dir + ":0: no .yml files in the pack directory");
        }
        return new Loaded(sources, signature.toString());
    }

    public RulePack pack() {
        reloadIfChanged();
        return pack;
    }

    /** Why the last reload of an edited pack failed, or null. */
    public String lastReloadError() {
        return lastReloadError;
    }

    public Analysis analyze(String text) {
        return analyze(text, List.of());
    }

    public Analysis analyze(String text, List<HiddenRange> hidden) {
        RulePack p = pack();
        String input = text == null ? "" : text;
        NormalizedText normalized = NormalizedText.of(input);
        Map<String, List<Lexicon.Hit>> hits = p.lexicon().scan(normalized.normalized());
        List<HiddenRange> ranges = hidden == null ? List.of() : hidden.stream()
                .filter(r -> r != null && r.start() < input.length()).map(r -> r.clampedTo(input.length()))
                .toList();
        TextContext context = new TextContext(normalized, hits, ranges, registries());
        List<Finding> findings = new ArrayList<>();
        for (Detector d : DETECTORS) {
            d.detect(context, p, findings);
        }
        List<String> reasons = new ArrayList<>();
        Importance importance = grader.grade(context, p, reasons);
        return new Analysis(merge(findings, input), importance, reasons);
    }

    /** Findings of one category that overlap or nearly touch become one finding spanning both. */
    static List<Finding> merge(List<Finding> findings, String original) {
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.removeIf(f -> f.end() <= f.start());
        sorted.sort(Comparator.comparing(Finding::category).thenComparingInt(Finding::start).thenComparingInt(f -> -f.end()));
        List<Finding> merged = new ArrayList<>();
        for (Finding f : sorted) {
            Finding last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && last.category() == f.category() && f.start() <= last.end() + 2 && f.category() != Category.TYPO) { // a typo is one character
                int end = Math.max(last.end(), f.end());
                Severity severity = f.severity().atLeast(last.severity()) ? f.severity() : last.severity();
                merged.set(merged.size() - 1, new Finding(last.category(), last.rule(), last.start(), end,
                        original.substring(last.start(), end), severity, last.explanation(), last.suggestion()));
            } else {
                merged.add(f);
            }
        }
        merged.sort(Comparator.comparingInt(Finding::start).thenComparingInt(Finding::end).thenComparing(Finding::category));
        return merged;
    }

    private void reloadIfChanged() {
        if (directory == null || System.currentTimeMillis() - lastCheck < 1000) {
            return;
        }
        synchronized (this) {
            if (System.currentTimeMillis() - lastCheck < 1000) {
                return;
            }
            lastCheck = System.currentTimeMillis();
            try {
                Loaded loaded = load(directory);
                if (!loaded.signature().equals(signature)) {
                    RulePack parsed = RulePack.parse(loaded.sources());
                    Registries loadedRegistries = explicitRegistries != null ? explicitRegistries : Registries.fromDirectory(directory);
                    pack = parsed;
                    registries = loadedRegistries;
                    signature = loaded.signature();
                    lastReloadError = null;
                }
            } catch (RulePackException e) {
                lastReloadError = e.getMessage();
            }
        }
    }
}
