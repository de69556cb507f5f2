package cn.shencha.jobs.config;

import cn.shencha.writers.signing.SignatureSettings;
import cn.shencha.writers.signing.SigningKey;
import cn.shencha.writers.signing.SigningKeys;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * The key that signs ledgers, reports and archival packages, from {@code shencha.signing}: the configured PKCS#12
 * keystore, or in demo mode (no keystore configured) a self-signed demonstration key generated under
 * {@code <data>/keys/} — everything signed with it says so.
 */
@Component
public class SigningKeyProvider {

    private final ShenchaProperties properties;
    private volatile SigningKey key;

    public SigningKeyProvider(ShenchaProperties properties) {
        this.properties = properties;
    }

    /** The signing key, loaded (or generated, in demo mode) on first use. */
    public SigningKey key() {
        SigningKey k = key;
        if (k == null) {
            synchronized (this) {
                if (key == null) {
                    key = load();
                }
                k = key;
            }
        }
        return k;
    }

    /** Whether signatures are made with the self-signed demonstration key. */
    public boolean demo() {
        return key().demo();
    }

    /** Signature settings for a document, with the configured time-stamping authority (PAdES B-T) if any. */
    public SignatureSettings withTsa(SignatureSettings settings) {
        String tsa = properties.signing().tsaUrl();
        return tsa == null || tsa.isBlank() ? settings : settings.withTsaUrl(tsa);
    }

    private SigningKey load() {
        ShenchaProperties.Signing s = properties.signing();
        try {
            if (s.keystore() == null || s.keystore().toString().isBlank()) {
                Path demo = properties.data().resolve("keys").resolve("demo-signing.p12");
                Files.createDirectories(demo.getParent());
                return SigningKeys.demo(demo);
            }
            if (!Files.isRegularFile(s.keystore())) {
                throw new IllegalStateException("shencha.signing.keystore: " + s.keystore() + " does not exist");
            }
            return SigningKeys.fromPkcs12(s.keystore(), s.alias(), s.password() == null ? new char[0] : s.password().toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the signing key from " + (s.keystore() == null ? "the demo keystore"
                    : s.keystore()) + ": " + e.getMessage(), e);
        }
    }
}
