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
 * ledgers use. Verification needs nothing but the data and the signature.
 */
public final class DetachedSignature {

    /** What verifying a detached signature found. */
    public record Check(boolean valid, String signer, boolean demoKey, Instant signingTime, Instant timestamp,
                        String problem) {
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
                cms = timestamp(cms, tsaUrl.strip());
            }
            return cms.getEncoded("DER");
        } catch (CMSException | org.bouncycastle.operator.OperatorCreationException | java.io.IOException e) {
            throw new GeneralSecurityException("cannot sign: " + e.getMessage(), e);
        }
    }

    /** Verifies a detached signature over {@code data}: the digest, the signature value, an embedded time stamp. */
    public static Check verify(byte[] data, byte[] signature) {
        try {
            CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(data), signature);
            Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                return new Check(false, null, false, null, null, "the signature holds " + signers.size() + " signers, not one");
            }
            SignerInformation signer = signers.iterator().next();
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> matches = cms.getCertificates().getMatches(signer.getSID());
            if (matches.isEmpty()) {
                return new Check(false, null, false, null, null, "the signer's certificate is not in the signature");
            }
            X509Certificate certificate = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
                    .getCertificate(matches.iterator().next());
            String name = Certificates.commonName(certificate);
            boolean demo = SigningKeys.isDemoCertificate(certificate);
            Instant time = signingTime(signer);
            boolean ok;
            try {
                ok = signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(certificate));
            } catch (CMSException e) {
                return new Check(false, name, demo, time, null, "the signature does not match the data (" + e.getMessage() + ")");
            }
            if (!ok) {
                return new Check(false, name, demo, time, null, "the signature value does not verify");
            }
            Instant stamped = null;
            AttributeTable unsigned = signer.getUnsignedAttributes();
            Attribute tst = unsigned == null ? null : unsigned.get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
            if (tst != null) {
                TimeStampToken token = new TimeStampToken(new CMSSignedData(tst.getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded()));
                byte[] imprint = MessageDigest.getInstance(token.getTimeStampInfo().getMessageImprintAlgOID().getId())
                        .digest(signer.getSignature());
                if (!MessageDigest.isEqual(imprint, token.getTimeStampInfo().getMessageImprintDigest())) {
                    return new Check(false, name, demo, time, null, "the time stamp does not cover the signature");
                }
                stamped = token.getTimeStampInfo().getGenTime().toInstant();
            }
            return new Check(true, name, demo, time, stamped, null);
        } catch (CMSException | java.io.IOException | GeneralSecurityException
                 | org.bouncycastle.operator.OperatorCreationException | org.bouncycastle.tsp.TSPException | RuntimeException e) {
            return new Check(false, null, false, null, null, "not a readable CMS signature: " + e.getMessage());
        }
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

    private static CMSSignedData timestamp(CMSSignedData cms, String tsaUrl) throws GeneralSecurityException {
        try {
            TSAClientBouncyCastle tsa = new TSAClientBouncyCastle(tsaUrl);
            SignerInformationStore store = cms.getSignerInfos();
            java.util.List<SignerInformation> stamped = new java.util.ArrayList<>();
            for (Iterator<SignerInformation> it = store.getSigners().iterator(); it.hasNext(); ) {
                SignerInformation si = it.next();
                byte[] imprint = MessageDigest.getInstance("SHA-256").digest(si.getSignature());
                byte[] token = tsa.getTimeStampToken(imprint);
                ASN1EncodableVector v = new ASN1EncodableVector();
                v.add(new Attribute(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken, new DERSet(ASN1Primitive.fromByteArray(token))));
                stamped.add(SignerInformation.replaceUnsignedAttributes(si, new AttributeTable(v)));
            }
            return CMSSignedData.replaceSigners(cms, new SignerInformationStore(stamped));
        } catch (Exception e) {
            throw new GeneralSecurityException("time stamp from " + tsaUrl + " failed: " + e.getMessage(), e);
        }
    }
}
