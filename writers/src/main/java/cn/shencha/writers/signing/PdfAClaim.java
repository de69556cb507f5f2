package cn.shencha.writers.signing;

/**
 * The PDF/A conformance a document claims in its XMP metadata (pdfaid:part and pdfaid:conformance). A claim is not a
 * proof: only a validator such as veraPDF checks that the file really conforms.
 *
 * @param part        1 to 4
 * @param conformance A, B, U, E, F, or empty (PDF/A-4)
 */
public record PdfAClaim(int part, String conformance) {
    public PdfAClaim {
        conformance = conformance == null ? "" : conformance.strip().toUpperCase(java.util.Locale.ROOT);
    }

    /** As usually written: {@code PDF/A-2b}. */
    @Override
    public String toString() {
        return "PDF/A-" + part + conformance.toLowerCase(java.util.Locale.ROOT);
    }
}
