package cn.shencha.jobs.cli;

import cn.shencha.jobs.search.SearchCluster;
import cn.shencha.writers.search.SearchHealth;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code shencha status}: where the data is, and the state of the database, the search cluster and recent runs. */
final class StatusCommand {

    static final String HELP = """
            Usage: shencha status

            Prints the data directory, the database (product, URL, schema version), the search cluster (the local
            node's state or the external cluster's health; nothing is started) and the most recent audit runs.
            """;

    private final Path data;

    StatusCommand(Path data) {
        this.data = data;
    }

    int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options o = Options.parse("status", args, Set.of(), Set.of("help"));
        if (o.flag("help")) {
            out.print(HELP);
            return 0;
        }
        try (ConfigurableApplicationContext context = SpringContexts.start(data, Map.of())) {
            out.println("data       " + data);
            try (Connection c = context.getBean(DataSource.class).getConnection()) {
                out.println("database   " + c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion()
                        + " at " + c.getMetaData().getURL());
            }
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            String schema = jdbc.queryForObject("SELECT MAX(version) FROM flyway_schema_history WHERE success = TRUE", String.class);
            out.println("schema     version " + schema);
            SearchHealth health = context.getBean(SearchCluster.class).health();
            if (health.reachable()) {
                out.printf("search     %s cluster at %s: %s, Elasticsearch %s, %d node(s)%n", health.mode(), health.url(),
                        health.status(), health.version(), health.nodes());
            } else {
                out.printf("search     %s: %s%n", health.mode(), health.message());
            }
            out.printf("records    %d sites, %d pages, %d snapshots, %d findings, %d open review tasks%n",
                    count(jdbc, "shencha_site"), count(jdbc, "page"), count(jdbc, "snapshot"), count(jdbc, "finding"),
                    jdbc.queryForObject("SELECT COUNT(*) FROM review_task WHERE state = 'OPEN'", Integer.class));
            List<Map<String, Object>> runs = jdbc.queryForList(
                    "SELECT i.job_instance_id AS run, e.status, e.start_time, e.end_time, p.parameter_value AS url"
                            + " FROM batch_job_execution e JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id"
                            + " LEFT JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id AND p.parameter_name = 'site.url'"
                            + " WHERE i.job_name = 'auditJob' ORDER BY e.job_execution_id DESC FETCH FIRST 5 ROWS ONLY");
            out.println(runs.isEmpty() ? "runs       none yet" : "runs       (most recent first)");
            for (Map<String, Object> r : runs) {
                out.printf("           run %s %-9s started %s ended %s  %s%n", r.get("run"), r.get("status"), r.get("start_time"),
                        r.get("end_time") == null ? "-" : r.get("end_time"), r.get("url"));
            }
            return 0;
        }
    }

    private static int count(JdbcTemplate jdbc, String table) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
        return n == null ? 0 : n;
    }
}
