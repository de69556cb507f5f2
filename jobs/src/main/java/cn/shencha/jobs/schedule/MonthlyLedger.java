package cn.shencha.jobs.schedule;

import cn.shencha.jobs.review.AuditTrail;
import cn.shencha.jobs.review.LedgerFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;

/**
 * The monthly approval ledger: on the configured cron ({@code shencha.ledger.monthly-schedule}, default 08:00 on the
 * 1st) the previous month's ledger is written as a signed PDF and as Excel to {@code DATA/ledgers/YYYY-MM/}, and the
 * trail records it. A month whose files exist is not written again.
 */
@Component
public class MonthlyLedger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MonthlyLedger.class);
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private final LedgerFiles files;
    private final AuditTrail trail;
    private final Path root;
    private final String cron;
    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

    public MonthlyLedger(LedgerFiles files, AuditTrail trail, cn.shencha.jobs.config.ShenchaProperties properties,
                         @Value("${shencha.ledger.monthly-schedule:0 0 8 1 * *}") String cron) {
        this.files = files;
        this.trail = trail;
        this.root = properties.data().resolve("ledgers");
        this.cron = cron;
    }

    /** Starts the schedule; returns the cron expression. */
    public String start() {
        scheduler.setThreadNamePrefix("shencha-ledger-");
        scheduler.initialize();
        scheduler.schedule(() -> write(YearMonth.now(BEIJING).minusMonths(1)), new CronTrigger(cron, BEIJING));
        return cron;
    }

    /** Writes the month's ledger files unless they exist; returns their directory. */
    public Path write(YearMonth month) {
        Path dir = root.resolve(month.toString());
        try {
            cn.shencha.writers.files.PrivateFiles.directories(dir);
            LocalDate from = month.atDay(1);
            LocalDate to = month.atEndOfMonth();
            for (LedgerFiles.Format f : LedgerFiles.Format.values()) {
                Path file = dir.resolve("领导审批台帐_" + month + "." + f.extension());
                if (!Files.exists(file)) {
                    LedgerFiles.Written w = files.write(from, to, null, f, file);
                    trail.append("system", "LEDGER_WRITTEN", "ledger:" + month, file.getFileName() + ", " + w.entries() + " entries");
                    LOG.info("Monthly ledger {}: {} entries in {}", month, w.entries(), file);
                }
            }
        } catch (Exception e) {
            LOG.error("Monthly ledger {} failed: {}", month, e.getMessage(), e);
        }
        return dir;
    }

    @Override
    public void close() {
        scheduler.shutdown();
    }
}
