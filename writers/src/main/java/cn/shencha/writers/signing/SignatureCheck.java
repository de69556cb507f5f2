package cn.shencha.writers.signing;

import java.time.ZonedDateTime;
import java.util.List;

/**
 * What {@link PdfSignatureVerifier} found about one signature.
 *
 * @param fieldName           the signature field's name
 * @param revision            the document revision the signature signs (1 = the first)
 * @param intact              whether the signed bytes hash to the digest the signature carries (integrity)
 * @param cryptographicallyValid whether the signature value verifies with the signer's certificate (authenticity)
 * @param signerSubject       the signer certificate's subject
 * @param selfSigned          whether the signer's certificate is self-signed (no issuer vouches for the signer)
 * @param demo                whether it is Shencha's demonstration certificate
 * @param signingTime         the claimed signing time, or null
 * @param digestAlgorithm     e.g. SHA-256
 * @param signatureAlgorithm  e.g. RSA
 * @param coversWholeDocument whether the signature covers the file to its last byte (nothing was appended after it)
 * @param timestamped         whether a signature time stamp (RFC 3161) is embedded
 * @param timestampValid      whether the time stamp matches the signature; null when there is none
 * @param timestampTime       the time stamp's time, or null
 * @param problems            what is wrong with it, in English, empty when nothing is
 */
public record SignatureCheck(
        String fieldName,
        int revision,
        boolean intact,
        boolean cryptographicallyValid,
        String signerSubject,
        boolean selfSigned,
        boolean demo,
        ZonedDateTime signingTime,
        String digestAlgorithm,
        String signatureAlgorithm,
        boolean coversWholeDocument,
        boolean timestamped,
        Boolean timestampValid,
        ZonedDateTime timestampTime,
        List<String> problems) {

    public SignatureCheck {
        problems = List.copyOf(problems);
    }

    /** Integrity and the signature value both hold. */
    public boolean valid() {
        return intact && cryptographicallyValid;
    }
}
