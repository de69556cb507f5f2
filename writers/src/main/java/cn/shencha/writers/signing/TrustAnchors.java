package cn.shencha.writers.signing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The certificates a signature must lead to before Shencha believes who made it (ADR 12): the configured signing
 * certificate, CA certificates from PEM files ({@code shencha.signing.trust-anchors}, {@code --trust-anchors}), and
 * pinned SHA-256 certificate fingerprints ({@code --trust-fingerprint}). A signer is trusted when its certificate is
 * an anchor, carries a pinned fingerprint, or chains (PKIX, at the signing time, without revocation checking) to an
 * anchor through the certificates the signature carries. A certificate merely <em>named</em> like the office proves
 * nothing: only these anchors do.
 */
public final class TrustAnchors {

    /** How a certificate was judged: trusted (and through what), or not (and why). */
    public record Trust(boolean trusted, String anchor, boolean demo, String problem) {
    }

    private final Map<String, X509Certificate> certificates = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Set<String> fingerprints = new HashSet<>();

    /** No anchors: nothing is trusted. */
    public static TrustAnchors none() {
        return new TrustAnchors();
    }

    /** Adds a certificate as an anchor, described by {@code label} (e.g. "the configured signing certificate"). */
    public TrustAnchors add(X509Certificate certificate, String label) {
        String fp = fingerprint(certificate);
        certificates.putIfAbsent(fp, certificate);
        labels.putIfAbsent(fp, label);
        return this;
    }

    /** Adds every certificate of a PEM (or DER) file as an anchor. */
    public TrustAnchors addFile(Path file) throws IOException, GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        Collection<? extends java.security.cert.Certificate> certs;
        try (InputStream in = Files.newInputStream(file)) {
            certs = cf.generateCertificates(in);
        }
        if (certs.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + file);
        }
        for (var c : certs) {
            add((X509Certificate) c, "anchor " + Certificates.commonName((X509Certificate) c) + " from " + file.getFileName());
        }
        return this;
    }

    /** Pins a certificate by its SHA-256 fingerprint (hex, colons and case ignored). */
    public TrustAnchors addFingerprint(String hex) {
        String fp = hex.replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
        if (!fp.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 fingerprint (64 hex digits): " + hex);
        }
        fingerprints.add(fp);
        return this;
    }

    public boolean isEmpty() {
        return certificates.isEmpty() && fingerprints.isEmpty();
    }

    /** A short description of the anchors, for reports. */
    public String describe() {
        List<String> parts = new ArrayList<>(labels.values());
        if (!fingerprints.isEmpty()) {
            parts.add(fingerprints.size() + " pinned fingerprint(s)");
        }
        return parts.isEmpty() ? "no trust anchors" : String.join("; ", parts);
    }

    /** The certificate's SHA-256 fingerprint as lowercase hex. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether {@code certificate} is trusted at {@code at}, with {@code carried} the other certificates the signature
     * holds (intermediates).
     */
    public Trust check(X509Certificate certificate, Collection<X509Certificate> carried, Instant at) {
        String fp = fingerprint(certificate);
        if (fingerprints.contains(fp)) {
            return new Trust(true, "pinned fingerprint " + fp, SigningKeys.isDemoCertificate(certificate), null);
        }
        if (certificates.containsKey(fp)) {
            try {
                certificate.checkValidity(Date.from(at == null ? Instant.now() : at));
            } catch (GeneralSecurityException e) {
                return new Trust(false, null, false, "the certificate " + Certificates.commonName(certificate)
                        + " was not valid at " + at + " (" + e.getMessage() + ")");
            }
            return new Trust(true, labels.get(fp), SigningKeys.isDemoCertificate(certificate), null);
        }
        Set<TrustAnchor> anchors = new HashSet<>();
        certificates.values().forEach(c -> anchors.add(new TrustAnchor(c, null)));
        List<X509Certificate> pool = new ArrayList<>(carried);
        for (X509Certificate c : carried) {
            if (fingerprints.contains(fingerprint(c))) {
                anchors.add(new TrustAnchor(c, null));
            }
        }
        if (anchors.isEmpty()) {
            return new Trust(false, null, false, "no trust anchor is configured: the certificate " + describe(certificate)
                    + " cannot be checked (configure shencha.signing.keystore or shencha.signing.trust-anchors, or give"
                    + " --trust-anchors FILE.pem or --trust-fingerprint HEX)");
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(certificate);
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at == null ? Instant.now() : at));
            pool.add(certificate);
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool)));
            PKIXCertPathBuilderResult r = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(params);
            X509Certificate root = r.getTrustAnchor().getTrustedCert();
            String label = labels.getOrDefault(fingerprint(root), "pinned fingerprint " + fingerprint(root));
            return new Trust(true, "chains to " + label, SigningKeys.isDemoCertificate(root), null);
        } catch (GeneralSecurityException e) {
            return new Trust(false, null, false, "the certificate " + describe(certificate) + " does not lead to a trust anchor ("
                    + describe() + "): " + e.getMessage());
        }
    }

    private static String describe(X509Certificate c) {
        return Certificates.commonName(c) + " (SHA-256 " + fingerprint(c) + ")";
    }
}
