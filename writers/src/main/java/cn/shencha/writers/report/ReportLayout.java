package cn.shencha.writers.report;

import com.itextpdf.kernel.geom.Rectangle;

/**
 * Where a written PDF report left room for its visible signature.
 *
 * @param pages         the number of pages
 * @param signaturePage the page (1-based) of the signature box: the last page
 * @param signatureBox  the box, in points from the lower left corner of that page
 */
public record ReportLayout(int pages, int signaturePage, Rectangle signatureBox) {
}
