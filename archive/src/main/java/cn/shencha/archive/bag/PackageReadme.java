package cn.shencha.archive.bag;

import java.util.Map;

/** {@code data/README.txt}: what the package holds and how to read it without Shencha. */
final class PackageReadme {

    private PackageReadme() {
    }

    static String text(PackageWriter.Contents c, Map<String, Long> counts) {
        StringBuilder b = new StringBuilder();
        b.append("审查 Shencha 归档信息包 / archival package\n\n");
        b.append("Site:   ").append(c.siteName()).append(" (").append(c.siteUrl()).append(")\n");
        b.append("Period: ").append(c.from()).append(" to ").append(c.to()).append(" (inclusive, Beijing time)\n\n");
        b.append("""
                This directory is a BagIt bag (RFC 8500). Every file under data/ is listed with its SHA-256 in
                manifest-sha256.txt; the tag files with theirs in tagmanifest-sha256.txt, which is signed
                (CMS/CAdES detached, DER) in signature-tagmanifest-sha256.p7s. bag-info.txt names the period, the source
                organization and the number of records of each class. Any BagIt validator checks the bag, e.g.
                `bagit.py --validate DIR`; `openssl cms -verify -binary -inform DER -in signature-tagmanifest-sha256.p7s
                -content tagmanifest-sha256.txt -noverify` checks the signature.

                Every file is in an open, plain format:
                  warc/<site>/*.warc.gz    the captured HTTP requests and responses (WARC 1.1, ISO 28500)
                  warc/index.cdxj          pywb-style CDXJ index of the responses (replay with pywb or any CDXJ reader)
                  text/<snapshot>.txt      the extracted text of each captured page (UTF-8)
                  metadata/pages/*.xml     one metadata record per captured page (GB/T 42147-2022 elements), valid
                                           against metadata/shencha-page-metadata-1.0.xsd
                  records/pages.jsonl      the captured pages, one JSON object per line
                  records/findings.jsonl   secrecy findings on those pages
                  records/review-tasks.jsonl, records/review-decisions.jsonl
                                           the review items and every decision with its opinion
                  records/audit-trail.jsonl
                                           the audit-trail rows of the period; row_hash = HMAC-SHA256 with the
                                           trail key named by key_id (kept by the issuing office) of seq, occurred_at,
                                           actor, action, target, details (backslash and newline escaped), prev_hash
                                           and key_id, one per line (rows without key_id: plain SHA-256 of the same
                                           without key_id); each prev_hash is the row before's hash. The last row's
                                           hash is in ../audit-trail-checkpoint.txt, signed in ../audit-trail-checkpoint.p7s
                  records/duty-readings.jsonl
                                           the duty reading log (值班读网)
                  ledgers/                 the approval ledgers (领导审批台帐): signed PDF/A-2b and Excel
                  reports/                 the weekly reports (周报): signed PDF/A-2b and Excel

                """);
        b.append("Counts:\n");
        counts.forEach((k, v) -> b.append("  ").append(k).append(": ").append(v).append('\n'));
        return b.toString();
    }
}
