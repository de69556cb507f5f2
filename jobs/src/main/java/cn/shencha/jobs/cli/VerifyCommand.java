package cn.shencha.jobs.cli;

import cn.shencha.writers.signing.NotAPdfException;
import cn.shencha.writers.signing.PdfSignatureVerifier;
import cn.shencha.writers.signing.SignatureCheck;
import cn.shencha.writers.signing.VerificationResult;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;

/**
 * {@code shencha verify FILE.pdf}: checks the signatures of a signed ledger (or any signed PDF) and its PDF/A claim,
 * prints a report, and exits 0 only when everything holds: 1 when a check fails, 2 for bad input.
 */
public final class VerifyCommand {

    static final String HELP = """
            Usage: shencha verify FILE.pdf

            Verifies a signed ledger or report: for each signature, whether the signed bytes still match its digest
            (integrity) and the signature value verifies with the signer's certificate, who signed and when, whether
            an RFC 3161 time stamp is embedded and matches, and whether the signature covers the whole file (nothing
            was changed or appended after signing); and the PDF/A conformance the XMP metadata claims.

            The signer's certificate is not checked against a trust list: a self-signed certificate, such as the
            demonstration key's, proves that the file is unchanged, not who signed it. The PDF/A claim is read, not
            validated (use veraPDF for that).

            Exit codes: 0 every check holds, 1 a check failed (the reason is printed), 2 bad input.
            """;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx");

    private VerifyCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Options o = Options.parse("verify", args, Set.of(), Set.of("help"));
        if (o.flag("help")) {
            out.print(HELP);
            return 0;
        }
        if (o.positional().size() != 1) {
            throw new UsageException("verify: name one PDF file to verify (see shencha verify --help)");
        }
        Path file = Path.of(o.positional().getFirst());
        if (Files.isDirectory(file)) {
            throw new UsageException("verify: " + file + " is a directory, not a PDF file");
        }
        VerificationResult result;
        try {
            result = new PdfSignatureVerifier().verify(file);
        } catch (NoSuchFileException e) {
            throw new UsageException("verify: no such file: " + file);
        } catch (NotAPdfException e) {
            throw new UsageException("verify: " + e.getMessage());
        } catch (IOException e) {
            throw new CommandFailure("verify: cannot read " + file + ": " + e.getMessage());
        }
        print(result, out);
        List<String> failures = result.failures();
        if (!failures.isEmpty()) {
            throw new CommandFailure(String.join("; ", failures));
        }
        return 0;
    }

    private static void print(VerificationResult r, PrintStream out) {
        out.println("file:        " + r.file().toAbsolutePath().normalize());
        out.println("PDF/A claim: " + (r.pdfa() == null ? "none" : r.pdfa() + " (as claimed in the XMP metadata)"));
        out.println("revisions:   " + r.revisions());
        out.println("signatures:  " + r.signatures().size());
        int i = 0;
        for (SignatureCheck s : r.signatures()) {
            out.println();
            out.println("signature " + (++i) + ": " + s.fieldName() + " (revision " + s.revision() + ")");
            out.println("  signer:        " + s.signerSubject());
            if (s.demo()) {
                out.println("                 demonstration key: proves the file is unchanged, not who signed it");
            } else if (s.selfSigned()) {
                out.println("                 self-signed certificate: no issuer vouches for the signer");
            }
            out.println("  signing time:  " + time(s.signingTime()) + " (claimed by the signer)");
            out.println("  algorithm:     " + s.digestAlgorithm() + " with " + s.signatureAlgorithm());
            out.println("  integrity:     " + (s.intact() ? "ok, the signed bytes match the signature's digest"
                    : "FAILED, the signed bytes do not match the signature's digest"));
            out.println("  signature:     " + (s.cryptographicallyValid() ? "ok, verifies with the signer's certificate"
                    : "FAILED, does not verify with the signer's certificate"));
            out.println("  coverage:      " + (s.coversWholeDocument() ? "the whole document"
                    : "not the whole document: the file was changed or extended after this signature"));
            if (s.timestamped()) {
                out.println("  time stamp:    " + time(s.timestampTime()) + ", "
                        + (Boolean.TRUE.equals(s.timestampValid()) ? "valid (PAdES B-T)" : "INVALID"));
            } else {
                out.println("  time stamp:    none (PAdES B-B)");
            }
        }
        out.println();
        List<String> failures = r.failures();
        if (failures.isEmpty()) {
            out.println("result: every check holds");
        } else {
            out.println("result: FAILED");
            failures.forEach(f -> out.println("  - " + f));
        }
    }

    private static String time(ZonedDateTime t) {
        return t == null ? "unknown" : TIME.format(t);
    }
}
