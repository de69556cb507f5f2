package cn.shencha.writers.signing;

import com.itextpdf.kernel.geom.Rectangle;

import java.util.Objects;

/**
 * How a PDF is signed.
 *
 * @param reason   why it is signed (签名理由), shown in the signature and readers' signature panels
 * @param location where (签名地点)
 * @param tsaUrl   the RFC 3161 time-stamping authority's URL for a PAdES B-T signature, or null for B-B
 * @param page     the page of the visible signature, 1-based; 0 for the last page
 * @param box      where on the page the visible signature goes, in points from the lower left corner
 */
public record SignatureSettings(String reason, String location, String tsaUrl, int page, Rectangle box) {

    public SignatureSettings {
        reason = reason == null ? "" : reason;
        location = location == null ? "" : location;
        tsaUrl = tsaUrl == null || tsaUrl.isBlank() ? null : tsaUrl.strip();
        if (page < 0) {
            throw new IllegalArgumentException("page numbers start at 1 (0 for the last page), not " + page);
        }
        Objects.requireNonNull(box, "box");
    }

    /** A B-B signature on the last page, in the given box, for approving a ledger. */
    public static SignatureSettings ledger(Rectangle box) {
        return new SignatureSettings("确认领导审批台帐内容完整", "云川区", null, 0, box);
    }

    /** The same, with a time stamp from the authority (PAdES B-T). */
    public SignatureSettings withTsaUrl(String url) {
        return new SignatureSettings(reason, location, url, page, box);
    }

    /** The PAdES baseline level these settings produce. */
    public PadesLevel level() {
        return tsaUrl == null ? PadesLevel.B_B : PadesLevel.B_T;
    }

    /** The PAdES baseline levels Shencha signs with. */
    public enum PadesLevel {
        /** Basic signature: signed attributes with the signer's certificate and claimed signing time. */
        B_B,
        /** B-B plus an RFC 3161 signature time stamp, which proves the signature existed at that time. */
        B_T
    }
}
