package cn.shencha.jobs.cli;

import cn.shencha.archive.bag.PackageVerifier;
import cn.shencha.archive.bag.PackageWriter;
import cn.shencha.jobs.archive.ArchivePackages;
import cn.shencha.jobs.archive.ArchiveRetention;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code shencha archive package | verify | retention}: archival packages (BagIt) and their 四性 verification. */
final class ArchiveCommand {

    static final String HELP = """
            Usage: shencha archive package --from DATE --to DATE [--site S] [--out DIR]
                   shencha archive verify DIR [--report FILE.pdf] [--json FILE] [--no-database]
                                          [--trust-anchors FILE.pem]... [--trust-fingerprint HEX]...
                   shencha archive retention [--dry-run]

            package    writes one archival package per site (or for the site S: its id, name or URL) of the period
                       (dates YYYY-MM-DD inclusive, Beijing time) into DIR (default shencha.archive.directory, else
                       DATA/archives): a BagIt bag of the period's WARC files with a CDXJ index, the text and a
                       metadata XML of every captured page, findings, review tasks and decisions, the audit-trail
                       segment, the duty reading log, the ledgers (written now when none are on disk) and the weekly
                       reports; SHA-256 manifests, the tag manifest signed (CMS). Built beside DIR/NAME and renamed
                       into place when complete; then verified. Prints the package's path.
            verify     the 四性 check of a package (authenticity, integrity, usability, security): one line per
                       check item, PASS/FAIL/SKIP, the item and the file; a JSON report (default DIR.verification.json
                       beside the package, or --json FILE) and with --report a PDF/A 检测报告. Compares the counts with
                       the database when the package was made from this data directory's database; needs no database
                       otherwise (or with --no-database). The signature (and its RFC 3161 time stamp, and the trail
                       checkpoint's signature) must lead to a trust anchor: the configured signing certificate
                       (shencha.signing.*; the demonstration key is named as such, WARN), the certificates of
                       shencha.signing.trust-anchors and of --trust-anchors FILE.pem, or a certificate whose SHA-256
                       fingerprint --trust-fingerprint pins (both repeatable); any other signer FAILS. With the trail
                       key file at hand every trail row's HMAC is recomputed, else the chain linkage and the signed
                       checkpoint only (the output says which).
            retention  deletes source data older than shencha.archive.retention.* (WARC files, snapshot text) whose
                       package verifies now; each deletion is a row in the audit trail. --dry-run lists only.

            Exit codes: 0 success (every check holds), 1 a failure (a check failed), 2 bad input.
            """;

    /** Test-only: milliseconds to pause after each payload file, so a test can kill packaging in the middle. */
    static final String TEST_PAUSE_PROPERTY = "shencha.archive.test-pause-per-file";

    private final Path data;

    ArchiveCommand(Path data) {
        this.data = data;
    }

    int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.isEmpty() || args.getFirst().equals("--help")) {
            out.print(HELP);
            return args.isEmpty() ? 2 : 0;
        }
        String sub = args.getFirst();
        List<String> rest = args.subList(1, args.size());
        return switch (sub) {
            case "package" -> pack(rest, out);
            case "verify" -> verify(rest, out);
            case "retention" -> retention(rest, out);
            default -> throw new UsageException("archive: unknown sub-command '" + sub + "' (package, verify, retention)");
        };
    }

    private int pack(List<String> args, PrintStream out) throws Exception {
        Options o = Options.parse("archive package", args, Set.of("from", "to", "site", "out"), Set.of("help"));
        if (o.flag("help")) {
            out.print(HELP);
            return 0;
        }
        if (!o.positional().isEmpty()) {
            throw new UsageException("archive package: unexpected argument '" + o.positional().getFirst() + "'");
        }
        LocalDate from = date(o, "from");
        LocalDate to = date(o, "to");
        if (to.isBefore(from)) {
            throw new UsageException("archive package: --to " + to + " is before --from " + from);
        }
        long pause = Long.getLong(TEST_PAUSE_PROPERTY, 0);
        PackageWriter.Hook hook = pause <= 0 ? f -> { } : f -> {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try (ConfigurableApplicationContext context = SpringContexts.start(data, Map.of())) {
            ArchivePackages packages = context.getBean(ArchivePackages.class);
            Path dir = o.value("out") == null ? packages.directory() : Path.of(o.value("out"));
            List<ArchivePackages.Outcome> outcomes;
            try {
                outcomes = packages.pack(from, to, o.value("site"), dir, hook);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new CommandFailure("archive package: " + e.getMessage());
            }
            if (outcomes.isEmpty()) {
                throw new CommandFailure("archive package: no sites have been audited yet (see shencha audit)");
            }
            boolean ok = true;
            for (ArchivePackages.Outcome oc : outcomes) {
                out.println("Package " + oc.written().bag());
                out.println("  " + oc.written().counts() + ", " + oc.written().payloadFiles() + " payload files, "
                        + oc.written().payloadBytes() + " bytes, payload manifest sha256 " + oc.written().payloadManifestSha256());
                out.println("  verification: " + (oc.report().passed() ? "every check holds"
                        : oc.report().failures().size() + " check(s) FAILED (shencha archive verify " + oc.written().bag() + ")"));
                for (PackageVerifier.Check c : oc.report().failures()) {
                    out.println("  " + c.line());
                }
                oc.report().checks().stream().filter(c -> c.status() == PackageVerifier.Status.WARN)
                        .forEach(c -> out.println("  " + c.line()));
                ok &= oc.report().passed();
            }
            if (!ok) {
                throw new CommandFailure("archive package: a package does not verify");
            }
            return 0;
        }
    }

    private int verify(List<String> args, PrintStream out) throws Exception {
        Options o = Options.parse("archive verify", args, Set.of("report", "json", "trust-anchors", "trust-fingerprint"),
                Set.of("help", "no-database"));
        if (o.flag("help")) {
            out.print(HELP);
            return 0;
        }
        if (o.positional().size() != 1) {
            throw new UsageException("archive verify: name one package directory (see shencha archive --help)");
        }
        Path bag = Path.of(o.positional().getFirst()).toAbsolutePath().normalize();
        if (!Files.exists(bag)) {
            throw new UsageException("archive verify: no such directory: " + bag);
        }
        if (!Files.isDirectory(bag)) {
            throw new UsageException("archive verify: " + bag + " is not a directory (a package is a BagIt directory)");
        }
        List<Path> anchorFiles = o.values("trust-anchors").stream().map(Path::of).toList();
        for (Path f : anchorFiles) {
            if (!Files.isRegularFile(f)) {
                throw new UsageException("archive verify: --trust-anchors " + f + ": no such file");
            }
        }
        List<String> fingerprints = o.values("trust-fingerprint");
        for (String fp : fingerprints) {
            if (!fp.replace(":", "").matches("[0-9a-fA-F]{64}")) {
                throw new UsageException("archive verify: --trust-fingerprint needs a SHA-256 fingerprint (64 hex digits), not '" + fp + "'");
            }
        }
        PackageVerifier.Report report = null;
        PackageVerifier.Options trust = null;
        if (!o.flag("no-database") && databaseAtHand()) {
            ConfigurableApplicationContext context = null;
            try {
                context = SpringContexts.start(data, Map.of());
            } catch (RuntimeException e) {
                out.println("note: the database cannot be reached (" + SpringContexts.describe(e) + "): the counts are not"
                        + " compared with it");
            }
            if (context != null) {
                try (ConfigurableApplicationContext c = context) {
                    ArchivePackages packages = c.getBean(ArchivePackages.class);
                    trust = trusted(() -> packages.options(anchorFiles, fingerprints));
                    report = packages.verify(bag, trust);
                }
            }
        }
        if (report == null) {
            try (ConfigurableApplicationContext c = SpringContexts.keysOnly(data)) {
                cn.shencha.jobs.review.TrailKeyFile keys = c.getBean(cn.shencha.jobs.review.TrailKeyFile.class);
                cn.shencha.jobs.config.TrustAnchorProvider anchors = c.getBean(cn.shencha.jobs.config.TrustAnchorProvider.class);
                trust = trusted(() -> new PackageVerifier.Options(anchors.anchors(anchorFiles, fingerprints), keys.existing()));
            }
            report = PackageVerifier.verify(bag, null, trust);
        }
        out.println("trust anchors: " + trust.anchors().describe());
        out.println("trail key: " + (trust.trailKeys() == null ? "not at hand (trail rows: linkage and the signed checkpoint only)"
                : trust.trailKeys().file() + " (every trail row's HMAC recomputed)"));
        for (PackageVerifier.Check c : report.checks()) {
            out.println(c.line());
        }
        Path json = o.value("json") == null ? bag.resolveSibling(bag.getFileName() + ".verification.json") : Path.of(o.value("json"));
        try {
            Files.writeString(json, report.json(), StandardCharsets.UTF_8);
            out.println("JSON report: " + json.toAbsolutePath());
            if (o.value("report") != null) {
                Path pdf = Path.of(o.value("report"));
                report.writePdf(pdf);
                out.println("检测报告 (PDF/A): " + pdf.toAbsolutePath());
            }
        } catch (IOException e) {
            throw new CommandFailure("archive verify: cannot write the report: " + e.getMessage());
        }
        if (!report.passed()) {
            throw new CommandFailure("archive verify: " + report.failures().size() + " of " + report.checks().size()
                    + " check items FAILED, first: " + report.failures().getFirst().item() + " " + report.failures().getFirst().file());
        }
        List<PackageVerifier.Check> warnings = report.checks().stream().filter(c -> c.status() == PackageVerifier.Status.WARN).toList();
        out.println("result: every check holds" + (warnings.isEmpty() ? "" : ", with " + warnings.size() + " warning(s): "
                + warnings.getFirst().detail()));
        return 0;
    }

    private static PackageVerifier.Options trusted(java.util.function.Supplier<PackageVerifier.Options> options) {
        try {
            return options.get();
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new UsageException("archive verify: " + e.getMessage());
        }
    }

    /** A database to compare with: one configured, or this data directory's H2 file. */
    private boolean databaseAtHand() {
        String url = System.getenv("SPRING_DATASOURCE_URL");
        return (url != null && !url.isBlank()) || Files.exists(data.resolve("db").resolve("shencha.mv.db"))
                || Files.exists(Path.of("config", "application.yml"));
    }

    private int retention(List<String> args, PrintStream out) throws Exception {
        Options o = Options.parse("archive retention", args, Set.of(), Set.of("help", "dry-run"));
        if (o.flag("help")) {
            out.print(HELP);
            return 0;
        }
        if (!o.positional().isEmpty()) {
            throw new UsageException("archive retention: unexpected argument '" + o.positional().getFirst() + "'");
        }
        try (ConfigurableApplicationContext context = SpringContexts.start(data, Map.of())) {
            ArchiveRetention.Result r = context.getBean(ArchiveRetention.class).run(o.flag("dry-run"));
            for (String line : r.lines()) {
                out.println(line);
            }
            out.println((o.flag("dry-run") ? "Would delete " : "Deleted ") + r.warcFiles() + " WARC file(s) and the text of "
                    + r.snapshotTexts() + " snapshot(s); kept " + r.kept() + " expired item(s) whose package is missing or"
                    + " does not verify");
            return 0;
        }
    }

    private static LocalDate date(Options o, String name) {
        String v = o.value(name);
        if (v == null || v.isBlank()) {
            throw new UsageException("archive package: --" + name + " is required (see shencha archive --help)");
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new UsageException("archive package: --" + name + " must be a date YYYY-MM-DD, not '" + v + "'");
        }
    }
}
