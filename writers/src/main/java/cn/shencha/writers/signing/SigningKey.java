package cn.shencha.writers.signing;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A private key and its certificate chain (signer's certificate first), ready to sign ledgers.
 *
 * @param privateKey the private key
 * @param chain      the certificate chain, the signer's certificate first
 * @param demo       whether this is the generated demonstration key, which proves nothing about who signed
 */
public record SigningKey(PrivateKey privateKey, List<X509Certificate> chain, boolean demo) {
    public SigningKey {
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a signing key needs at least its own certificate");
        }
    }

    /** The signer's certificate. */
    public X509Certificate certificate() {
        return chain.getFirst();
    }

    /** The signer's common name (CN), or the whole subject when it has none. */
    public String signerName() {
        return Certificates.commonName(certificate());
    }
}
