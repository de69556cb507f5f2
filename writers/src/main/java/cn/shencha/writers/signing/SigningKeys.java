package cn.shencha.writers.signing;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.ZonedDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;

/**
 * Where signing keys come from: a PKCS#12 keystore (the production case: a certificate issued to the secrecy office),
 * or the demonstration keystore this class generates on first use. A demonstration key is self-signed: a signature
 * made with it shows that a ledger was not changed, not who approved it.
 */
public final class SigningKeys {

    /** The subject of the demonstration certificate. */
    public static final String DEMO_COMMON_NAME = "云川区保密审查演示签名 (demo)";
    /** The alias of the demonstration key. */
    public static final String DEMO_ALIAS = "demo";
    /** The password of the demonstration keystore (it protects nothing; the key is for demonstrations only). */
    public static final String DEMO_PASSWORD = "shencha-demo";
    /** How long the demonstration certificate is valid. */
    public static final int DEMO_VALIDITY_YEARS = 5;

    private SigningKeys() {
    }

    /**
     * Loads the key and chain stored under the alias of a PKCS#12 keystore.
     *
     * @param alias the alias, or null for the keystore's only key entry
     * @throws IOException              if the file cannot be read or the password is wrong
     * @throws GeneralSecurityException if the alias holds no private key or the keystore is damaged
     */
    public static SigningKey fromPkcs12(Path keystore, String alias, char[] password) throws IOException, GeneralSecurityException {
        return load(keystore, alias, password, false);
    }

    /**
     * The demonstration key at the path, generated there (a self-signed RSA 2048 certificate for
     * {@value #DEMO_COMMON_NAME}, valid {@value #DEMO_VALIDITY_YEARS} years) if the file does not exist yet.
     */
    public static SigningKey demo(Path keystore) throws IOException, GeneralSecurityException {
        if (!Files.exists(keystore)) {
            generateDemoKeystore(keystore);
        }
        return load(keystore, DEMO_ALIAS, DEMO_PASSWORD.toCharArray(), true);
    }

    /** Whether the certificate is one {@link #demo(Path)} generated. */
    public static boolean isDemoCertificate(X509Certificate certificate) {
        return DEMO_COMMON_NAME.equals(Certificates.commonName(certificate)) && Certificates.selfSigned(certificate);
    }

    private static SigningKey load(Path keystore, String alias, char[] password, boolean demo) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, password);
        }
        if (alias == null) {
            List<String> keys = new ArrayList<>();
            for (String a : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(a)) {
                    keys.add(a);
                }
            }
            if (keys.size() != 1) {
                throw new GeneralSecurityException("keystore " + keystore + " holds " + keys.size()
                        + " keys " + keys + "; name the alias to use");
            }
            alias = keys.getFirst();
        }
        Key key = ks.getKey(alias, password);
        if (!(key instanceof PrivateKey privateKey)) {
            throw new GeneralSecurityException("keystore " + keystore + " has no private key under alias '" + alias + "'");
        }
        Certificate[] chain = ks.getCertificateChain(alias);
        if (chain == null || chain.length == 0) {
            throw new GeneralSecurityException("keystore " + keystore + " has no certificate chain under alias '" + alias + "'");
        }
        List<X509Certificate> certs = new ArrayList<>();
        for (Certificate c : chain) {
            certs.add((X509Certificate) c);
        }
        return new SigningKey(privateKey, certs, demo || isDemoCertificate(certs.getFirst()));
    }

    private static void generateDemoKeystore(Path keystore) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, new SecureRandom());
        KeyPair pair = generator.generateKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "CN")
                .addRDN(BCStyle.O, "云川区人民政府（演示）")
                .addRDN(BCStyle.CN, DEMO_COMMON_NAME)
                .build();
        ZonedDateTime now = ZonedDateTime.now(ZoneId.of("Asia/Shanghai"));
        Date notBefore = Date.from(now.minusDays(1).toInstant());
        Date notAfter = Date.from(now.plusYears(DEMO_VALIDITY_YEARS).toInstant());
        BigInteger serial = new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE);
        X509Certificate certificate;
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial, notBefore, notAfter, subject, pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_emailProtection));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate());
            X509CertificateHolder holder = builder.build(signer);
            certificate = new JcaX509CertificateConverter().getCertificate(holder);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot create the demonstration certificate", e);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(DEMO_ALIAS, pair.getPrivate(), DEMO_PASSWORD.toCharArray(), new Certificate[]{certificate});
        Path dir = keystore.toAbsolutePath().getParent();
        cn.shencha.writers.files.PrivateFiles.directories(dir);
        Path tmp = Files.createTempFile(dir, ".demo-", ".p12.tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ks.store(out, DEMO_PASSWORD.toCharArray());
            }
            Files.move(tmp, keystore, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

}
