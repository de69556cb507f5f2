package cn.shencha.jobs.review;

import cn.shencha.jobs.audit.ReviewCandidate;
import cn.shencha.jobs.audit.ReviewTaskItemWriter;
import cn.shencha.jobs.audit.SnapshotAnalysisItemProcessor;
import cn.shencha.jobs.audit.internal.AuditStore;
import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.readers.crawl.CrawlFrontier;
import cn.shencha.readers.extract.DocumentTextExtractor;
import cn.shencha.readers.extract.ExtractedDocument;
import cn.shencha.readers.extract.ExtractionException;
import cn.shencha.rules.Analysis;
import cn.shencha.rules.Category;
import cn.shencha.rules.Finding;
import cn.shencha.rules.SecrecyAnalyzer;
import cn.shencha.rules.Severity;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * Drafts submitted for pre-publication review (ch. 3 §5, 先审查后公开): the uploaded DOCX, PDF or HTML is extracted
 * with the crawler's extractor, analyzed by the same rules and routed like a crawled item (a draft is always
 * reviewed, with or without findings). The draft is stored as a page {@code draft:<id>} of the pseudo-site
 * {@code drafts} with one snapshot.
 */
@Component
public class Drafts {

    /** The pseudo-site drafts belong to. */
    public static final String SITE_ID = "drafts";
    private static final Set<String> ACCEPTED = Set.of("docx", "doc", "pdf", "html", "htm", "wps", "txt");

    private final JdbcTemplate jdbc;
    private final SecrecyAnalyzer analyzer;
    private final AuditTrail trail;
    private final Units units;
    private final ShenchaProperties properties;
    private final TransactionTemplate tx;

    public Drafts(JdbcTemplate jdbc, SecrecyAnalyzer analyzer, AuditTrail trail, Units units, ShenchaProperties properties,
                  PlatformTransactionManager txm) {
        this.jdbc = jdbc;
        this.analyzer = analyzer;
        this.trail = trail;
        this.units = units;
        this.properties = properties;
        this.tx = new TransactionTemplate(txm);
    }

    /** Submits a draft for review; returns the review task's id. */
    public String submit(ConsoleUser user, String title, String fileName, byte[] body) {
        if (user.unitId() == null) {
            throw new ReviewException(ReviewException.Kind.FORBIDDEN, "只有单位用户可以提交送审稿");
        }
        String name = fileName == null ? "" : fileName.strip();
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        if (!ACCEPTED.contains(ext)) {
            throw new ReviewException(ReviewException.Kind.INVALID, "仅接受 DOCX、DOC、WPS、PDF、HTML 或 TXT 文件");
        }
        if (body == null || body.length == 0) {
            throw new ReviewException(ReviewException.Kind.INVALID, "文件为空");
        }
        if (body.length > properties.console().draftMaxBytes()) {
            throw new ReviewException(ReviewException.Kind.INVALID, "文件超过大小限制（" + properties.console().draftMaxBytes() / 1_048_576 + " MB）");
        }
        ExtractedDocument doc;
        try {
            doc = new DocumentTextExtractor(new DocumentTextExtractor.Limits(properties.console().draftMaxBytes(), 5_000_000, 60_000))
                    .extract(body, null, name);
        } catch (ExtractionException e) {
            throw new ReviewException(ReviewException.Kind.INVALID, "无法读取文件内容：" + e.getMessage());
        }
        if (doc.text().isBlank()) {
            throw new ReviewException(ReviewException.Kind.INVALID, "文件中没有可审查的文字");
        }
        String draftTitle = title != null && !title.isBlank() ? title.strip()
                : doc.title() != null && !doc.title().isBlank() ? doc.title() : name;
        String bodySha = CrawlFrontier.sha256(new String(body, StandardCharsets.ISO_8859_1));
        String id = CrawlFrontier.sha256("draft|" + user.id() + "|" + bodySha);
        String url = "draft:" + id;
        String pageId = AuditStore.pageId(url);
        String textSha = CrawlFrontier.sha256(doc.text());
        String snapshotId = AuditStore.snapshotId(pageId, textSha, 200);
        Analysis analysis = SnapshotAnalysisItemProcessor.coveringExtraction(analyzer.analyze(doc.text(), doc.hidden()),
                doc.partialReason());
        return tx.execute(s -> {
            Integer exists = jdbc.queryForObject("SELECT COUNT(*) FROM draft WHERE id = ?", Integer.class, id);
            if (exists != null && exists > 0) {
                return AuditStore.reviewTaskId(snapshotId);
            }
            Timestamp now = Timestamp.from(Instant.now());
            AuditStore store = new AuditStore(jdbc);
            store.upsertSite(SITE_ID, "发布前送审稿", "draft:");
            jdbc.update("INSERT INTO page (id, site_id, url, first_seen_at, last_fetched_at, last_snapshot_id) VALUES (?, ?, ?, ?, ?, ?)",
                    pageId, SITE_ID, url, now, now, snapshotId);
            jdbc.update("INSERT INTO snapshot (id, page_id, first_run_id, fetched_at, http_status, content_type, charset, bytes,"
                            + " body_sha256, text_sha256, title, text, main_start, main_end, partial_reason)"
                            + " VALUES (?, ?, 0, ?, 200, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    snapshotId, pageId, now, doc.contentType(), doc.charset(), (long) body.length, bodySha, textSha,
                    draftTitle.length() > 2000 ? draftTitle.substring(0, 2000) : draftTitle, doc.text(), doc.mainStart(),
                    doc.mainEnd(), doc.partialReason() == null || doc.partialReason().length() <= 2000 ? doc.partialReason()
                            : doc.partialReason().substring(0, 2000));
            jdbc.update("INSERT INTO draft (id, unit_id, title, file_name, content_type, bytes, body, submitted_by, submitted_at,"
                    + " snapshot_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", id, user.unitId(), draftTitle,
                    name.length() > 500 ? name.substring(0, 500) : name, doc.contentType(), (long) body.length, body,
                    user.id(), now, snapshotId);
            store.saveAnalysis(snapshotId, pageId, analysis);
            String maxSecrecy = analysis.findings().stream().filter(f -> f.category().isSecrecy()).map(Finding::severity)
                    .max(Enum::compareTo).map(Severity::name).orElse(null);
            ReviewTaskItemWriter router = new ReviewTaskItemWriter(jdbc, units, 0,
                    Severity.valueOf(properties.review().bureauSeverity()), properties.review().dueDays());
            router.write(Chunk.of(new ReviewCandidate(snapshotId, pageId, SITE_ID, url, "DRAFT",
                    analysis.importance().name(), maxSecrecy)));
            String taskId = AuditStore.reviewTaskId(snapshotId);
            // A draft belongs to the submitter's unit, whatever its (pseudo) URL says.
            jdbc.update("UPDATE review_task SET unit_id = ? WHERE id = ?", user.unitId(), taskId);
            trail.append(user.username(), "DRAFT_SUBMITTED", "task:" + taskId, "file " + name + ", " + body.length
                    + " bytes, findings " + analysis.labels().stream().map(Category::name).toList());
            return taskId;
        });
    }
}
