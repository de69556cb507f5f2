package cn.shencha.jobs.review;

import cn.shencha.jobs.ShenchaApplication;
import cn.shencha.jobs.support.ChildCli;
import cn.shencha.jobs.support.PostgresTestDatabase;
import cn.shencha.jobs.support.TestSearchNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The review chain on H2 and on the machine's PostgreSQL: grades set the levels, escalation raises them, the bureau
 * gates approval, stale and foreign decisions are refused, ledger entries and trail rows follow every ledgered
 * decision; and the ledger command writes what the clerk needs.
 */
class ReviewWorkflowIT {

    private static ConfigurableApplicationContext start(Path data, PostgresTestDatabase pg) {
        List<String> args = new ArrayList<>(List.of("--shencha.data=" + data, "--shencha.search.url=" + TestSearchNode.url(),
                "--shencha.search.index-prefix=it-review-" + Long.toHexString(System.nanoTime()),
                "--shencha.units[0].id=bgs", "--shencha.units[0].name=云川区人民政府办公室", "--shencha.units[0].kind=DISTRICT",
                "--shencha.units[1].id=fgw", "--shencha.units[1].name=云川区发展和改革局",
                "--shencha.units[1].url-prefixes[0]=http://portal.test/fgw/"));
        if (pg != null) {
            args.add("--spring.datasource.url=" + pg.url());
            args.add("--spring.datasource.username=" + pg.user());
            args.add("--spring.datasource.password=" + pg.password());
        }
        return new SpringApplication(ShenchaApplication.class).run(args.toArray(String[]::new));
    }

    /**
     * Rewrites the details of row {@code victim} and recomputes every later row and the head as a database writer without
     * the trail key can: HMAC with a key of their own (the key ids kept), or plain SHA-256 with the key ids removed.
     */
    private static void rewrite(JdbcTemplate jdbc, List<AuditTrail.Entry> rows, long victim, boolean downgrade) {
        byte[] guessed = new byte[32];
        new java.security.SecureRandom().nextBytes(guessed);
        String prev = null;
        for (AuditTrail.Entry e : rows) {
            if (e.seq() < victim) {
                prev = e.rowHash();
                continue;
            }
            String details = e.seq() == victim ? "同意撤下（改写）" : e.details();
            String hash = downgrade
                    ? cn.shencha.archive.bag.AuditTrailHash.hash(e.seq(), e.occurredAt(), e.actor(), e.action(), e.target(), details, prev)
                    : cn.shencha.archive.bag.AuditTrailHash.hmac(guessed, e.keyId(), e.seq(), e.occurredAt(), e.actor(), e.action(),
                    e.target(), details, prev);
            jdbc.update("UPDATE audit_trail SET details = ?, prev_hash = ?, row_hash = ?, key_id = ? WHERE seq = ?", details, prev,
                    hash, downgrade ? null : e.keyId(), e.seq());
            prev = hash;
        }
        jdbc.update("UPDATE audit_trail_head SET row_hash = ? WHERE id = 1", prev);
    }

    private static void restore(JdbcTemplate jdbc, List<AuditTrail.Entry> rows) {
        for (AuditTrail.Entry e : rows) {
            jdbc.update("UPDATE audit_trail SET details = ?, prev_hash = ?, row_hash = ?, key_id = ? WHERE seq = ?", e.details(),
                    e.prevHash(), e.rowHash(), e.keyId(), e.seq());
        }
        jdbc.update("UPDATE audit_trail_head SET row_hash = ? WHERE id = 1", rows.getLast().rowHash());
    }

    /** The trail as it was before keying: every row plain SHA-256, no checkpoints (database and files). */
    private static void downgradeAll(JdbcTemplate jdbc, TrailCheckpoints checkpoints, int upTo) throws Exception {
        jdbc.update("DELETE FROM audit_trail WHERE seq > ?", upTo);
        String prev = AuditTrail.GENESIS;
        for (AuditTrail.Entry e : jdbc.query("SELECT seq, occurred_at, actor, action, target, details FROM audit_trail ORDER BY seq",
                (rs, i) -> new AuditTrail.Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), null, null, null))) {
            String hash = cn.shencha.archive.bag.AuditTrailHash.hash(e.seq(), e.occurredAt(), e.actor(), e.action(), e.target(), e.details(), prev);
            jdbc.update("UPDATE audit_trail SET prev_hash = ?, row_hash = ?, key_id = NULL WHERE seq = ?", prev, hash, e.seq());
            prev = hash;
        }
        jdbc.update("UPDATE audit_trail_head SET seq = ?, row_hash = ? WHERE id = 1", upTo, prev);
        clearCheckpoints(jdbc, checkpoints);
    }

    private static void clearCheckpoints(JdbcTemplate jdbc, TrailCheckpoints checkpoints) throws Exception {
        jdbc.update("DELETE FROM audit_trail_checkpoint");
        try (var files = Files.list(checkpoints.directory())) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
    }

    /** A crawled item with one finding and its task, as the route step would leave it. */
    private static String item(JdbcTemplate jdbc, String name, String url, String importance, boolean bureau) {
        Timestamp now = Timestamp.from(Instant.now());
        if (jdbc.queryForObject("SELECT COUNT(*) FROM shencha_site WHERE id = 'portal'", Integer.class) == 0) {
            jdbc.update("INSERT INTO shencha_site (id, name, base_url, created_at) VALUES ('portal', '门户', 'http://portal.test/', ?)", now);
        }
        String page = "p-" + name;
        String snapshot = "s-" + name;
        String task = "t-" + name;
        jdbc.update("INSERT INTO page (id, site_id, url, first_seen_at, last_fetched_at) VALUES (?, 'portal', ?, ?, ?)", page, url, now, now);
        jdbc.update("INSERT INTO snapshot (id, page_id, first_run_id, fetched_at, http_status, bytes, body_sha256, text_sha256, title, text,"
                + " labels, importance) VALUES (?, ?, 1, ?, 200, 10, 'x', 'y', ?, '联系电话13912345678', 'PERSONAL_INFO', ?)",
                snapshot, page, now, "标题" + name, importance);
        jdbc.update("INSERT INTO finding (id, snapshot_id, page_id, category, rule_id, start_offset, end_offset, evidence, severity,"
                + " explanation, created_at) VALUES (?, ?, ?, 'PERSONAL_INFO', 'PI-MOBILE', 4, 15, '13912345678', 'MEDIUM', '手机号', ?)",
                "f-" + name, snapshot, page, now);
        int required = switch (importance) {
            case "SPECIAL" -> 4;
            case "IMPORTANT" -> 3;
            default -> 2;
        };
        String unit = url.contains("/fgw/") ? "fgw" : "bgs";
        jdbc.update("INSERT INTO review_task (id, snapshot_id, page_id, site_id, run_id, importance, required_level, needs_bureau,"
                + " current_level, state, created_at, due_at, unit_id, item_kind, stage, bureau_state)"
                + " VALUES (?, ?, ?, 'portal', 1, ?, ?, ?, 1, 'OPEN', ?, ?, ?, 'PAGE', 'L1', ?)", task, snapshot, page, importance,
                required, bureau, now, Timestamp.from(Instant.now().minus(Duration.ofDays(1))), unit, bureau ? "PENDING" : null);
        return task;
    }

    private static ConsoleUser user(UserAccounts accounts, String name, String unit, Role role) {
        accounts.create("test", name, name, unit, EnumSet.of(role), "Review2026ok", false, false);
        return accounts.find(name).orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theChainFollowsTheRegulation(String database, @TempDir Path data) throws Exception {
        PostgresTestDatabase pg = database.equals("postgresql") ? PostgresTestDatabase.create() : null;
        try (ConfigurableApplicationContext context = start(data, pg)) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            ReviewWorkflow workflow = context.getBean(ReviewWorkflow.class);
            UserAccounts accounts = context.getBean(UserAccounts.class);
            assertThat(context.getBean(Units.class).unitFor("http://portal.test/fgw/a.html")).isEqualTo("fgw");
            assertThat(context.getBean(Units.class).unitFor("http://portal.test/zwdt/a.html")).isEqualTo("bgs");
            ConsoleUser officer = user(accounts, "officer", "bgs", Role.INFO_OFFICER);
            ConsoleUser fgwOfficer = user(accounts, "officer.fgw", "fgw", Role.INFO_OFFICER);
            ConsoleUser deputy = user(accounts, "deputy", "bgs", Role.DEPUTY_LEADER);
            ConsoleUser principal = user(accounts, "principal", "bgs", Role.PRINCIPAL);
            ConsoleUser leader = user(accounts, "leader", null, Role.DISTRICT_LEADER);
            ConsoleUser bureau = user(accounts, "bureau", null, Role.SECRECY_REVIEWER);

            // 一般 without the bureau: two levels and done, no ledger entry (levels 1 and 2 are not ledgered).
            String general = item(jdbc, "general", "http://portal.test/zwdt/a.html", "GENERAL", false);
            assertThat(workflow.queue(officer, null)).extracting(ReviewTask::id).contains(general);
            assertThat(workflow.queue(fgwOfficer, null)).extracting(ReviewTask::id).doesNotContain(general);
            assertThatThrownBy(() -> workflow.decide(fgwOfficer, general, Decision.APPROVE, "同意", 0))
                    .isInstanceOf(ReviewException.class).extracting(e -> ((ReviewException) e).kind()).isEqualTo(ReviewException.Kind.NOT_FOUND);
            assertThatThrownBy(() -> workflow.decide(deputy, general, Decision.APPROVE, "同意", 0))
                    .extracting(e -> ((ReviewException) e).kind()).isEqualTo(ReviewException.Kind.FORBIDDEN);
            assertThatThrownBy(() -> workflow.decide(officer, general, Decision.APPROVE, " ", 0))
                    .extracting(e -> ((ReviewException) e).kind()).isEqualTo(ReviewException.Kind.INVALID);
            ReviewTask t = workflow.decide(officer, general, Decision.APPROVE, "初审同意", 0);
            assertThat(t.stage()).isEqualTo(Stage.L2);
            assertThatThrownBy(() -> workflow.decide(deputy, general, Decision.APPROVE, "同意", 0))
                    .as("a stale form").extracting(e -> ((ReviewException) e).kind()).isEqualTo(ReviewException.Kind.CONFLICT);
            t = workflow.decide(deputy, general, Decision.APPROVE, "同意发布", t.version());
            assertThat(t.stage()).isEqualTo(Stage.DONE);
            assertThat(t.state()).isEqualTo("APPROVED");
            assertThat(workflow.ledgerNumber(general)).isEmpty();

            // 一般 with the bureau, escalated at level 2: level 3 decides, then the bureau; ledgered from level 3 on.
            String escalated = item(jdbc, "escalated", "http://portal.test/zwdt/b.html", "GENERAL", true);
            assertThat(workflow.tasks(officer, null, true, true, 100)).extracting(ReviewTask::id).as("overdue").contains(escalated);
            t = workflow.decide(officer, escalated, Decision.APPROVE, "报分管领导", 0);
            t = workflow.decide(deputy, escalated, Decision.ESCALATE, "把握不准，请主要负责人审核", t.version());
            assertThat(t.stage()).isEqualTo(Stage.L3);
            assertThat(t.requiredLevel()).isEqualTo(3);
            t = workflow.decide(principal, escalated, Decision.APPROVE, "同意，报区保密局", t.version());
            assertThat(t.stage()).as("approved at every level it needs, it still waits for the bureau").isEqualTo(Stage.BUREAU);
            assertThat(t.state()).isEqualTo("OPEN");
            assertThat(workflow.allowedDecisions(bureau, t)).doesNotContain(Decision.ESCALATE);
            t = workflow.decide(bureau, escalated, Decision.TAKE_DOWN, "涉及个人信息，撤下", t.version());
            assertThat(t.state()).isEqualTo("TAKEN_DOWN");
            assertThat(t.bureauState()).isEqualTo("TAKEN_DOWN");
            int year = LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear();
            assertThat(workflow.ledgerNumber(escalated)).contains("SP-" + year + "-000001");

            // 特级: four levels; level 4 escalates to the bureau.
            String special = item(jdbc, "special", "http://portal.test/zwdt/c.html", "SPECIAL", false);
            t = workflow.decide(officer, special, Decision.APPROVE, "报", 0);
            t = workflow.decide(deputy, special, Decision.APPROVE, "报", t.version());
            t = workflow.decide(principal, special, Decision.APPROVE, "报区政府领导", t.version());
            assertThat(t.stage()).isEqualTo(Stage.L4);
            t = workflow.decide(leader, special, Decision.ESCALATE, "请区保密局把关", t.version());
            assertThat(t.stage()).isEqualTo(Stage.BUREAU);
            t = workflow.decide(bureau, special, Decision.APPROVE, "同意发布", t.version());
            assertThat(t.state()).isEqualTo("APPROVED");

            assertThat(workflow.ledgerNumber(special)).as("consecutive within the year").contains("SP-" + year + "-000002");
            // Each year's numbers start again at 000001, inside the deciding transaction (a rollback gives it back).
            var tx = new org.springframework.transaction.support.TransactionTemplate(
                    context.getBean(org.springframework.transaction.PlatformTransactionManager.class));
            assertThat((String) tx.execute(s -> workflow.nextLedgerNumber(year + 1))).isEqualTo("SP-" + (year + 1) + "-000001");
            tx.executeWithoutResult(s -> {
                assertThat(workflow.nextLedgerNumber(year + 1)).isEqualTo("SP-" + (year + 1) + "-000002");
                s.setRollbackOnly();
            });
            assertThat((String) tx.execute(s -> workflow.nextLedgerNumber(year + 1))).isEqualTo("SP-" + (year + 1) + "-000002");
            assertThat((String) tx.execute(s -> workflow.nextLedgerNumber(year))).isEqualTo("SP-" + year + "-000003");

            // The ledger holds the ledgered items with every level's opinion; the trail has every decision and is intact.
            LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
            var entries = context.getBean(LedgerEntries.class).entries(today.minusDays(1), today, null);
            assertThat(entries).extracting(e -> e.itemTitle()).containsExactly("标题escalated", "标题special");
            assertThat(entries.get(0).reviews()).hasSize(3);
            assertThat(entries.get(0).bureauConclusion()).contains("撤下").contains("涉及个人信息");
            assertThat(entries.get(0).takenDownAt()).isNotNull();
            assertThat(entries.get(1).reviews()).hasSize(4);
            AuditTrail trail = context.getBean(AuditTrail.class);
            assertThat(trail.rows(1, 1000)).filteredOn(r -> r.action().equals("DECISION")).hasSize(11);
            assertThat(trail.verify().intact()).isTrue();
            // Published to search after commit: every decision, the two ledger entries.
            var published = context.getBean(cn.shencha.jobs.search.ReviewIndexer.class).publishPending(1000);
            assertThat(jdbc.queryForList("SELECT reason FROM index_dead_letter", String.class)).as("rejected").isEmpty();
            assertThat(published.decisions()).isEqualTo(11);
            assertThat(published.ledgerEntries()).isEqualTo(2);
            assertThat(context.getBean(cn.shencha.jobs.search.ReviewIndexer.class).publishPending(1000).decisions()).isZero();
            var cluster = context.getBean(cn.shencha.jobs.search.SearchCluster.class);
            cluster.refresh();
            assertThat(cluster.count(cn.shencha.writers.search.SearchIndex.DECISIONS)).isEqualTo(11);
            assertThat(cluster.count(cn.shencha.writers.search.SearchIndex.LEDGER)).isEqualTo(2);
            // A rewrite through SQL with every later hash and the head recomputed, as a database writer can (without
            // the trail key: with a key of their own, or downgraded to plain SHA-256): the first rewritten row is named.
            assertThat(trail.checkpoint("DAILY")).isNotNull();
            List<AuditTrail.Entry> original = trail.rows(1, 10_000);
            long victim = original.stream().filter(r -> r.action().equals("DECISION")).findFirst().orElseThrow().seq();
            for (boolean downgrade : List.of(false, true)) {
                rewrite(jdbc, original, victim, downgrade);
                AuditTrail.Verification rewritten = trail.verify();
                assertThat(rewritten.intact()).isFalse();
                assertThat(rewritten.problems().getFirst().what()).as(rewritten.problems().toString()).startsWith("row " + victim + " was edited");
                assertThat(rewritten.problems()).extracting(AuditTrail.Problem::what)
                        .anyMatch(w -> w.contains("rehashed without the trail key after row " + victim))
                        .anyMatch(w -> w.contains("does not match the signed checkpoint"));
                restore(jdbc, original);
                assertThat(trail.verify().problems()).isEmpty();
            }
            // A checkpoint forged with a fresh key in the database is named, not trusted.
            jdbc.update("INSERT INTO audit_trail_checkpoint (seq, row_hash, key_id, created_at, purpose, content, signature, file_name)"
                    + " SELECT seq, row_hash, key_id, created_at, 'DAILY', content, 'AAAA', 'forged' FROM audit_trail_checkpoint WHERE id = (SELECT MIN(id) FROM audit_trail_checkpoint)");
            assertThat(trail.verify().problems()).extracting(AuditTrail.Problem::what).anyMatch(w -> w.contains("forged") && w.contains("bad signature"));
            jdbc.update("DELETE FROM audit_trail_checkpoint WHERE file_name = 'forged'");

            // The once-only keying of a trail from before keys: a plain chain that verifies is re-chained and says so;
            // one that does not is left as found and stays named.
            long before = trail.verify().headSeq();
            downgradeAll(jdbc, context.getBean(TrailCheckpoints.class), original.size());
            assertThat(trail.keyExistingChain()).isTrue();
            assertThat(trail.keyExistingChain()).isFalse();
            AuditTrail.Verification keyed = trail.verify();
            assertThat(keyed.problems()).isEmpty();
            assertThat(keyed.keyedRows()).isEqualTo(before + 1);
            assertThat(keyed.checkpoints()).isEqualTo(1);
            assertThat(trail.rows(before + 1, 1).getFirst().details()).contains("verified intact").contains("re-chained");
            original = trail.rows(1, 10_000);
            downgradeAll(jdbc, context.getBean(TrailCheckpoints.class), original.size());
            jdbc.update("UPDATE audit_trail SET details = 'rewritten' WHERE seq = 2");
            assertThat(trail.keyExistingChain()).isFalse();
            assertThat(trail.rows(before + 2, 1).getFirst().details()).contains("NOT intact").contains("row 2 was edited");
            assertThat(trail.verify().problems()).extracting(AuditTrail.Problem::what).containsExactly(
                    "row 2 was edited (its content does not match its hash; " + original.get(1).action() + " " + original.get(1).target()
                            + " by " + original.get(1).actor() + " at " + original.get(1).occurredAt() + ")");
            restore(jdbc, original);
            jdbc.update("DELETE FROM audit_trail WHERE seq > ?", before + 1);
            jdbc.update("UPDATE audit_trail_head SET seq = ?, row_hash = ? WHERE id = 1", before + 1, original.getLast().rowHash());
            clearCheckpoints(jdbc, context.getBean(TrailCheckpoints.class));
            assertThat(trail.verify().problems()).isEmpty();

            // A deleted row is named too, and so is a deleted last row.
            long last = trail.verify().headSeq();
            jdbc.update("DELETE FROM audit_trail WHERE seq = ?", 3);
            jdbc.update("DELETE FROM audit_trail WHERE seq = ?", last);
            assertThat(trail.verify().problems()).extracting(AuditTrail.Problem::what)
                    .contains("row 3 was deleted", "row " + last + " (the last one) was deleted");
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    @Test
    void theLedgerCommandWritesExcelAndASignedPdfThatVerifies(@TempDir Path data) throws Exception {
        try (ConfigurableApplicationContext context = start(data, null)) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            ReviewWorkflow workflow = context.getBean(ReviewWorkflow.class);
            UserAccounts accounts = context.getBean(UserAccounts.class);
            ConsoleUser officer = user(accounts, "officer.fgw", "fgw", Role.INFO_OFFICER);
            ConsoleUser deputy = user(accounts, "deputy.fgw", "fgw", Role.DEPUTY_LEADER);
            ConsoleUser principal = user(accounts, "principal.fgw", "fgw", Role.PRINCIPAL);
            String task = item(jdbc, "fgw1", "http://portal.test/fgw/x.html", "IMPORTANT", false);
            ReviewTask t = workflow.decide(officer, task, Decision.APPROVE, "报", 0);
            t = workflow.decide(deputy, task, Decision.APPROVE, "报主要负责人", t.version());
            workflow.decide(principal, task, Decision.AMEND, "删除手机号后再发布", t.version());
            // The monthly ledger writes both files once per month.
            var monthly = context.getBean(cn.shencha.jobs.schedule.MonthlyLedger.class);
            java.time.YearMonth month = java.time.YearMonth.now(ZoneId.of("Asia/Shanghai"));
            Path dir = monthly.write(month);
            Path monthlyPdf = dir.resolve("领导审批台帐_" + month + ".pdf");
            assertThat(monthlyPdf).exists();
            assertThat(dir.resolve("领导审批台帐_" + month + ".xlsx")).exists();
            var written = Files.getLastModifiedTime(monthlyPdf);
            monthly.write(month);
            assertThat(Files.getLastModifiedTime(monthlyPdf)).isEqualTo(written);
        }
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        Path pdf = data.resolve("out/ledger.pdf");
        ChildCli.Result r = ChildCli.start(data, List.of("ledger", "--from", "2026-01-01", "--to", today, "--unit", "fgw",
                "--format", "pdf", "--out", pdf.toString())).await(Duration.ofMinutes(2));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("1 ledger entries").contains("DEMONSTRATION key");
        ChildCli.Result v = ChildCli.start(data, List.of("verify", pdf.toString())).await(Duration.ofMinutes(2));
        assertThat(v.exitCode()).as(v.output()).isZero();
        Path xlsx = data.resolve("out/ledger.xlsx");
        ChildCli.Result x = ChildCli.start(data, List.of("ledger", "--from", "2026-01-01", "--to", today, "--format", "xlsx",
                "--out", xlsx.toString())).await(Duration.ofMinutes(2));
        assertThat(x.exitCode()).as(x.output()).isZero();
        try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(Files.newInputStream(xlsx))) {
            StringBuilder all = new StringBuilder();
            wb.forEach(sheet -> sheet.forEach(row -> row.forEach(cell -> all.append(cell.toString()).append('|'))));
            assertThat(all.toString()).contains("标题fgw1").contains("删除手机号后再发布").contains("云川区发展和改革局");
        }
        ChildCli.Result bad = ChildCli.start(data, List.of("ledger", "--from", today, "--to", "2026-01-01", "--format", "pdf",
                "--out", pdf.toString())).await(Duration.ofMinutes(2));
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.output()).contains("before");
    }
}
