package cn.shencha.jobs.audit;

import cn.shencha.archive.warc.CapturedExchange;
import cn.shencha.archive.warc.WarcCapture;
import cn.shencha.archive.warc.WarcLocation;
import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.readers.crawl.HttpExchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The crawl step's WARC capture (ADR 7): records every exchange of a chunk in the run's WARC file and persists the
 * file's new size in the chunk's transaction. When the transaction commits, the capture marks that size as committed;
 * when it rolls back, the records written for it are cut off; a restarted run resumes from the size the database
 * holds. So each committed fetch is in the WARC exactly once, and nothing that was not committed stays there.
 */
public class CrawlCapture implements AutoCloseable {

    private final WarcCapture capture;
    private final JdbcTemplate jdbc;
    private final String siteId;
    private final long runId;

    public CrawlCapture(Path dataDir, AuditTarget target, long runId, ShenchaProperties.Warc settings, JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.siteId = target.siteId();
        this.runId = runId;
        String operator = settings.operator() != null && !settings.operator().isBlank() ? settings.operator()
                : target.unit() != null && !target.unit().isBlank() ? target.unit() : target.name();
        this.capture = new WarcCapture(warcRoot(dataDir), target.siteId(), runId, new WarcCapture.Settings(
                settings.maxFileSize().toBytes(), software(), operator,
                "Shencha audit run " + runId + " of " + target.name() + " (" + target.startUrl() + ")"));
    }

    /** Where WARC files live: {@code DATA/warc}. */
    public static Path warcRoot(Path dataDir) {
        return dataDir.resolve("warc");
    }

    /** {@code Shencha/<version>}, from the build's properties. */
    public static String software() {
        Properties p = new Properties();
        try (InputStream in = CrawlCapture.class.getResourceAsStream("/shencha-build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // the version is informative only
        }
        String version = p.getProperty("shencha.version", "development");
        return "Shencha/" + (version.startsWith("${") ? "development" : version)
                + " (government website secrecy audit; jwarc)";
    }

    /** Continues the run's WARC from what the database says was committed (nothing, for a new run). */
    public void open() {
        List<Object[]> rows = jdbc.query("SELECT name, committed_bytes FROM warc_file WHERE run_id = ? AND site_id = ?"
                        + " ORDER BY sequence DESC FETCH FIRST 1 ROWS ONLY",
                (rs, i) -> new Object[]{rs.getString(1), rs.getLong(2)}, runId, siteId);
        try {
            if (rows.isEmpty()) {
                capture.resume(null, 0);
            } else {
                capture.resume((String) rows.get(0)[0], (Long) rows.get(0)[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resume the run's WARC file", e);
        }
    }

    /**
     * Writes the exchanges (those with a response) and stores the files' sizes in the current transaction.
     *
     * @return where each exchange's response record is
     */
    public Map<HttpExchange, WarcLocation> record(List<HttpExchange> exchanges) {
        Map<HttpExchange, WarcLocation> at = new IdentityHashMap<>();
        if (exchanges.isEmpty()) {
            return at;
        }
        boolean inTransaction = TransactionSynchronizationManager.isSynchronizationActive();
        if (inTransaction && !TransactionSynchronizationManager.hasResource(this)) {
            TransactionSynchronizationManager.bindResource(this, Boolean.TRUE);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(CrawlCapture.this);
                    try {
                        if (status == STATUS_COMMITTED) {
                            capture.mark();
                        } else {
                            capture.rollback();
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException("WARC capture could not settle after the transaction", e);
                    }
                }
            });
        }
        try {
            for (HttpExchange e : exchanges) {
                if (!e.hasResponse()) {
                    continue;
                }
                at.put(e, capture.write(new CapturedExchange(e.uri(), e.address(), e.date(), e.request(), e.responseHead(),
                        e.responseBody(), e.truncated(), e.payloadSha1())));
            }
            Timestamp now = Timestamp.from(Instant.now());
            for (WarcCapture.FileState f : capture.pending()) {
                int updated = jdbc.update("UPDATE warc_file SET committed_bytes = ?, updated_at = ? WHERE name = ?",
                        f.bytes(), now, f.file());
                if (updated == 0) {
                    jdbc.update("INSERT INTO warc_file (name, site_id, run_id, sequence, committed_bytes, updated_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?)", f.file(), siteId, runId, f.sequence(), f.bytes(), now);
                }
            }
            if (!inTransaction) {
                capture.mark();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the WARC file failed", e);
        }
        return at;
    }

    @Override
    public void close() {
        try {
            capture.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the WARC file failed", e);
        }
    }
}
