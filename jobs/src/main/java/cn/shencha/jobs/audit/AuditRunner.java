package cn.shencha.jobs.audit;

import cn.shencha.jobs.config.ShenchaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs {@code auditJob} for one site, the same way for the CLI and the scheduler: under the site's lock, restarting
 * the site's last run if it did not complete (failed, stopped, or killed mid-run), else starting a new run.
 */
@Service
public class AuditRunner {

    private static final Logger log = LoggerFactory.getLogger(AuditRunner.class);

    /** How a run ended. */
    public record Outcome(long runId, long jobExecutionId, BatchStatus status, boolean restarted, Path summary,
                          String failure) {
        public boolean completed() {
            return status == BatchStatus.COMPLETED;
        }
    }

    /** Thrown when the site is being audited already. */
    public static class AlreadyRunningException extends Exception {
        public AlreadyRunningException(String message) {
            super(message);
        }
    }

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job auditJob;
    private final JdbcTemplate jdbc;
    private final ShenchaProperties properties;

    public AuditRunner(JobOperator jobOperator, JobRepository jobRepository, Job auditJob, JdbcTemplate jdbc,
                       ShenchaProperties properties) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.auditJob = auditJob;
        this.jdbc = jdbc;
        this.properties = properties;
    }

    public Outcome run(AuditTarget target) throws Exception {
        Optional<SiteLock> lock = SiteLock.tryAcquire(properties.data(), target.siteId());
        if (lock.isEmpty()) {
            throw new AlreadyRunningException("an audit of " + target.startUrl() + " is already running");
        }
        try (SiteLock ignored = lock.get()) {
            JobExecution last = lastExecution(target.siteId());
            JobExecution execution;
            boolean restarted = false;
            if (last != null && (restartable(last.getStatus()) || leftRunning(last.getStatus()))) {
                if (leftRunning(last.getStatus())) {
                    // We hold the site's lock, so the process that ran it is gone (killed): mark it failed first.
                    log.warn("Run {} of {} was left {} by a process that died; recovering it",
                            last.getJobInstance().getInstanceId(), target.startUrl(), last.getStatus());
                    last = jobOperator.recover(last);
                }
                log.info("Restarting run {} of {} where it stopped", last.getJobInstance().getInstanceId(), target.startUrl());
                execution = jobOperator.restart(last);
                restarted = true;
            } else {
                execution = jobOperator.start(auditJob, target.toJobParameters(AuditTarget.newRunKey()));
            }
            String summary = execution.getExecutionContext().containsKey(RunSummaryJobListener.SUMMARY_PATH)
                    ? execution.getExecutionContext().getString(RunSummaryJobListener.SUMMARY_PATH) : null;
            String failure = execution.getAllFailureExceptions().stream().map(AuditRunner::rootMessage)
                    .distinct().collect(Collectors.joining("; "));
            return new Outcome(execution.getJobInstance().getInstanceId(), execution.getId(), execution.getStatus(), restarted,
                    summary == null ? null : Path.of(summary), failure.isEmpty() ? null : failure);
        }
    }

    private static boolean restartable(BatchStatus status) {
        return status == BatchStatus.FAILED || status == BatchStatus.STOPPED;
    }

    private static boolean leftRunning(BatchStatus status) {
        return status == BatchStatus.STARTING || status == BatchStatus.STARTED || status == BatchStatus.STOPPING
                || status == BatchStatus.UNKNOWN;
    }

    /** The site's most recent execution of auditJob, or null. */
    JobExecution lastExecution(String siteId) {
        List<Long> ids = jdbc.queryForList(
                "SELECT e.job_execution_id FROM batch_job_execution e"
                        + " JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id"
                        + " JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id"
                        + " WHERE i.job_name = ? AND p.parameter_name = 'site' AND p.parameter_value = ?"
                        + " ORDER BY e.job_execution_id DESC FETCH FIRST 1 ROWS ONLY",
                Long.class, AuditJobConfiguration.JOB_NAME, siteId);
        return ids.isEmpty() ? null : jobRepository.getJobExecution(ids.get(0));
    }

    /** Our own exceptions carry the clear message (which cluster, what failed); otherwise the root cause's. */
    public static String rootMessage(Throwable t) {
        Throwable root = t;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getClass().getName().startsWith("cn.shencha.") && c.getMessage() != null) {
                return c.getMessage();
            }
        }
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null ? root.getClass().getSimpleName() : m;
    }
}
