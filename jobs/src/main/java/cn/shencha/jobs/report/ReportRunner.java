package cn.shencha.jobs.report;

import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.writers.report.ReportWeek;
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

import java.time.Instant;
import java.util.List;

/**
 * Runs {@code reportJob} for a week, for the scheduler and the CLI alike: a week whose last run failed or was left
 * running by a dead process is restarted where it stopped; a week already reported is not reported again unless asked
 * ({@code again}), which starts a new run that replaces the archived files.
 */
@Service
public class ReportRunner {

    private static final Logger log = LoggerFactory.getLogger(ReportRunner.class);

    /** How a run ended; {@code skipped} when the week had been reported already. */
    public record Outcome(ReportWeek week, BatchStatus status, long jobExecutionId, boolean restarted, boolean skipped) {
        public boolean completed() {
            return status == BatchStatus.COMPLETED;
        }
    }

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job reportJob;
    private final JdbcTemplate jdbc;
    private final ShenchaProperties properties;

    public ReportRunner(JobOperator jobOperator, JobRepository jobRepository, Job reportJob, JdbcTemplate jdbc,
                        ShenchaProperties properties) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.reportJob = reportJob;
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** The week that ended last (the one a Monday-morning report covers). */
    public ReportWeek lastCompleteWeek() {
        return ReportWeek.current(java.time.ZoneId.of(properties.report().zone())).previous();
    }

    public synchronized Outcome run(ReportWeek week, boolean again) throws Exception {
        JobExecution last = lastExecution(week);
        if (last != null) {
            BatchStatus s = last.getStatus();
            if (s == BatchStatus.STARTING || s == BatchStatus.STARTED || s == BatchStatus.STOPPING || s == BatchStatus.UNKNOWN) {
                log.warn("reportJob for {} was left {} by a process that died; recovering it", week, s);
                last = jobOperator.recover(last);
                s = last.getStatus();
            }
            if (s == BatchStatus.FAILED || s == BatchStatus.STOPPED) {
                log.info("Restarting reportJob for {} where it stopped", week);
                JobExecution e = jobOperator.restart(last);
                return new Outcome(week, e.getStatus(), e.getId(), true, false);
            }
            if (s == BatchStatus.COMPLETED && !again) {
                return new Outcome(week, s, last.getId(), false, true);
            }
        }
        JobExecution e = jobOperator.start(reportJob, new JobParametersBuilder()
                .addString("week", week.toString(), true)
                .addString("run", Instant.now().toString(), true)
                .addString("perUnit", Boolean.toString(properties.report().perUnit()), false)
                .toJobParameters());
        return new Outcome(week, e.getStatus(), e.getId(), false, false);
    }

    /** The week's most recent execution of reportJob, or null. */
    JobExecution lastExecution(ReportWeek week) {
        List<Long> ids = jdbc.queryForList(
                "SELECT e.job_execution_id FROM batch_job_execution e"
                        + " JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id"
                        + " JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id"
                        + " WHERE i.job_name = ? AND p.parameter_name = 'week' AND p.parameter_value = ?"
                        + " ORDER BY e.job_execution_id DESC FETCH FIRST 1 ROWS ONLY",
                Long.class, ReportJobConfiguration.JOB_NAME, week.toString());
        return ids.isEmpty() ? null : jobRepository.getJobExecution(ids.get(0));
    }
}
