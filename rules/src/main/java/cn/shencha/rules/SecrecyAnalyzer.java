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
    /** The per-document time budget: a base plus an allowance per million characters, in milliseconds. */
    private final long budgetBaseMillis;
    private final long budgetMillisPerMillionChars;

    /** Default time budget of one document: this many milliseconds … */
    public static final long DEFAULT_BUDGET_BASE_MILLIS = 3_000;
    /** … plus this many per million characters (a 400,000-character page gets 7 s; linear cost needs well under 1 s). */
    public static final long DEFAULT_BUDGET_MILLIS_PER_MILLION_CHARS = 10_000;

    private SecrecyAnalyzer(RulePack pack, Path directory, String signature) {
        this(pack, directory, signature, null);
    }

    private SecrecyAnalyzer(RulePack pack, Path directory, String signature, Registries explicitRegistries) {
        this(pack, directory, signature, explicitRegistries, DEFAULT_BUDGET_BASE_MILLIS, DEFAULT_BUDGET_MILLIS_PER_MILLION_CHARS);
    }

    private SecrecyAnalyzer(RulePack pack, Path directory, String signature, Registries explicitRegistries,
                            long budgetBaseMillis, long budgetMillisPerMillionChars) {
        this.budgetBaseMillis = budgetBaseMillis;
        this.budgetMillisPerMillionChars = budgetMillisPerMillionChars;
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
        return new SecrecyAnalyzer(pack(), directory, signature, given == null ? Registries.NONE : given,
                budgetBaseMillis, budgetMillisPerMillionChars);
    }

    /**
     * This analyzer with another per-document time budget: {@code baseMillis} plus {@code millisPerMillionChars} for
     * every million characters of the document. A document whose analysis runs past it is returned with the findings
     * made so far, marked {@linkplain Analysis#complete() not fully analyzed}. A negative base means no budget.
     */
    public SecrecyAnalyzer withTimeBudget(long baseMillis, long millisPerMillionChars) {
        if (millisPerMillionChars < 0) {
            throw new IllegalArgumentException("millisPerMillionChars must not be negative");
        }
        return new SecrecyAnalyzer(pack(), directory, signature, explicitRegistries, baseMillis, millisPerMillionChars);
    }

    /** The time budget of a document of {@code chars} characters, in milliseconds; negative: none. */
    public long timeBudgetMillis(int chars) {
        return budgetBaseMillis < 0 ? -1 : budgetBaseMillis + budgetMillisPerMillionChars * chars / 1_000_000;
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
        long started = System.nanoTime();
        long budget = timeBudgetMillis(input.length());
        long deadline = budget < 0 ? Long.MAX_VALUE : started + budget * 1_000_000L;
        NormalizedText normalized = NormalizedText.of(input);
        Map<String, List<Lexicon.Hit>> hits = p.lexicon().scan(normalized.normalized());
        List<HiddenRange> ranges = hidden == null ? List.of() : hidden.stream()
                .filter(r -> r != null && r.start() < input.length()).map(r -> r.clampedTo(input.length()))
                .toList();
        TextContext context = new TextContext(normalized, hits, ranges, registries(), p.meta.quotePairs(), deadline);
        List<Finding> findings = new ArrayList<>();
        String incomplete = null;
        try {
            for (Detector d : DETECTORS) {
                context.checkBudget();
                d.detect(context, p, findings);
            }
            context.checkBudget();
        } catch (TextContext.BudgetExceeded e) {
            incomplete = "分析超出单篇时间预算（" + budget + " 毫秒，" + input.length() + " 字符），未完成全部检查；已发现的问题予以保留";
        }
        dropAdsInsideSpam(findings);
        dropMetaDiscourse(context, findings);
        List<String> reasons = new ArrayList<>();
        Importance importance = grader.grade(context, p, reasons);
        Analysis analysis = new Analysis(merge(findings, input), importance, reasons);
        return incomplete == null ? analysis : analysis.incomplete(incomplete);
    }

    /**
     * Injected spam that sells something (加V…下款) is spam, not a business's advertisement: a COMMERCIAL_AD finding
     * that overlaps a HIDDEN_LINK finding is dropped.
     */
    /**
     * The shared meta-discourse filter (GUIDELINES.md, principle 3) for the detectors that do not consult it at their
     * cues: text about ads or spam in a sentence about the review is no finding (spam in a hidden range always is one:
     * nobody writes a checklist where readers cannot see it); a literal value — a number, a password, a key — is
     * excused only when it is quoted as an example, never by a review cue elsewhere in its sentence.
     */
    static void dropMetaDiscourse(TextContext t, List<Finding> findings) {
        findings.removeIf(f -> switch (f.category()) {
            case COMMERCIAL_AD -> t.metaDiscourse(f.start(), f.end());
            case HIDDEN_LINK -> !t.inHiddenRange(f.start(), f.end()) && t.metaDiscourse(f.start(), f.end());
            case PERSONAL_INFO, INTERNAL_SECRET -> t.quotedExample(f.start(), f.end());
            default -> false;
        });
    }

    static void dropAdsInsideSpam(List<Finding> findings) {
        List<Finding> spam = findings.stream().filter(f -> f.category() == Category.HIDDEN_LINK).toList();
        if (spam.isEmpty()) {
            return;
        }
        findings.removeIf(f -> f.category() == Category.COMMERCIAL_AD
                && spam.stream().anyMatch(x -> f.start() < x.end() && x.start() < f.end()));
    }

    /**
     * Findings of one category that overlap or nearly touch become one finding spanning both. Linear after the sort: a
     * run of touching findings is closed (and its text cut) once, however long the run.
     */
    static List<Finding> merge(List<Finding> findings, String original) {
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.removeIf(f -> f.end() <= f.start());
        sorted.sort(Comparator.comparing(Finding::category).thenComparingInt(Finding::start).thenComparingInt(f -> -f.end()));
        List<Finding> merged = new ArrayList<>();
        // each group of touching findings becomes one finding, its text cut once (not once per member: linear cost)
        Finding head = null;
        int end = -1;
        Severity severity = null;
        for (Finding f : sorted) {
            if (head != null && head.category() == f.category() && f.start() <= end + 2
                    && f.category() != Category.TYPO) { // a typo is one character: never merged
                end = Math.max(end, f.end());
                severity = f.severity().atLeast(severity) ? f.severity() : severity;
                continue;
            }
            if (head != null) {
                merged.add(close(head, end, severity, original));
            }
            head = f;
            end = f.end();
            severity = f.severity();
        }
        if (head != null) {
            merged.add(close(head, end, severity, original));
        }
        merged.sort(Comparator.comparingInt(Finding::start).thenComparingInt(Finding::end).thenComparing(Finding::category));
        return merged;
    }

    private static Finding close(Finding head, int end, Severity severity, String original) {
        if (end == head.end() && severity == head.severity()) {
            return head;
        }
        return new Finding(head.category(), head.rule(), head.start(), end, original.substring(head.start(), end), severity,
                head.explanation(), head.suggestion());
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
