package cn.shencha.writers.signing;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

import java.security.cert.X509Certificate;

/** Small certificate helpers for signing and verifying. */
public final class Certificates {

    private Certificates() {
    }

    /** The subject's common name (CN) decoded as text (Chinese included), or the whole subject when it has none. */
    public static String commonName(X509Certificate certificate) {
        X500Name name = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        RDN[] cns = name.getRDNs(BCStyle.CN);
        if (cns.length == 0) {
            return subject(certificate);
        }
        ASN1Encodable value = cns[0].getFirst().getValue();
        return IETFUtils.valueToString(value);
    }

    /** The subject in RFC 4519 style with readable (not escaped) Chinese: {@code CN=云川区…,O=…,C=CN}. */
    public static String subject(X509Certificate certificate) {
        X500Name name = X500Name.getInstance(BCStyle.INSTANCE, certificate.getSubjectX500Principal().getEncoded());
        StringBuilder sb = new StringBuilder();
        for (RDN rdn : name.getRDNs()) {
            for (var atv : rdn.getTypesAndValues()) {
                if (!sb.isEmpty()) {
                    sb.append(", ");
                }
                String key = BCStyle.INSTANCE.oidToDisplayName(atv.getType());
                sb.append(key == null ? atv.getType().getId() : key).append('=').append(IETFUtils.valueToString(atv.getValue()));
            }
        }
        return sb.toString();
    }

    /** Whether the certificate names itself as issuer and its signature verifies with its own key. */
    public static boolean selfSigned(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
