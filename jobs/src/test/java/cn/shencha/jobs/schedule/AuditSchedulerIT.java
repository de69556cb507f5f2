package cn.shencha.jobs.schedule;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import cn.shencha.jobs.ShenchaApplication;
import cn.shencha.jobs.audit.AuditTarget;
import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.jobs.demo.DemoPortalServer;
import cn.shencha.jobs.support.TestSearchNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduler on a real context, database, search node and the demo portal: a site scheduled every second whose
 * audit takes longer than that never has two runs at once, and the readings that come due meanwhile are logged as
 * missed; a reading missed while Shencha was down is logged at start-up and not run late.
 */
class AuditSchedulerIT {

    @Test
    void readingsThatComeDueDuringARunAreLoggedNotStacked(@TempDir Path data) throws Exception {
        try (DemoPortalServer portal = DemoPortalServer.start(0);
             ConfigurableApplicationContext context = new SpringApplication(ShenchaApplication.class).run(
                     "--shencha.data=" + data, "--shencha.search.url=" + TestSearchNode.url(),
                     "--shencha.search.index-prefix=it-schedule-" + Long.toHexString(System.nanoTime()));
             CapturedLog log = CapturedLog.of(AuditScheduler.class)) {
            AuditScheduler scheduler = context.getBean(AuditScheduler.class);
            ShenchaProperties properties = context.getBean(ShenchaProperties.class);
            // Every second, in a zone where no reading was missed at start-up; each run takes several seconds.
            ShenchaProperties.Site everySecond = new ShenchaProperties.Site("演示", portal.baseUri().toString(), null,
                    "* * * * * *", "UTC", List.of(), List.of(), true, null, null, Duration.ofMillis(60));
            String siteId = AuditTarget.of(everySecond, properties.crawl()).siteId();
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            scheduler.schedule(everySecond);

            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (completedRuns(jdbc, siteId) < 2 && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            scheduler.close();
            assertThat(completedRuns(jdbc, siteId)).as("two scheduled runs completed").isGreaterThanOrEqualTo(2);

            List<Map<String, Object>> executions = jdbc.queryForList(
                    "SELECT e.start_time, e.end_time FROM batch_job_execution e JOIN batch_job_execution_params p"
                            + " ON p.job_execution_id = e.job_execution_id WHERE p.parameter_name = 'site' AND p.parameter_value = ?"
                            + " ORDER BY e.start_time", siteId);
            for (int i = 1; i < executions.size(); i++) {
                Timestamp previousEnd = (Timestamp) executions.get(i - 1).get("end_time");
                Timestamp start = (Timestamp) executions.get(i).get("start_time");
                assertThat(previousEnd).as("run %d ended before run %d started", i, i + 1).isNotNull();
                assertThat(start).isAfterOrEqualTo(previousEnd);
            }
            assertThat(log.events()).anySatisfy(e -> assertThat(e.getFormattedMessage())
                    .contains("scheduled audit(s) of " + portal.baseUri()).contains("still running"));

            // The duty reading log has every scheduled run as a reading with its run, and the overrun ones as missed.
            List<Map<String, Object>> readings = jdbc.queryForList("SELECT run_id, status, scheduled, due_at, started_at"
                    + " FROM duty_reading WHERE site_id = ? ORDER BY due_at", siteId);
            assertThat(readings).filteredOn(r -> "COMPLETED".equals(r.get("status"))).hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(r -> {
                        assertThat(r.get("run_id")).isNotNull();
                        assertThat(r.get("scheduled")).isEqualTo(true);
                        assertThat(r.get("due_at")).isNotNull();
                    });
            assertThat(readings).anySatisfy(r -> {
                assertThat(r.get("status")).isEqualTo("MISSED");
                assertThat(r.get("run_id")).isNull();
            });
            Integer runs = jdbc.queryForObject("SELECT COUNT(DISTINCT run_id) FROM duty_reading WHERE site_id = ? AND run_id IS NOT NULL",
                    Integer.class, siteId);
            assertThat(runs).isEqualTo(jdbc.queryForObject("SELECT COUNT(DISTINCT i.job_instance_id) FROM batch_job_instance i"
                    + " JOIN batch_job_execution e ON e.job_instance_id = i.job_instance_id JOIN batch_job_execution_params p"
                    + " ON p.job_execution_id = e.job_execution_id WHERE p.parameter_name = 'site' AND p.parameter_value = ?"
                    + " AND e.status = 'COMPLETED'", Integer.class, siteId));
        }
    }

    @Test
    void aReadingMissedWhileDownIsLoggedAtStartUp(@TempDir Path data) throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplication(ShenchaApplication.class).run(
                "--shencha.data=" + data, "--shencha.search.url=" + TestSearchNode.url());
             CapturedLog log = CapturedLog.of(AuditScheduler.class)) {
            AuditScheduler scheduler = context.getBean(AuditScheduler.class);
            // Due every minute: the last one came due less than a minute ago and this new site has never run.
            ShenchaProperties.Site site = new ShenchaProperties.Site("未运行站点", "http://127.0.0.1:9/", null,
                    "0 * * * * *", "Asia/Shanghai", List.of(), List.of(), true, null, null, Duration.ZERO);
            scheduler.schedule(site);
            scheduler.close();
            assertThat(log.events()).anySatisfy(e -> assertThat(e.getFormattedMessage())
                    .contains("Missed the scheduled audit of http://127.0.0.1:9/").contains("not run late"));
            assertThat(log.events()).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("Scheduled audits of http://127.0.0.1:9/"));
            // ... and recorded in the duty reading log as missed.
            assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT COUNT(*) FROM duty_reading WHERE status = 'MISSED'"
                    + " AND note = '审查系统未运行'", Integer.class)).isEqualTo(1);
        }
    }

    /** Log events of one logger, attached after Spring Boot has (re)initialized logging. */
    private record CapturedLog(Logger logger, ListAppender<ILoggingEvent> appender) implements AutoCloseable {
        static CapturedLog of(Class<?> type) {
            ListAppender<ILoggingEvent> appender = new ListAppender<>();
            appender.start();
            Logger logger = (Logger) LoggerFactory.getLogger(type);
            logger.addAppender(appender);
            return new CapturedLog(logger, appender);
        }

        List<ILoggingEvent> events() {
            return List.copyOf(appender.list);
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
        }
    }

    private static int completedRuns(JdbcTemplate jdbc, String siteId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM batch_job_execution e JOIN batch_job_execution_params p"
                + " ON p.job_execution_id = e.job_execution_id WHERE p.parameter_name = 'site' AND p.parameter_value = ?"
                + " AND e.status = 'COMPLETED'", Integer.class, siteId);
    }
}
