package cn.shencha.jobs.audit;

import cn.shencha.jobs.config.ShenchaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

/** Writes run-summary.json after every execution of {@code auditJob}, whatever its outcome. */
@Component
public class RunSummaryJobListener implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(RunSummaryJobListener.class);
    public static final String SUMMARY_PATH = "shencha.runSummaryPath";

    private final JdbcTemplate jdbc;
    private final ShenchaProperties properties;

    public RunSummaryJobListener(JdbcTemplate jdbc, ShenchaProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Override
    public void afterJob(JobExecution execution) {
        long runId = execution.getJobInstance().getInstanceId();
        AuditTarget target = AuditTarget.fromJobParameters(execution.getJobParameters());
        Instant started = execution.getJobInstance().getJobExecutions().stream()
                .map(JobExecution::getStartTime).filter(java.util.Objects::nonNull).min(java.time.LocalDateTime::compareTo)
                .orElse(execution.getStartTime()).atZone(ZoneId.systemDefault()).toInstant();
        try {
            Map<String, Object> summary = RunSummary.build(jdbc, runId, execution.getId(), execution.getStatus().name(),
                    target, started, Instant.now());
            Path file = RunSummary.write(properties.data(), runId, summary);
            execution.getExecutionContext().putString(SUMMARY_PATH, file.toString());
        } catch (IOException | RuntimeException e) {
            log.error("Could not write run-summary.json for run {}", runId, e);
        }
    }
}
