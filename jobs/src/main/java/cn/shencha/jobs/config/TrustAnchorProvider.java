package cn.shencha.jobs.config;

import cn.shencha.writers.signing.TrustAnchors;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * The trust anchors verification uses (ADR 12): this installation's signing certificate ({@code shencha.signing.*}:
 * the configured keystore's, or the demonstration key's, which reports then name as such), the certificates of
 * {@code shencha.signing.trust-anchors} (PEM files: CAs of the office's certificate and of the time-stamping
 * authority), and what a command adds ({@code --trust-anchors FILE.pem}, {@code --trust-fingerprint HEX}).
 */
@Component
public class TrustAnchorProvider {

    private final ShenchaProperties properties;
    private final SigningKeyProvider keys;

    public TrustAnchorProvider(ShenchaProperties properties, SigningKeyProvider keys) {
        this.properties = properties;
        this.keys = keys;
    }

    /** The configured anchors. */
    public TrustAnchors anchors() {
        return anchors(List.of(), List.of());
    }

    /**
     * The configured anchors with more PEM files and pinned fingerprints.
     *
     * @throws IllegalArgumentException naming a file that cannot be read or a fingerprint that is not one
     */
    public TrustAnchors anchors(List<Path> files, List<String> fingerprints) {
        TrustAnchors a = TrustAnchors.none();
        keys.existingCertificate().ifPresent(c -> a.add(c, keys.demo() ? "this installation's demonstration key"
                : "the configured signing certificate"));
        List<Path> configured = properties.signing().trustAnchors() == null ? List.of() : properties.signing().trustAnchors();
        for (Path f : concat(configured, files)) {
            try {
                a.addFile(f);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot read the trust anchors " + f + ": " + e.getMessage(), e);
            }
        }
        fingerprints.forEach(a::addFingerprint);
        return a;
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
