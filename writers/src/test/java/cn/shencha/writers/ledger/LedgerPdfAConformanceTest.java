package cn.shencha.writers.ledger;

import cn.shencha.writers.signing.PdfSigning;
import cn.shencha.writers.signing.SignatureSettings;
import cn.shencha.writers.signing.SigningKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** veraPDF validates the ledger, unsigned and signed, as PDF/A-2b. */
class LedgerPdfAConformanceTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void initialiseVeraPdf() {
        VeraGreenfieldFoundryProvider.initialise();
    }

    @Test
    void unsignedAndSignedLedgersAreValidPdfA2b() throws Exception {
        Path unsigned = dir.resolve("ledger.pdf");
        try (OutputStream out = Files.newOutputStream(unsigned)) {
            new PdfLedgerWriter().write(LedgerFixtures.INFO, LedgerFixtures.entries(60).iterator(), out);
        }
        assertPdfA2b(unsigned);
        Path signed = dir.resolve("ledger-signed.pdf");
        PdfSigning.sign(unsigned, signed, SigningKeys.demo(dir.resolve("demo.p12")),
                SignatureSettings.ledger(PdfLedgerWriter.SIGNATURE_BOX), ZonedDateTime.now());
        assertPdfA2b(signed);
    }

    @Test
    void anEmptyLedgerIsValidPdfA2bToo() throws Exception {
        Path empty = dir.resolve("empty.pdf");
        try (OutputStream out = Files.newOutputStream(empty)) {
            new PdfLedgerWriter().write(LedgerFixtures.INFO, List.<LedgerEntry>of().iterator(), out);
        }
        assertPdfA2b(empty);
    }

    @Test
    void theValidatorRejectsAPlainPdf() throws Exception {
        // Proves the check can fail: an ordinary PDF with a non-embedded standard font and no output intent.
        Path plain = dir.resolve("plain.pdf");
        try (com.itextpdf.kernel.pdf.PdfDocument pdf = new com.itextpdf.kernel.pdf.PdfDocument(
                new com.itextpdf.kernel.pdf.PdfWriter(plain.toFile()));
             com.itextpdf.layout.Document doc = new com.itextpdf.layout.Document(pdf)) {
            doc.add(new com.itextpdf.layout.element.Paragraph("Ledger"));
        }
        try (PDFAParser parser = Foundries.defaultInstance().createParser(plain.toFile(), PDFAFlavour.PDFA_2_B);
             PDFAValidator validator = Foundries.defaultInstance().createValidator(PDFAFlavour.PDFA_2_B, false)) {
            assertThat(validator.validate(parser).isCompliant()).isFalse();
        }
    }

    static void assertPdfA2b(Path pdf) throws Exception {
        try (PDFAParser parser = Foundries.defaultInstance().createParser(pdf.toFile(), PDFAFlavour.PDFA_2_B);
             PDFAValidator validator = Foundries.defaultInstance().createValidator(PDFAFlavour.PDFA_2_B, false)) {
            ValidationResult result = validator.validate(parser);
            List<String> failed = result.getTestAssertions().stream()
                    .filter(a -> a.getStatus() == TestAssertion.Status.FAILED)
                    .map(a -> a.getRuleId().getClause() + "-" + a.getRuleId().getTestNumber() + ": " + a.getMessage())
                    .distinct().toList();
            assertThat(failed).as("veraPDF PDF/A-2b failures of %s", pdf.getFileName()).isEmpty();
            assertThat(result.isCompliant()).isTrue();
            assertThat(result.getPDFAFlavour()).isEqualTo(PDFAFlavour.PDFA_2_B);
        }
    }
}
