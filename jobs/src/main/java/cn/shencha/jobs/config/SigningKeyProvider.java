package cn.shencha.jobs.config;

import cn.shencha.writers.signing.SignatureSettings;
import cn.shencha.writers.signing.SigningKey;
import cn.shencha.writers.signing.SigningKeys;
import com.itextpdf.kernel.geom.Rectangle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * The key that signs ledgers, reports and archival packages, from {@code shencha.signing}: the configured PKCS#12
 * keystore, or — when none is configured — the demonstration key generated under {@code DATA/keys/demo.p12} (demo
 * mode: the signature proves a file unchanged, not who signed it; every signature and {@code shencha verify} say so).
 * The key is loaded on first use and kept.
 */
@Component
public class SigningKeyProvider {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyProvider.class);

    private final ShenchaProperties properties;
    private volatile SigningKey key;

    public SigningKeyProvider(ShenchaProperties properties) {
        this.properties = properties;
    }

    /** Where the demonstration keystore is kept. */
    public Path demoKeystore() {
        return properties.data().resolve("keys").resolve("demo.p12");
    }

    /**
     * The signing key.
     *
     * @throws IllegalStateException with a message naming the keystore when it cannot be loaded
     */
    public SigningKey key() {
        SigningKey k = key;
        if (k == null) {
            synchronized (this) {
                k = key;
                if (k == null) {
                    k = load();
                    key = k;
                }
            }
        }
        return k;
    }

    /** Whether signatures are made with the demonstration key (no keystore configured, or the keystore holds it). */
    public boolean demo() {
        return key().demo();
    }

    /**
     * The signing certificate, without generating anything: the configured keystore's, or the demonstration key's
     * when it exists; empty in demo mode before anything was signed. What verification trusts as this installation's key.
     */
    public java.util.Optional<java.security.cert.X509Certificate> existingCertificate() {
        ShenchaProperties.Signing s = properties.signing();
        if ((s.keystore() == null || s.keystore().toString().isBlank()) && !java.nio.file.Files.exists(demoKeystore())) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(key().certificate());
    }

    /** The time-stamping authority's URL, or null (PAdES B-B). */
    public String tsaUrl() {
        String url = properties.signing().tsaUrl();
        return url == null || url.isBlank() ? null : url.strip();
    }

    /** The settings given, with the configured time-stamping authority (PAdES B-T) if there is one. */
    public SignatureSettings withTsa(SignatureSettings settings) {
        String tsa = tsaUrl();
        return tsa == null ? settings : settings.withTsaUrl(tsa);
    }

    /** Signature settings with the configured time-stamping authority. */
    public SignatureSettings settings(String reason, int page, Rectangle box) {
        return new SignatureSettings(reason, properties.organization(), tsaUrl(), page, box);
    }

    private SigningKey load() {
        ShenchaProperties.Signing s = properties.signing();
        try {
            if (s.keystore() == null || s.keystore().toString().isBlank()) {
                Path demo = demoKeystore();
                log.warn("No signing keystore configured (shencha.signing.keystore): signing with the demonstration key {}", demo);
                return SigningKeys.demo(demo);
            }
            String password = s.password() == null ? "" : s.password();
            return SigningKeys.fromPkcs12(s.keystore(), s.alias() == null || s.alias().isBlank() ? null : s.alias(),
                    password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the signing key from " + (s.keystore() == null ? demoKeystore() : s.keystore())
                    + ": " + e.getMessage(), e);
        }
    }
}
