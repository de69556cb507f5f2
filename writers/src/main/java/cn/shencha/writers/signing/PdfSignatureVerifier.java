package cn.shencha.writers.signing;

import cn.shencha.writers.pdf.PdfFiles;
import com.itextpdf.kernel.exceptions.PdfException;
import com.itextpdf.kernel.pdf.PdfArray;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.xmp.XMPConst;
import com.itextpdf.kernel.xmp.XMPException;
import com.itextpdf.kernel.xmp.XMPMeta;
import com.itextpdf.kernel.xmp.XMPMetaFactory;
import com.itextpdf.signatures.PdfPKCS7;
import com.itextpdf.signatures.PdfSignature;
import com.itextpdf.signatures.SignatureUtil;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.OperatorCreationException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;

/**
 * Verifies the signatures of a signed PDF (a ledger or any other) and reads its PDF/A claim. For each signature it
 * recomputes the digest of the signed byte ranges and compares it with the digest the signature carries (integrity),
 * verifies the signature value with the signer's certificate (authenticity of the signed attributes), checks an
 * embedded RFC 3161 time stamp, and tells whether anything was appended to the file after the signature.
 * <p>
 * It does not decide whether the signer is trusted: there is no trust list, and a self-signed (for example the
 * demonstration) certificate is reported as such, not rejected.
 */
public final class PdfSignatureVerifier {

    static {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    /**
     * Verifies the file.
     *
     * @throws NoSuchFileException if it does not exist
     * @throws NotAPdfException    if it is not a readable PDF
     * @throws IOException         if it cannot be read
     */
    public VerificationResult verify(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        requirePdfHeader(file);
        try (PdfDocument pdf = new PdfDocument(PdfFiles.reader(file))) {
            SignatureUtil util = new SignatureUtil(pdf);
            List<SignatureCheck> checks = new ArrayList<>();
            for (String name : util.getSignatureNames()) {
                checks.add(check(file, util, name));
            }
            return new VerificationResult(file, util.getTotalRevisions(), checks, pdfaClaim(pdf));
        } catch (PdfException e) {
            throw new NotAPdfException(file + " is not a readable PDF: " + e.getMessage(), e);
        }
    }

    private static void requirePdfHeader(Path file) throws IOException {
        byte[] head = new byte[1024];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        String s = new String(head, 0, n, StandardCharsets.ISO_8859_1);
        if (!s.contains("%PDF-")) {
            throw new NotAPdfException(file + " is not a PDF (no %PDF- header)");
        }
    }

    private static SignatureCheck check(Path file, SignatureUtil util, String name) throws IOException {
        List<String> problems = new ArrayList<>();
        PdfSignature signature = util.getSignature(name);
        boolean covers = util.signatureCoversWholeDocument(name);
        int revision = util.getRevision(name);
        PdfPKCS7 pkcs7;
        try {
            pkcs7 = util.readSignatureData(name);
        } catch (RuntimeException e) {
            problems.add("the signature cannot be decoded: " + e.getMessage());
            return new SignatureCheck(name, revision, false, false, "", false, false, null, "", "", covers, false, null, null, problems);
        }
        X509Certificate cert = pkcs7.getSigningCertificate();
        String subject = cert == null ? "" : Certificates.subject(cert);
        ZonedDateTime signingTime = time(pkcs7.getSignDate());

        boolean intact;
        boolean valid;
        long[] ranges = byteRange(signature.getByteRange());
        byte[] contents = signature.getContents().getValueBytes();
        Crypto crypto = crypto(file, ranges, contents, cert);
        if (crypto != null) {
            intact = crypto.intact;
            valid = crypto.valueValid;
        } else {
            // No signed attributes (not a PAdES signature): let iText check digest and value together.
            boolean ok;
            try {
                ok = pkcs7.verifySignatureIntegrityAndAuthenticity();
            } catch (GeneralSecurityException | RuntimeException e) {
                ok = false;
            }
            intact = ok;
            valid = ok;
        }
        if (!intact) {
            problems.add("signature digest does not match the signed bytes: the document was changed inside the signed range");
        }
        if (!valid) {
            problems.add("the signature value does not verify with the signer's certificate");
        }
        if (cert == null) {
            problems.add("the signer's certificate is missing");
        } else if (signingTime != null) {
            try {
                cert.checkValidity(java.util.Date.from(signingTime.toInstant()));
            } catch (GeneralSecurityException e) {
                problems.add("the signer's certificate was not valid at the signing time (" + e.getMessage() + ")");
            }
        }
        boolean timestamped = pkcs7.getTimeStampTokenInfo() != null;
        Boolean timestampValid = null;
        ZonedDateTime timestampTime = null;
        if (timestamped) {
            timestampTime = time(pkcs7.getTimeStampDate());
            try {
                PdfPKCS7 token = pkcs7.getTimestampSignatureContainer();
                timestampValid = pkcs7.verifyTimestampImprint()
                        && (token == null || token.verifySignatureIntegrityAndAuthenticity());
            } catch (GeneralSecurityException | RuntimeException e) {
                timestampValid = false;
            }
            if (!timestampValid) {
                problems.add("the signature time stamp does not match the signature or its own signature is invalid");
            }
        }
        boolean selfSigned = cert != null && Certificates.selfSigned(cert);
        boolean demo = cert != null && SigningKeys.isDemoCertificate(cert);
        return new SignatureCheck(name, revision, intact, valid, subject, selfSigned, demo, signingTime,
                pkcs7.getDigestAlgorithmName(), pkcs7.getSignatureAlgorithmName(), covers, timestamped,
                timestampValid, timestampTime, problems);
    }

    private record Crypto(boolean intact, boolean valueValid) {
    }

    /** Integrity and signature value checked with BouncyCastle, or null when the signature has no signed attributes. */
    private static Crypto crypto(Path file, long[] ranges, byte[] contents, X509Certificate cert) throws IOException {
        SignerInformation signer;
        try {
            CMSSignedData cms = new CMSSignedData(trimmed(contents));
            signer = cms.getSignerInfos().getSigners().iterator().next();
        } catch (CMSException | RuntimeException e) {
            return new Crypto(false, false);
        }
        if (signer.getSignedAttributes() == null) {
            return null;
        }
        Attribute digestAttribute = signer.getSignedAttributes().get(CMSAttributes.messageDigest);
        if (digestAttribute == null) {
            return new Crypto(false, false);
        }
        byte[] claimed = ASN1OctetString.getInstance(digestAttribute.getAttrValues().getObjectAt(0)).getOctets();
        boolean intact;
        try {
            MessageDigest md = MessageDigest.getInstance(signer.getDigestAlgOID(), BouncyCastleProvider.PROVIDER_NAME);
            digestRanges(file, ranges, md);
            intact = MessageDigest.isEqual(md.digest(), claimed);
        } catch (GeneralSecurityException e) {
            intact = false;
        }
        boolean valueValid = false;
        if (cert != null) {
            try {
                SignerInformationVerifier verifier = new JcaSimpleSignerInfoVerifierBuilder()
                        .setProvider(BouncyCastleProvider.PROVIDER_NAME).build(cert);
                ContentVerifier cv = verifier.getContentVerifier(signer.toASN1Structure().getDigestEncryptionAlgorithm(),
                        signer.getDigestAlgorithmID());
                try (OutputStream out = cv.getOutputStream()) {
                    out.write(signer.getEncodedSignedAttributes());
                }
                valueValid = cv.verify(signer.getSignature());
            } catch (OperatorCreationException | RuntimeException e) {
                valueValid = false;
            }
        }
        return new Crypto(intact, valueValid);
    }

    /** The /Contents string is padded with zeros after the DER structure; BouncyCastle wants the structure alone. */
    private static byte[] trimmed(byte[] contents) throws IOException {
        try (var in = new org.bouncycastle.asn1.ASN1InputStream(contents)) {
            return in.readObject().getEncoded();
        }
    }

    private static void digestRanges(Path file, long[] ranges, MessageDigest md) throws IOException {
        byte[] buf = new byte[64 * 1024];
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            for (int i = 0; i + 1 < ranges.length; i += 2) {
                long start = ranges[i];
                long remaining = ranges[i + 1];
                raf.seek(start);
                while (remaining > 0) {
                    int n = raf.read(buf, 0, (int) Math.min(buf.length, remaining));
                    if (n < 0) {
                        throw new IOException("the signed byte range runs past the end of the file");
                    }
                    md.update(buf, 0, n);
                    remaining -= n;
                }
            }
        }
    }

    private static long[] byteRange(PdfArray array) {
        long[] r = new long[array == null ? 0 : array.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = array.getAsNumber(i).longValue();
        }
        return r;
    }

    private static PdfAClaim pdfaClaim(PdfDocument pdf) {
        byte[] xmp = pdf.getXmpMetadataBytes();
        if (xmp == null || xmp.length == 0) {
            return null;
        }
        try {
            XMPMeta meta = XMPMetaFactory.parseFromBuffer(xmp);
            Integer part = meta.getPropertyInteger(XMPConst.NS_PDFA_ID, XMPConst.PART);
            if (part == null) {
                return null;
            }
            String conformance = meta.getPropertyString(XMPConst.NS_PDFA_ID, XMPConst.CONFORMANCE);
            return new PdfAClaim(part, conformance);
        } catch (XMPException | RuntimeException e) {
            return null;
        }
    }

    private static ZonedDateTime time(Calendar c) {
        if (c == null) {
            return null;
        }
        return ZonedDateTime.ofInstant(c.toInstant(), PdfSigning.BEIJING);
    }

}
