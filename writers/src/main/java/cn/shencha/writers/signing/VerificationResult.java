package cn.shencha.writers.signing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link PdfSignatureVerifier} found about a PDF: each signature, the PDF/A claim, and the reasons the document
 * cannot be relied on, if any.
 *
 * @param file       the file verified
 * @param revisions  the number of revisions (incremental updates) in the file
 * @param signatures every signature, in field order
 * @param pdfa       the PDF/A claim in the XMP metadata, or null when there is none
 */
public record VerificationResult(Path file, int revisions, List<SignatureCheck> signatures, PdfAClaim pdfa) {

    public VerificationResult {
        signatures = List.copyOf(signatures);
    }

    /**
     * Why the document fails verification; empty when it passes. It passes when it has at least one signature, every
     * signature is intact and cryptographically valid, every time stamp matches, the last signature covers the whole
     * file (nothing was changed or added after signing), and the metadata claims PDF/A conformance.
     */
    public List<String> failures() {
        List<String> failures = new ArrayList<>();
        if (signatures.isEmpty()) {
            failures.add("the document is not signed");
        }
        for (SignatureCheck s : signatures) {
            for (String p : s.problems()) {
                failures.add("signature " + s.fieldName() + ": " + p);
            }
        }
        boolean wholeCovered = signatures.stream().anyMatch(SignatureCheck::coversWholeDocument);
        if (!signatures.isEmpty() && !wholeCovered) {
            failures.add("document was changed after signing: the last signature does not cover the whole file ("
                    + revisions + " revisions)");
        }
        if (pdfa == null) {
            failures.add("the XMP metadata claims no PDF/A conformance");
        }
        return failures;
    }

    /** Whether everything holds (see {@link #failures()}). */
    public boolean passed() {
        return failures().isEmpty();
    }
}
