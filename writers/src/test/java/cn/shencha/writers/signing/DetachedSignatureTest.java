package cn.shencha.writers.signing;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trust anchors and time stamps of detached (package) signatures: a signature verifies mathematically whoever made
 * it, so only a signer leading to an anchor is trusted — a fresh self-signed key named like the office is not; and
 * an RFC 3161 token must verify with its TSA's certificate, which must lead to an anchor (tokens made here with
 * BouncyCastle's TimeStampTokenGenerator, no network).
 */
class DetachedSignatureTest {

    private static final byte[] DATA = "tagmanifest 内容\n".getBytes(StandardCharsets.UTF_8);
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private static KeyPair office;
    private static X509Certificate officeCert;
    private static KeyPair tsa;
    private static X509Certificate tsaCert;

    @BeforeAll
    static void keys() throws Exception {
        office = pair();
        officeCert = certificate("CN=区人民政府办公室, O=云川区人民政府, C=CN", office, "CN=区人民政府办公室, O=云川区人民政府, C=CN", office.getPrivate(), false, false);
        tsa = pair();
        tsaCert = certificate("CN=Test TSA, C=CN", tsa, "CN=Test TSA, C=CN", tsa.getPrivate(), false, true);
    }

    @Test
    void onlyASignerLeadingToAnAnchorIsTrusted() throws Exception {
        byte[] sig = DetachedSignature.sign(DATA, new SigningKey(office.getPrivate(), List.of(officeCert), false), null, Instant.now());
        TrustAnchors configured = TrustAnchors.none().add(officeCert, "the configured signing certificate");
        DetachedSignature.Check good = DetachedSignature.verify(DATA, sig, configured);
        assertThat(good.valid()).isTrue();
        assertThat(good.trusted()).isTrue();
        assertThat(good.trust().anchor()).isEqualTo("the configured signing certificate");

        // A fresh self-signed key with the very same name: the signature is sound, the signer is not trusted.
        KeyPair other = pair();
        X509Certificate lookalike = certificate("CN=区人民政府办公室, O=云川区人民政府, C=CN", other, "CN=区人民政府办公室, O=云川区人民政府, C=CN",
                other.getPrivate(), false, false);
        byte[] forged = DetachedSignature.sign(DATA, new SigningKey(other.getPrivate(), List.of(lookalike), false), null, Instant.now());
        DetachedSignature.Check c = DetachedSignature.verify(DATA, forged, configured);
        assertThat(c.valid()).isTrue();
        assertThat(c.signer()).isEqualTo("区人民政府办公室");
        assertThat(c.trusted()).isFalse();
        assertThat(c.trust().problem()).contains("does not lead to a trust anchor").contains(TrustAnchors.fingerprint(lookalike));
        assertThat(DetachedSignature.verify(DATA, forged, TrustAnchors.none()).trust().problem()).contains("no trust anchor is configured");

        // A fresh key named like the demonstration key is not this installation's demonstration key.
        KeyPair demoLike = pair();
        X509Certificate demoCert = certificate("CN=" + SigningKeys.DEMO_COMMON_NAME, demoLike, "CN=" + SigningKeys.DEMO_COMMON_NAME,
                demoLike.getPrivate(), false, false);
        DetachedSignature.Check d = DetachedSignature.verify(DATA, DetachedSignature.sign(DATA,
                new SigningKey(demoLike.getPrivate(), List.of(demoCert), true), null, Instant.now()), configured);
        assertThat(d.demoKey()).isTrue();
        assertThat(d.trusted()).isFalse();

        // Pinned by fingerprint, or issued by an anchored CA: trusted.
        assertThat(DetachedSignature.verify(DATA, forged, TrustAnchors.none().addFingerprint(TrustAnchors.fingerprint(lookalike)
                .toUpperCase())).trusted()).isTrue();
        KeyPair ca = pair();
        X509Certificate caCert = certificate("CN=Test CA, C=CN", ca, "CN=Test CA, C=CN", ca.getPrivate(), true, false);
        KeyPair issued = pair();
        X509Certificate issuedCert = certificate("CN=区人民政府办公室, C=CN", issued, "CN=Test CA, C=CN", ca.getPrivate(), false, false);
        byte[] caSigned = DetachedSignature.sign(DATA, new SigningKey(issued.getPrivate(), List.of(issuedCert, caCert), false), null, Instant.now());
        DetachedSignature.Check viaCa = DetachedSignature.verify(DATA, caSigned, TrustAnchors.none().add(caCert, "the CA"));
        assertThat(viaCa.trusted()).as(String.valueOf(viaCa.trust())).isTrue();
        assertThat(viaCa.trust().anchor()).isEqualTo("chains to the CA");
        assertThat(DetachedSignature.verify(DATA, caSigned, configured).trusted()).isFalse();
    }

    @Test
    void aTimeStampMustVerifyWithItsTsaCertificateWhichMustLeadToAnAnchor() throws Exception {
        SigningKey key = new SigningKey(office.getPrivate(), List.of(officeCert), false);
        TrustAnchors anchors = TrustAnchors.none().add(officeCert, "the configured signing certificate").add(tsaCert, "the TSA");
        byte[] plain = DetachedSignature.sign(DATA, key, null, Instant.now());

        DetachedSignature.Check stamped = DetachedSignature.verify(DATA, DetachedSignature.addTimestamp(plain,
                imprint -> token(imprint, tsa.getPrivate(), tsaCert)), anchors);
        assertThat(stamped.valid()).as(stamped.problem()).isTrue();
        assertThat(stamped.trusted()).isTrue();
        assertThat(stamped.timestamp()).isNotNull();
        assertThat(stamped.timestampSigner()).isEqualTo("Test TSA");

        // Forged: a token made with another key that names the real TSA's certificate.
        KeyPair forger = pair();
        DetachedSignature.Check forged = DetachedSignature.verify(DATA, DetachedSignature.addTimestamp(plain,
                imprint -> token(imprint, forger.getPrivate(), tsaCert)), anchors);
        assertThat(forged.valid()).isFalse();
        assertThat(forged.problem()).contains("time stamp's own signature does not verify").contains("forged");

        // A token from a TSA no anchor vouches for (a fresh one, made to look proper).
        KeyPair rogue = pair();
        X509Certificate rogueCert = certificate("CN=Test TSA, C=CN", rogue, "CN=Test TSA, C=CN", rogue.getPrivate(), false, true);
        DetachedSignature.Check untrusted = DetachedSignature.verify(DATA, DetachedSignature.addTimestamp(plain,
                imprint -> token(imprint, rogue.getPrivate(), rogueCert)), anchors);
        assertThat(untrusted.valid()).isFalse();
        assertThat(untrusted.problem()).contains("TSA is not trusted");
    }

    private static byte[] token(byte[] imprint, PrivateKey signWith, X509Certificate named) throws Exception {
        var signerInfo = new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withRSA", signWith, named);
        var sha1 = new JcaDigestCalculatorProviderBuilder().build().get(new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1));
        TimeStampTokenGenerator generator = new TimeStampTokenGenerator(signerInfo, sha1, new ASN1ObjectIdentifier("1.2.3.4.1"));
        generator.addCertificates(new JcaCertStore(List.of(named)));
        TimeStampRequestGenerator requests = new TimeStampRequestGenerator();
        requests.setCertReq(true);
        var request = requests.generate(TSPAlgorithms.SHA256, imprint, BigInteger.valueOf(SERIAL.incrementAndGet()));
        return generator.generate(request, BigInteger.valueOf(SERIAL.incrementAndGet()), new Date()).getEncoded();
    }

    private static KeyPair pair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, PrivateKey issuerKey, boolean ca,
                                       boolean timeStamping) throws Exception {
        long now = System.currentTimeMillis();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(SERIAL.incrementAndGet()),
                new Date(now - 86_400_000L), new Date(now + 365L * 86_400_000L), new X500Name(subject), subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (ca) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature));
        }
        if (timeStamping) {
            b.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
        }
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
    }
}
