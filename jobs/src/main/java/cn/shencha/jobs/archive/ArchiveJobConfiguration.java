package cn.shencha.jobs.archive;

import cn.shencha.archive.bag.PackageVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * {@code archiveJob}: the archival packages of one period (job parameters {@code from}, {@code to}, optional
 * {@code site} and {@code out}), one per site, written by {@link ArchivePackages}. One tasklet step: a package is
 * complete or absent (it is renamed into place only when complete), so a failed or killed run is restarted from the
 * start of the step, and the restart removes what the dead run left.
 */
@Configuration(proxyBeanMethods = false)
public class ArchiveJobConfiguration {

    public static final String JOB_NAME = "archiveJob";

    private static final Logger log = LoggerFactory.getLogger(ArchiveJobConfiguration.class);

    @Bean
    public Job archiveJob(JobRepository jobRepository, Step archivePackageStep) {
        return new JobBuilder(JOB_NAME, jobRepository).start(archivePackageStep).build();
    }

    @Bean
    public Step archivePackageStep(JobRepository jobRepository, PlatformTransactionManager tx, ArchivePackages packages) {
        return new StepBuilder("package", jobRepository)
                .tasklet((contribution, chunk) -> {
                    JobParameters p = contribution.getStepExecution().getJobExecution().getJobParameters();
                    LocalDate from = LocalDate.parse(p.getString("from"));
                    LocalDate to = LocalDate.parse(p.getString("to"));
                    String site = p.getString("site");
                    String out = p.getString("out");
                    for (ArchivePackages.Outcome o : packages.pack(from, to, site == null || site.isBlank() ? null : site,
                            out == null || out.isBlank() ? packages.directory() : Path.of(out), f -> { })) {
                        if (!o.report().passed()) {
                            throw new IllegalStateException("package " + o.written().bag() + " does not verify: "
                                    + o.report().failures().stream().map(PackageVerifier.Check::line).toList());
                        }
                        log.info("archiveJob: {} verified", o.written().bag());
                    }
                    return RepeatStatus.FINISHED;
                }, tx)
                .build();
    }
}
