package cn.shencha.jobs.archive;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;

/**
 * Runs {@code archiveJob} for a period, for the scheduler: a period whose last run failed or was left running by a
 * dead process is restarted; a period packaged already is skipped unless asked again.
 */
@Service
public class ArchiveRunner {

    private static final Logger log = LoggerFactory.getLogger(ArchiveRunner.class);

    /** How a run ended. */
    public record Outcome(LocalDate from, LocalDate to, BatchStatus status, long jobExecutionId, boolean restarted, boolean skipped) {
    }

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job archiveJob;
    private final JdbcTemplate jdbc;

    public ArchiveRunner(JobOperator jobOperator, JobRepository jobRepository, Job archiveJob, JdbcTemplate jdbc) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.archiveJob = archiveJob;
        this.jdbc = jdbc;
    }

    /** The month before the current one, in the zone. */
    public static YearMonth lastCompleteMonth(ZoneId zone) {
        return YearMonth.now(zone).minusMonths(1);
    }

    public synchronized Outcome run(LocalDate from, LocalDate to, boolean again) throws Exception {
        String period = from + "/" + to;
        JobExecution last = lastExecution(period);
        if (last != null) {
            BatchStatus s = last.getStatus();
            if (s == BatchStatus.STARTING || s == BatchStatus.STARTED || s == BatchStatus.STOPPING || s == BatchStatus.UNKNOWN) {
                log.warn("archiveJob for {} was left {} by a process that died; recovering it", period, s);
                last = jobOperator.recover(last);
                s = last.getStatus();
            }
            if (s == BatchStatus.FAILED || s == BatchStatus.STOPPED) {
                log.info("Restarting archiveJob for {}", period);
                JobExecution e = jobOperator.restart(last);
                return new Outcome(from, to, e.getStatus(), e.getId(), true, false);
            }
            if (s == BatchStatus.COMPLETED && !again) {
                return new Outcome(from, to, s, last.getId(), false, true);
            }
        }
        JobExecution e = jobOperator.start(archiveJob, new JobParametersBuilder()
                .addString("period", period, true)
                .addString("from", from.toString(), false)
                .addString("to", to.toString(), false)
                .addString("run", java.time.Instant.now().toString(), true)
                .toJobParameters());
        return new Outcome(from, to, e.getStatus(), e.getId(), false, false);
    }

    JobExecution lastExecution(String period) {
        List<Long> ids = jdbc.queryForList(
                "SELECT e.job_execution_id FROM batch_job_execution e"
                        + " JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id"
                        + " JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id"
                        + " WHERE i.job_name = ? AND p.parameter_name = 'period' AND p.parameter_value = ?"
                        + " ORDER BY e.job_execution_id DESC FETCH FIRST 1 ROWS ONLY",
                Long.class, ArchiveJobConfiguration.JOB_NAME, period);
        return ids.isEmpty() ? null : jobRepository.getJobExecution(ids.get(0));
    }
}
