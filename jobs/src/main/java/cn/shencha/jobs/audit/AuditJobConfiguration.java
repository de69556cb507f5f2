package cn.shencha.jobs.audit;

import cn.shencha.jobs.audit.internal.AuditStore;
import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.jobs.review.Units;
import cn.shencha.jobs.search.SearchCluster;
import cn.shencha.jobs.search.SearchDocuments;
import cn.shencha.jobs.search.SearchIndexItemWriter;
import cn.shencha.jobs.search.SnapshotDocumentItemProcessor;
import cn.shencha.readers.crawl.CrawlFrontier;
import cn.shencha.readers.crawl.CrawlFrontierItemReader;
import cn.shencha.readers.crawl.FrontierEntry;
import cn.shencha.readers.jdbc.KeysetPagingItemReader;
import cn.shencha.rules.Category;
import cn.shencha.rules.SecrecyAnalyzer;
import cn.shencha.rules.Severity;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code auditJob}: crawl → analyze → index → route, one run per site per reading (ch. 6: 早、中、晚). Every step is
 * chunk-oriented and keeps its position in the job repository, so a killed run restarts where it stopped; every id
 * is derived from content, so a rerun updates instead of duplicating.
 */
@Configuration(proxyBeanMethods = false)
public class AuditJobConfiguration {

    public static final String JOB_NAME = "auditJob";

    @Bean
    public Job auditJob(JobRepository jobRepository, Step crawlStep, Step healthStep, Step analyzeStep, Step indexStep,
                        Step routeStep, RunSummaryJobListener runSummary) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(runSummary)
                .start(crawlStep)
                .next(healthStep)
                .next(analyzeStep)
                .next(indexStep)
                .next(routeStep)
                .build();
    }

    @Bean
    public AuditStore auditStore(JdbcTemplate jdbc) {
        return new AuditStore(jdbc);
    }

    @Bean
    public CrawlFrontier crawlFrontier(JdbcTemplate jdbc) {
        return new CrawlFrontier(jdbc);
    }

    // ---- crawl: fetch the site's pages within its scope, extract their text, store snapshots ----

    @Bean
    public Step crawlStep(JobRepository jobRepository, PlatformTransactionManager tx, CrawlFrontierItemReader crawlReader,
                          PageFetchItemProcessor crawlProcessor, CrawlResultItemWriter crawlWriter, AuditProgress progress) {
        return new StepBuilder("crawl", jobRepository)
                // One page per chunk: the reader is fed by this step's own writer, so it may only decide that the
                // frontier is exhausted after the previous page's links are written.
                .<FrontierEntry, CrawledPage>chunk(1)
                .transactionManager(tx)
                .reader(crawlReader)
                .processor(crawlProcessor)
                .writer(crawlWriter)
                .listener(crawlWriter)
                .listener(progress)
                .build();
    }

    @Bean
    @StepScope
    public SiteCrawler siteCrawler(@Value("#{stepExecution}") StepExecution step, ShenchaProperties properties) {
        return new SiteCrawler(AuditTarget.fromJobParameters(step.getJobExecution().getJobParameters()), properties.crawl(),
                runId(step));
    }

    @Bean
    @StepScope
    public CrawlFrontierItemReader crawlReader(@Value("#{stepExecution}") StepExecution step, CrawlFrontier frontier) {
        return new CrawlFrontierItemReader(frontier, runId(step));
    }

    @Bean
    @StepScope
    public PageFetchItemProcessor crawlProcessor(SiteCrawler siteCrawler, AuditStore store) {
        return new PageFetchItemProcessor(siteCrawler, store);
    }

    @Bean
    @StepScope
    public CrawlResultItemWriter crawlWriter(@Value("#{stepExecution}") StepExecution step, SiteCrawler siteCrawler,
                                             CrawlFrontier frontier, AuditStore store, JdbcTemplate jdbc,
                                             ShenchaProperties properties) {
        CrawlCapture capture = new CrawlCapture(properties.data(), siteCrawler.target(), runId(step), properties.warc(), jdbc);
        return new CrawlResultItemWriter(siteCrawler, frontier, store, runId(step), capture);
    }

    // ---- health: broken links, redirect chains, stale and empty columns, home page, new-media feeds ----

    @Bean
    public Step healthStep(JobRepository jobRepository, PlatformTransactionManager tx, JdbcTemplate jdbc,
                           ShenchaProperties properties) {
        return new StepBuilder("health", jobRepository)
                .tasklet((contribution, chunk) -> {
                    StepExecution step = chunk.getStepContext().getStepExecution();
                    SiteHealth.compute(jdbc, runId(step), AuditTarget.fromJobParameters(step.getJobExecution().getJobParameters()),
                            properties.health(), java.time.Instant.now());
                    return org.springframework.batch.infrastructure.repeat.RepeatStatus.FINISHED;
                }, tx)
                .build();
    }

    // ---- analyze: run the rules over every snapshot of this run not analyzed before ----

    @Bean
    public Step analyzeStep(JobRepository jobRepository, PlatformTransactionManager tx,
                            KeysetPagingItemReader<SnapshotText> analyzeReader, SecrecyAnalyzer analyzer,
                            AuditStore store, AuditProgress progress) {
        return new StepBuilder("analyze", jobRepository)
                .<SnapshotText, AnalyzedSnapshot>chunk(20)
                .transactionManager(tx)
                .reader(analyzeReader)
                .processor(new SnapshotAnalysisItemProcessor(analyzer, store))
                .writer(new FindingItemWriter(store))
                .listener(progress)
                .build();
    }

    @Bean
    @StepScope
    public KeysetPagingItemReader<SnapshotText> analyzeReader(@Value("#{stepExecution}") StepExecution step, JdbcTemplate jdbc) {
        return new KeysetPagingItemReader<>("analyze", jdbc,
                "SELECT s.id, s.page_id, s.text FROM snapshot s WHERE s.analyzed_at IS NULL"
                        + " AND s.id IN (SELECT f.snapshot_id FROM crawl_frontier f WHERE f.run_id = ? AND f.snapshot_id IS NOT NULL)"
                        + " AND s.id > ? ORDER BY s.id",
                List.of(runId(step)), (rs, i) -> new SnapshotText(rs.getString(1), rs.getString(2), rs.getString(3)),
                SnapshotText::snapshotId, 50);
    }

    // ---- index: bulk-index this run's page snapshots and their findings into Elasticsearch ----

    @Bean
    public Step indexStep(JobRepository jobRepository, PlatformTransactionManager tx,
                          KeysetPagingItemReader<String> indexReader, SnapshotDocumentItemProcessor indexProcessor,
                          SearchIndexItemWriter indexWriter, AuditProgress progress, ShenchaProperties properties) {
        return new StepBuilder("index", jobRepository)
                .<String, SearchDocuments>chunk(properties.search().bulkSize())
                .transactionManager(tx)
                .reader(indexReader)
                .processor(indexProcessor)
                .writer(indexWriter)
                .listener((StepExecutionListener) indexWriter)
                .listener(progress)
                .build();
    }

    @Bean
    @StepScope
    public KeysetPagingItemReader<String> indexReader(@Value("#{stepExecution}") StepExecution step, JdbcTemplate jdbc) {
        return new KeysetPagingItemReader<>("index", jdbc,
                "SELECT DISTINCT f.snapshot_id FROM crawl_frontier f WHERE f.run_id = ? AND f.snapshot_id IS NOT NULL"
                        + " AND f.snapshot_id > ? ORDER BY f.snapshot_id",
                List.of(runId(step)), (rs, i) -> rs.getString(1), id -> id, 200);
    }

    @Bean
    @StepScope
    public SnapshotDocumentItemProcessor indexProcessor(@Value("#{stepExecution}") StepExecution step, JdbcTemplate jdbc,
                                                        Units units) {
        java.util.Map<String, String> names = units.names();
        return new SnapshotDocumentItemProcessor(jdbc, runId(step),
                AuditTarget.fromJobParameters(step.getJobExecution().getJobParameters()),
                url -> names.getOrDefault(units.unitFor(url), units.unitFor(url)));
    }

    @Bean
    @StepScope
    public SearchIndexItemWriter indexWriter(@Value("#{stepExecution}") StepExecution step, SearchCluster searchCluster,
                                             JdbcTemplate jdbc, ShenchaProperties properties) {
        return new SearchIndexItemWriter(searchCluster, jdbc, runId(step), properties.search().relaxRefreshAbove());
    }

    // ---- route: open a review task for every item with findings, and for every item not fully analyzed ----

    @Bean
    public Step routeStep(JobRepository jobRepository, PlatformTransactionManager tx,
                          KeysetPagingItemReader<ReviewCandidate> routeReader, ReviewTaskItemWriter routeWriter,
                          AuditProgress progress) {
        return new StepBuilder("route", jobRepository)
                .<ReviewCandidate, ReviewCandidate>chunk(50)
                .transactionManager(tx)
                .reader(routeReader)
                .writer(routeWriter)
                .listener(progress)
                .build();
    }

    @Bean
    @StepScope
    public KeysetPagingItemReader<ReviewCandidate> routeReader(@Value("#{stepExecution}") StepExecution step, JdbcTemplate jdbc) {
        return routeCandidates(jdbc, runId(step));
    }

    /**
     * The items of a run to route: every snapshot with findings, and every snapshot not fully analyzed (a finding-free
     * result of an incomplete analysis is no clean bill), that has no review task yet.
     */
    public static KeysetPagingItemReader<ReviewCandidate> routeCandidates(JdbcTemplate jdbc, long runId) {
        String secrecy = Arrays.stream(Category.values()).filter(Category::isSecrecy)
                .map(c -> "'" + c.name() + "'").collect(Collectors.joining(", "));
        return new KeysetPagingItemReader<>("route", jdbc,
                "SELECT s.id, s.page_id, p.site_id, p.url, " + ReviewTaskItemWriter.ITEM_KIND_SQL + ", s.importance,"
                        + " (SELECT MAX(CASE fi.severity WHEN 'HIGH' THEN 3 WHEN 'MEDIUM' THEN 2 ELSE 1 END) FROM finding fi"
                        + "   WHERE fi.snapshot_id = s.id AND fi.category IN (" + secrecy + ")) AS secrecy_severity"
                        + " FROM snapshot s JOIN page p ON p.id = s.page_id"
                        + " WHERE s.id IN (SELECT f.snapshot_id FROM crawl_frontier f WHERE f.run_id = ? AND f.snapshot_id IS NOT NULL)"
                        + " AND (EXISTS (SELECT 1 FROM finding fi WHERE fi.snapshot_id = s.id)"
                        + "   OR s.analysis_incomplete IS NOT NULL)" // not fully analyzed: never clean
                        + " AND NOT EXISTS (SELECT 1 FROM review_task t WHERE t.snapshot_id = s.id)"
                        + " AND s.id > ? ORDER BY s.id",
                List.of(runId), (rs, i) -> {
                    int sev = rs.getInt(7);
                    String severity = rs.wasNull() ? null : Severity.values()[sev - 1].name();
                    return new ReviewCandidate(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), severity);
                }, ReviewCandidate::snapshotId, 200);
    }

    @Bean
    @StepScope
    public ReviewTaskItemWriter routeWriter(@Value("#{stepExecution}") StepExecution step, JdbcTemplate jdbc,
                                            ShenchaProperties properties, Units units) {
        return new ReviewTaskItemWriter(jdbc, units, runId(step), Severity.valueOf(properties.review().bureauSeverity()),
                properties.review().dueDays());
    }

    /** A run is a job instance: restarts of a run share its id. */
    static long runId(StepExecution step) {
        return step.getJobExecution().getJobInstance().getInstanceId();
    }
}
