package cn.shencha.writers.signing;

import com.itextpdf.signatures.TSAClientBouncyCastle;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TimeStampToken;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;

/**
 * CMS/CAdES detached signatures over a file's bytes (archival packages sign their tag manifest this way): SHA-256 with
 * the signing key's algorithm (RSA for the keystore and demonstration keys; SM2 is not offered, see ADR 5), the
 * signer's certificate chain embedded, a signing-time attribute, and — when a time-stamping authority is configured —
 * an RFC 3161 signature time stamp (unsigned attribute id-aa-signatureTimeStampToken) from the same TSA client the
 * ledgers use. Verification needs the data, the signature and the trust anchors the signer (and the TSA) must lead to.
 */
public final class DetachedSignature {

    /**
     * What verifying a detached signature found.
     *
     * @param valid           the signature value matches the data and an embedded time stamp is sound (its token's
     *                        signature verifies with its TSA certificate, which leads to a trust anchor, and it covers
     *                        this signature)
     * @param trust           whether the signer's certificate leads to a trust anchor (null when not {@code valid})
     * @param timestampSigner the TSA that signed the time stamp, or null
     */
    public record Check(boolean valid, String signer, boolean demoKey, Instant signingTime, Instant timestamp,
                        String problem, TrustAnchors.Trust trust, String timestampSigner) {
        /** Valid, and by a signer the anchors vouch for. */
        public boolean trusted() {
            return valid && trust != null && trust.trusted();
        }
    }

    /** Where an RFC 3161 token for a message imprint (SHA-256 of a signature value) comes from. */
    public interface TokenSource {
        byte[] token(byte[] sha256Imprint) throws Exception;
    }

    private DetachedSignature() {
    }

    /** A DER-encoded CMS SignedData over {@code data}, without the data itself. */
    public static byte[] sign(byte[] data, SigningKey key, String tsaUrl, Instant signingTime) throws GeneralSecurityException {
        try {
            String algorithm = key.privateKey().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            ASN1EncodableVector signed = new ASN1EncodableVector();
            signed.add(new Attribute(CMSAttributes.signingTime, new DERSet(new Time(java.util.Date.from(signingTime)))));
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                    .setSignedAttributeGenerator(new org.bouncycastle.cms.DefaultSignedAttributeTableGenerator(new AttributeTable(signed)))
                    .build(new JcaContentSignerBuilder(algorithm).build(key.privateKey()), key.certificate()));
            generator.addCertificates(new JcaCertStore(key.chain()));
            CMSSignedData cms = generator.generate(new CMSProcessableByteArray(data), false);
            if (tsaUrl != null && !tsaUrl.isBlank()) {
                TSAClientBouncyCastle tsa = new TSAClientBouncyCastle(tsaUrl.strip());
                cms = timestamp(cms, tsa::getTimeStampToken, tsaUrl.strip());
            }
            return cms.getEncoded("DER");
        } catch (CMSException | org.bouncycastle.operator.OperatorCreationException | java.io.IOException e) {
            throw new GeneralSecurityException("cannot sign: " + e.getMessage(), e);
        }
    }

    /**
     * Verifies a detached signature over {@code data}: the digest, the signature value, the signer's certificate
     * against the trust anchors, and an embedded time stamp (its token's own signature with the TSA certificate, that
     * certificate against the anchors, and that it covers this signature).
     */
    public static Check verify(byte[] data, byte[] signature, TrustAnchors anchors) {
        try {
            CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(data), signature);
            Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                return invalid(null, false, null, "the signature holds " + signers.size() + " signers, not one");
            }
            SignerInformation signer = signers.iterator().next();
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> matches = cms.getCertificates().getMatches(signer.getSID());
            if (matches.isEmpty()) {
                return invalid(null, false, null, "the signer's certificate is not in the signature");
            }
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            X509Certificate certificate = converter.getCertificate(matches.iterator().next());
            String name = Certificates.commonName(certificate);
            boolean demo = SigningKeys.isDemoCertificate(certificate);
            Instant time = signingTime(signer);
            boolean ok;
            try {
                ok = signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(certificate));
            } catch (CMSException e) {
                return invalid(name, demo, time, "the signature does not match the data (" + e.getMessage() + ")");
            }
            if (!ok) {
                return invalid(name, demo, time, "the signature value does not verify");
            }
            Instant stamped = null;
            String tsaName = null;
            AttributeTable unsigned = signer.getUnsignedAttributes();
            Attribute tst = unsigned == null ? null : unsigned.get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
            if (tst != null) {
                TimeStampToken token = new TimeStampToken(new CMSSignedData(tst.getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded()));
                byte[] imprint = MessageDigest.getInstance(token.getTimeStampInfo().getMessageImprintAlgOID().getId())
                        .digest(signer.getSignature());
                if (!MessageDigest.isEqual(imprint, token.getTimeStampInfo().getMessageImprintDigest())) {
                    return invalid(name, demo, time, "the time stamp does not cover the signature");
                }
                @SuppressWarnings("unchecked")
                Collection<X509CertificateHolder> tsaMatches = token.getCertificates().getMatches(token.getSID());
                if (tsaMatches.isEmpty()) {
                    return invalid(name, demo, time, "the time stamp does not carry its TSA's certificate: its signature cannot be checked");
                }
                X509Certificate tsaCert = converter.getCertificate(tsaMatches.iterator().next());
                tsaName = Certificates.commonName(tsaCert);
                try {
                    token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(tsaCert));
                } catch (org.bouncycastle.tsp.TSPException e) {
                    return invalid(name, demo, time, "the time stamp's own signature does not verify with the certificate of "
                            + tsaName + " (" + e.getMessage() + "): a forged or damaged token");
                }
                stamped = token.getTimeStampInfo().getGenTime().toInstant();
                TrustAnchors.Trust tsaTrust = anchors.check(tsaCert, carried(token.getCertificates().getMatches(null), converter), stamped);
                if (!tsaTrust.trusted()) {
                    return invalid(name, demo, time, "the time stamp's TSA is not trusted: " + tsaTrust.problem());
                }
            }
            TrustAnchors.Trust trust = anchors.check(certificate, carried(cms.getCertificates().getMatches(null), converter),
                    stamped != null ? stamped : time);
            return new Check(true, name, demo, time, stamped, null, trust, tsaName);
        } catch (CMSException | java.io.IOException | GeneralSecurityException
                 | org.bouncycastle.operator.OperatorCreationException | org.bouncycastle.tsp.TSPException | RuntimeException e) {
            return invalid(null, false, null, "not a readable CMS signature: " + e.getMessage());
        }
    }

    private static Check invalid(String name, boolean demo, Instant time, String problem) {
        return new Check(false, name, demo, time, null, problem, null, null);
    }

    private static java.util.List<X509Certificate> carried(Collection<?> holders, JcaX509CertificateConverter converter)
            throws java.security.cert.CertificateException {
        java.util.List<X509Certificate> certs = new java.util.ArrayList<>();
        for (Object h : holders) {
            certs.add(converter.getCertificate((X509CertificateHolder) h));
        }
        return certs;
    }

    private static Instant signingTime(SignerInformation signer) {
        AttributeTable attrs = signer.getSignedAttributes();
        Attribute t = attrs == null ? null : attrs.get(CMSAttributes.signingTime);
        if (t == null) {
            return null;
        }
        try {
            return Time.getInstance(t.getAttrValues().getObjectAt(0)).getDate().toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Adds an RFC 3161 signature time stamp from {@code tokens} to every signer of a DER-encoded CMS signature. */
    public static byte[] addTimestamp(byte[] signature, TokenSource tokens) throws GeneralSecurityException {
        try {
            return timestamp(new CMSSignedData(signature), tokens, "the time-stamping authority").getEncoded("DER");
        } catch (CMSException | java.io.IOException e) {
            throw new GeneralSecurityException("cannot add a time stamp: " + e.getMessage(), e);
        }
    }

    private static CMSSignedData timestamp(CMSSignedData cms, TokenSource tokens, String tsaName) throws GeneralSecurityException {
        try {
            SignerInformationStore store = cms.getSignerInfos();
            java.util.List<SignerInformation> stamped = new java.util.ArrayList<>();
            for (Iterator<SignerInformation> it = store.getSigners().iterator(); it.hasNext(); ) {
                SignerInformation si = it.next();
                byte[] imprint = MessageDigest.getInstance("SHA-256").digest(si.getSignature());
                byte[] token = tokens.token(imprint);
                ASN1EncodableVector v = new ASN1EncodableVector();
                v.add(new Attribute(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken, new DERSet(ASN1Primitive.fromByteArray(token))));
                stamped.add(SignerInformation.replaceUnsignedAttributes(si, new AttributeTable(v)));
            }
            return CMSSignedData.replaceSigners(cms, new SignerInformationStore(stamped));
        } catch (Exception e) {
            throw new GeneralSecurityException("time stamp from " + tsaName + " failed: " + e.getMessage(), e);
        }
    }
}
