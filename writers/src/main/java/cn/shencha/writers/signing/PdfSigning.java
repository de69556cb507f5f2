package cn.shencha.writers.signing;

import cn.shencha.writers.pdf.PdfFiles;
import cn.shencha.writers.pdf.PdfFonts;
import com.itextpdf.forms.form.element.SignatureFieldAppearance;
import com.itextpdf.kernel.colors.DeviceRgb;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.StampingProperties;
import com.itextpdf.layout.borders.SolidBorder;
import com.itextpdf.layout.element.Div;
import com.itextpdf.layout.element.Paragraph;
import com.itextpdf.signatures.ITSAClient;
import com.itextpdf.signatures.PdfPadesSigner;
import com.itextpdf.signatures.SignerProperties;
import com.itextpdf.signatures.TSAClientBouncyCastle;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.Security;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.GregorianCalendar;

/**
 * Signs PDFs with a PAdES baseline signature: B-B, or B-T when a time-stamping authority is configured. The
 * signature is added as an incremental update (append mode), so the signed document keeps every byte of the
 * original and with it its PDF/A-2b conformance; the visible signature block (signer and time, in the embedded
 * report font) is drawn on the chosen page.
 */
public final class PdfSigning {

    /** The time zone signing times are shown in. */
    public static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    /** The name of the signature field Shencha creates. */
    public static final String FIELD_NAME = "ShenchaLedgerSignature";

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    static {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    private PdfSigning() {
    }

    /**
     * Signs {@code input} into {@code output} (written via a temporary file next to it; the input is not changed).
     *
     * @param signingTime the claimed signing time (also shown in the signature block)
     * @return the PAdES level of the signature made
     */
    public static SignatureSettings.PadesLevel sign(Path input, Path output, SigningKey key, SignatureSettings settings,
                                                    ZonedDateTime signingTime) throws IOException, GeneralSecurityException {
        Path dir = output.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".signing-", ".pdf.tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                sign(input, out, key, settings, signingTime);
            }
            Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return settings.level();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Signs {@code input} onto the stream, which is left open. */
    public static void sign(Path input, OutputStream out, SigningKey key, SignatureSettings settings,
                            ZonedDateTime signingTime) throws IOException, GeneralSecurityException {
        int page = settings.page();
        if (page == 0) {
            try (PdfDocument pdf = new PdfDocument(PdfFiles.reader(input))) {
                page = pdf.getNumberOfPages();
            }
        }
        ZonedDateTime shownTime = signingTime.withZoneSameInstant(BEIJING);
        SignatureFieldAppearance appearance = new SignatureFieldAppearance(FIELD_NAME);
        Div content = new Div()
                .add(line((key.demo() ? "演示签名（仅供演示，不证明签名人身份）" : "电子签名"), 9))
                .add(line("签名人：" + key.signerName(), 8))
                .add(line("签名时间：" + SHOWN.format(shownTime) + "（北京时间）", 8))
                .add(line("签名级别：PAdES " + (settings.level() == SignatureSettings.PadesLevel.B_T ? "B-T（含可信时间戳）" : "B-B"), 8));
        if (!settings.reason().isEmpty()) {
            content.add(line("理由：" + settings.reason(), 8));
        }
        appearance.setContent(content);
        appearance.setFont(PdfFonts.cjk());
        appearance.setBorder(new SolidBorder(new DeviceRgb(0xB0, 0x1E, 0x23), 1));
        SignerProperties properties = new SignerProperties()
                .setFieldName(FIELD_NAME)
                .setPageNumber(page)
                .setPageRect(settings.box())
                .setReason(settings.reason())
                .setLocation(settings.location())
                .setSignatureCreator("审查 Shencha")
                .setClaimedSignDate(GregorianCalendar.from(shownTime))
                .setSignatureAppearance(appearance);
        PdfPadesSigner signer = new PdfPadesSigner(PdfFiles.reader(input), out)
                .setStampingProperties(new StampingProperties().useAppendMode());
        java.security.cert.Certificate[] chain = key.chain().toArray(new java.security.cert.Certificate[0]);
        if (settings.tsaUrl() == null) {
            signer.signWithBaselineBProfile(properties, chain, key.privateKey());
        } else {
            ITSAClient tsa = new TSAClientBouncyCastle(settings.tsaUrl());
            signer.signWithBaselineTProfile(properties, chain, key.privateKey(), tsa);
        }
    }

    private static Paragraph line(String text, float size) {
        return new Paragraph(text).setFontSize(size).setMargin(0).setMultipliedLeading(1.2f);
    }
}
