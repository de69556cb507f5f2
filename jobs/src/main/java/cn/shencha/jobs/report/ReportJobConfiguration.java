package cn.shencha.jobs.report;

import cn.shencha.jobs.review.Units;
import cn.shencha.writers.report.ReportWeek;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import java.util.List;

/**
 * {@code reportJob}: the weekly audit report of one ISO week (job parameter {@code week}, e.g. 2026-W47), archived
 * under {@code DATA/reports/<week>/} and recorded in {@code weekly_report}.
 * <pre>
 * district     tasklet: the district report, signed PDF and Excel
 * unitReports  UnitItemReader → UnitReportItemWriter: one signed PDF per unit (when perUnit is true)
 * </pre>
 * A failed run restarts where it stopped: a completed step is not repeated, and the unit step keeps its position.
 */
@Configuration(proxyBeanMethods = false)
public class ReportJobConfiguration {

    public static final String JOB_NAME = "reportJob";

    private static final Logger log = LoggerFactory.getLogger(ReportJobConfiguration.class);

    @Bean
    public Job reportJob(JobRepository jobRepository, Step districtReportStep, Step unitReportsStep) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .start(districtReportStep)
                .next(unitReportsStep)
                .build();
    }

    @Bean
    public Step districtReportStep(JobRepository jobRepository, PlatformTransactionManager tx, ReportArchive archive) {
        return new StepBuilder("district", jobRepository)
                .tasklet((contribution, chunk) -> {
                    StepExecution step = contribution.getStepExecution();
                    ReportWeek week = ReportWeek.parse(step.getJobExecution().getJobParameters().getString("week"));
                    long execution = step.getJobExecution().getId();
                    for (ReportService.Format format : ReportService.Format.values()) {
                        ArchivedReport r = archive.generate(week, null, format, execution);
                        log.info("Weekly report {} (district, {}) archived at {}", week, format, r.file());
                    }
                    return RepeatStatus.FINISHED;
                }, tx)
                .build();
    }

    @Bean
    public Step unitReportsStep(JobRepository jobRepository, PlatformTransactionManager tx, UnitItemReader unitReader,
                                ItemWriter<String> unitReportWriter) {
        return new StepBuilder("unitReports", jobRepository)
                .<String, String>chunk(1)
                .transactionManager(tx)
                .reader(unitReader)
                .writer(unitReportWriter)
                .build();
    }

    @Bean
    @StepScope
    public UnitItemReader unitReader(@Value("#{jobParameters['perUnit']}") String perUnit, Units units) {
        List<String> ids = "false".equals(perUnit) ? List.of()
                : units.all().stream().filter(u -> !"DISTRICT".equals(u.kind())).map(Units.Unit::id).toList();
        return new UnitItemReader(ids);
    }

    @Bean
    @StepScope
    public ItemWriter<String> unitReportWriter(@Value("#{jobParameters['week']}") String week,
                                               @Value("#{stepExecution}") StepExecution step, ReportArchive archive) {
        ReportWeek w = ReportWeek.parse(week);
        return chunk -> {
            for (String unitId : chunk) {
                ArchivedReport r = archive.generate(w, unitId, ReportService.Format.PDF, step.getJobExecution().getId());
                log.info("Weekly report {} ({}) archived at {}", w, unitId, r.file());
            }
        };
    }
}
