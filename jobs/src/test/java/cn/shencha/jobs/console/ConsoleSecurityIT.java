package cn.shencha.jobs.console;

import cn.shencha.jobs.review.AuditTrail;
import cn.shencha.jobs.review.Role;
import cn.shencha.jobs.review.UserAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static cn.shencha.jobs.review.Role.ADMIN;
import static cn.shencha.jobs.review.Role.DEPUTY_LEADER;
import static cn.shencha.jobs.review.Role.DISTRICT_LEADER;
import static cn.shencha.jobs.review.Role.INFO_OFFICER;
import static cn.shencha.jobs.review.Role.PRINCIPAL;
import static cn.shencha.jobs.review.Role.RECORDS_CLERK;
import static cn.shencha.jobs.review.Role.SEARCHER;
import static cn.shencha.jobs.review.Role.SECRECY_REVIEWER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's access rules over real HTTP: the role × endpoint matrix (allowed 200, forbidden 403, anonymous to the
 * login page), per-unit access, CSRF, the security headers, lockout after repeated failures and an administrator's
 * logged reset with a forced password change.
 */
class ConsoleSecurityIT {

    @TempDir
    static Path data;
    static ConsoleFixture console;
    static String bgsTask;
    static String fgwTask;
    static String bgsSnapshot;
    static long archivePackage;

    @BeforeAll
    static void start() throws Exception {
        console = ConsoleFixture.start(data, Map.of());
        bgsTask = console.taskOf("/zwdt/a.html");
        fgwTask = console.taskOf("/fgw/b.html");
        bgsSnapshot = console.jdbc().queryForObject("SELECT snapshot_id FROM review_task WHERE id = ?", String.class, bgsTask);
        java.time.YearMonth month = java.time.YearMonth.now(java.time.ZoneId.of("Asia/Shanghai"));
        console.context.getBean(cn.shencha.jobs.archive.ArchivePackages.class).pack(month.atDay(1), month.atEndOfMonth(), null,
                data.resolve("archives"), f -> { });
        archivePackage = console.jdbc().queryForObject("SELECT MIN(id) FROM archive_package", Long.class);
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
    }

    /** The specification: which roles may open each page (GET). Written out here, independently of the console's code. */
    private static Map<String, Set<Role>> matrix() {
        Set<Role> reviewers = EnumSet.of(INFO_OFFICER, DEPUTY_LEADER, PRINCIPAL, DISTRICT_LEADER, SECRECY_REVIEWER);
        Set<Role> itemReaders = EnumSet.of(INFO_OFFICER, DEPUTY_LEADER, PRINCIPAL, DISTRICT_LEADER, SECRECY_REVIEWER, RECORDS_CLERK);
        Set<Role> searchers = EnumSet.of(SEARCHER, SECRECY_REVIEWER, RECORDS_CLERK, DISTRICT_LEADER);
        String today = LocalDate.now().toString();
        Map<String, Set<Role>> m = new LinkedHashMap<>();
        m.put("/queue", reviewers);
        m.put("/items", itemReaders);
        m.put("/overdue", itemReaders);
        m.put("/items/" + bgsTask, itemReaders);
        m.put("/snapshots/" + bgsSnapshot, EnumSet.of(INFO_OFFICER, DEPUTY_LEADER, PRINCIPAL, DISTRICT_LEADER, SECRECY_REVIEWER,
                RECORDS_CLERK, SEARCHER));
        m.put("/drafts/new", EnumSet.of(INFO_OFFICER));
        m.put("/search?q=救助", searchers);
        m.put("/api/search?q=救助", searchers);
        m.put("/ledgers", EnumSet.of(RECORDS_CLERK));
        m.put("/ledgers/download?from=2020-01-01&to=" + today + "&format=xlsx", EnumSet.of(RECORDS_CLERK));
        m.put("/reports", EnumSet.of(PRINCIPAL, DISTRICT_LEADER, SECRECY_REVIEWER, RECORDS_CLERK));
        m.put("/readings", EnumSet.of(INFO_OFFICER, DEPUTY_LEADER, PRINCIPAL, DISTRICT_LEADER, SECRECY_REVIEWER, RECORDS_CLERK, ADMIN));
        m.put("/archives", EnumSet.of(RECORDS_CLERK, ADMIN));
        m.put("/archives/" + archivePackage + "/download", EnumSet.of(RECORDS_CLERK, ADMIN));
        m.put("/admin/users", EnumSet.of(ADMIN));
        m.put("/admin/trail", EnumSet.of(ADMIN));
        m.put("/account/password", EnumSet.allOf(Role.class));
        return m;
    }

    @Test
    void everyRoleGetsExactlyItsPages() throws Exception {
        Map<String, Set<Role>> matrix = matrix();
        List<String> wrong = new ArrayList<>();
        int cells = 0;
        for (Role role : Role.values()) {
            ConsoleHttp http = new ConsoleHttp(console.base);
            assertThat(http.login(ConsoleFixture.user(role, role.unitBound() ? "bgs" : null), ConsoleFixture.PASSWORD)).isTrue();
            for (Map.Entry<String, Set<Role>> e : matrix.entrySet()) {
                int status = http.get(e.getKey()).statusCode();
                int expected = e.getValue().contains(role) ? 200 : 403;
                cells++;
                if (status != expected) {
                    wrong.add(role + " " + e.getKey() + ": " + status + " (expected " + expected + ")");
                }
            }
        }
        ConsoleHttp anonymous = new ConsoleHttp(console.base);
        for (String path : matrix.keySet()) {
            HttpResponse<String> r = anonymous.get(path);
            cells++;
            if (r.statusCode() != 302 || !r.headers().firstValue("Location").orElse("").endsWith("/login")) {
                wrong.add("anonymous " + path + ": " + r.statusCode() + " " + r.headers().firstValue("Location").orElse(""));
            }
        }
        assertThat(wrong).as("cells that differ from the matrix").isEmpty();
        assertThat(cells).isEqualTo((Role.values().length + 1) * matrix.size());
    }

    @Test
    void reVerifyingAPackageNeedsTheClerksRoleAndTheCsrfToken() throws Exception {
        ConsoleHttp clerk = new ConsoleHttp(console.base);
        assertThat(clerk.login(ConsoleFixture.user(RECORDS_CLERK, null), ConsoleFixture.PASSWORD)).isTrue();
        String path = "/archives/" + archivePackage + "/verify";
        assertThat(clerk.post(path, Map.of()).statusCode()).as("without the token").isEqualTo(403);
        String token = clerk.csrf("/archives");
        HttpResponse<String> r = clerk.post(path, Map.of("_csrf", token));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(clerk.get("/archives").body()).contains("四性检测通过").contains("通过");
        assertThat(console.jdbc().queryForObject("SELECT verify_state FROM archive_package WHERE id = ?", String.class, archivePackage))
                .isEqualTo("PASSED");
        ConsoleHttp searcher = new ConsoleHttp(console.base);
        assertThat(searcher.login(ConsoleFixture.user(SEARCHER, null), ConsoleFixture.PASSWORD)).isTrue();
        assertThat(searcher.post(path, Map.of("_csrf", searcher.csrf("/account/password"))).statusCode()).isEqualTo(403);
        HttpResponse<byte[]> zip = clerk.getBytes("/archives/" + archivePackage + "/download");
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Type")).hasValue("application/zip");
        java.util.List<String> names = new java.util.ArrayList<>();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip.body()))) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        assertThat(names).anyMatch(n -> n.endsWith("/bagit.txt")).anyMatch(n -> n.endsWith("/manifest-sha256.txt"))
                .anyMatch(n -> n.endsWith("/signature-tagmanifest-sha256.p7s"));
    }

    @Test
    void archiveDownloadsSkipSymbolicLinksAndNoErrorNamesAServerPath() throws Exception {
        ConsoleHttp clerk = new ConsoleHttp(console.base);
        assertThat(clerk.login(ConsoleFixture.user(RECORDS_CLERK, null), ConsoleFixture.PASSWORD)).isTrue();
        Path bag = Path.of(console.jdbc().queryForObject("SELECT path FROM archive_package WHERE id = ?", String.class, archivePackage));
        // A secret outside the bag, and links to it inside the bag (a file and a directory).
        Path secret = java.nio.file.Files.writeString(data.resolve("outside-secret.txt"), "TOP-SECRET-OUTSIDE-THE-BAG");
        Path fileLink = java.nio.file.Files.createSymbolicLink(bag.resolve("data/linked-secret.txt"), secret);
        Path dirLink = java.nio.file.Files.createSymbolicLink(bag.resolve("data/linked-dir"), data.resolve("db"));
        try {
            HttpResponse<byte[]> zip = clerk.getBytes("/archives/" + archivePackage + "/download");
            assertThat(zip.statusCode()).isEqualTo(200);
            java.util.List<String> names = new java.util.ArrayList<>();
            String all;
            try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip.body()))) {
                StringBuilder content = new StringBuilder();
                for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    names.add(e.getName());
                    content.append(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1));
                }
                all = content.toString();
            }
            assertThat(names).anyMatch(n -> n.endsWith("/bagit.txt"))
                    .noneMatch(n -> n.contains("linked-secret")).noneMatch(n -> n.contains("linked-dir"));
            assertThat(all).doesNotContain("TOP-SECRET-OUTSIDE-THE-BAG");
        } finally {
            java.nio.file.Files.delete(fileLink);
            java.nio.file.Files.delete(dirLink);
        }
        // A package directory gone: the page says so without naming where it was; so do unknown pages.
        Path moved = bag.resolveSibling(bag.getFileName() + ".moved");
        java.nio.file.Files.move(bag, moved);
        try {
            HttpResponse<String> missing = clerk.get("/archives/" + archivePackage + "/download");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("信息包目录不存在").doesNotContain(data.toString()).doesNotContain(bag.getFileName().toString());
            clerk.post("/archives/" + archivePackage + "/verify", Map.of("_csrf", clerk.csrf("/archives")));
            String page = clerk.get("/archives").body();
            assertThat(page).contains("信息包目录不存在").doesNotContain("信息包目录不存在：" + bag);
            HttpResponse<String> unknown = clerk.get("/archives/999999/download");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).doesNotContain(data.toString()).doesNotContain("Exception");
        } finally {
            java.nio.file.Files.move(moved, bag);
        }
    }

    @Test
    void anOfficerSeesOnlyHisUnit() throws Exception {
        ConsoleHttp fgw = new ConsoleHttp(console.base);
        assertThat(fgw.login(ConsoleFixture.user(INFO_OFFICER, "fgw"), ConsoleFixture.PASSWORD)).isTrue();
        assertThat(fgw.get("/items/" + fgwTask).statusCode()).isEqualTo(200);
        assertThat(fgw.get("/items/" + bgsTask).statusCode()).isEqualTo(404);
        assertThat(fgw.get("/snapshots/" + bgsSnapshot).statusCode()).isEqualTo(404);
        assertThat(fgw.get("/queue").body()).contains(fgwTask).doesNotContain(bgsTask);
        assertThat(fgw.get("/items?unit=bgs").body()).doesNotContain(bgsTask);
        // Nor can he decide on it, with a valid token of his own session.
        String token = fgw.csrf("/items/" + fgwTask);
        assertThat(fgw.post("/items/" + bgsTask + "/decision", Map.of("decision", "APPROVE", "opinion", "同意", "version", "0",
                "_csrf", token)).statusCode()).isEqualTo(404);
        // The district leader sees both units.
        ConsoleHttp leader = new ConsoleHttp(console.base);
        assertThat(leader.login(ConsoleFixture.user(DISTRICT_LEADER, null), ConsoleFixture.PASSWORD)).isTrue();
        assertThat(leader.get("/items").body()).contains(bgsTask).contains(fgwTask);
    }

    @Test
    void formsNeedTheirCsrfTokenAndPagesCarryTheSecurityHeaders() throws Exception {
        ConsoleHttp officer = new ConsoleHttp(console.base);
        assertThat(officer.login(ConsoleFixture.user(INFO_OFFICER, "bgs"), ConsoleFixture.PASSWORD)).isTrue();
        HttpResponse<String> forged = officer.post("/items/" + bgsTask + "/decision",
                Map.of("decision", "TAKE_DOWN", "opinion", "伪造", "version", "0"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(console.jdbc().queryForObject("SELECT COUNT(*) FROM review_decision WHERE task_id = ?", Integer.class, bgsTask))
                .isZero();
        HttpResponse<String> page = officer.get("/items/" + bgsTask);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("script-src 'self'").contains("object-src 'none'").contains("frame-ancestors 'none'");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().allValues("Set-Cookie")).allMatch(c -> c.contains("HttpOnly"));
        // Crawled text is escaped wherever it is shown.
        assertThat(page.body()).doesNotContain("<script>document.title").contains("&lt;script&gt;document.title");
    }

    @Test
    void repeatedFailuresLockAnAccountAndOnlyAnAdministratorsLoggedResetOpensIt() throws Exception {
        UserAccounts accounts = console.context.getBean(UserAccounts.class);
        accounts.create("test", "locked.user", "锁定测试", null, EnumSet.of(SEARCHER), ConsoleFixture.PASSWORD, false, false);
        ConsoleHttp http = new ConsoleHttp(console.base);
        for (int i = 0; i < 5; i++) {
            assertThat(http.login("locked.user", "wrong" + i + "pass")).isFalse();
        }
        assertThat(http.login("locked.user", ConsoleFixture.PASSWORD)).as("locked after 5 failures").isFalse();
        AuditTrail trail = console.context.getBean(AuditTrail.class);
        assertThat(trail.rows(1, 10_000)).anyMatch(r -> r.action().equals("ACCOUNT_LOCKED") && r.target().equals("user:locked.user"));

        ConsoleHttp admin = new ConsoleHttp(console.base);
        assertThat(admin.login(ConsoleFixture.user(ADMIN, null), ConsoleFixture.PASSWORD)).isTrue();
        String token = admin.csrf("/admin/users");
        assertThat(admin.post("/admin/users/locked.user/reset", Map.of("reason", "", "_csrf", token)).statusCode())
                .as("a reset needs a reason").isEqualTo(400);
        HttpResponse<String> reset = admin.post("/admin/users/locked.user/reset", Map.of("reason", "本人申请，已核实身份", "_csrf", token));
        assertThat(reset.statusCode()).isEqualTo(302);
        String notice = admin.get("/admin/users").body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("临时密码（仅显示一次，登录后须修改）：([A-Za-z0-9]+)").matcher(notice);
        assertThat(m.find()).isTrue();
        assertThat(trail.rows(1, 10_000)).anyMatch(r -> r.action().equals("PASSWORD_RESET") && r.details().contains("本人申请"));

        ConsoleHttp user = new ConsoleHttp(console.base);
        assertThat(user.login("locked.user", m.group(1))).isTrue();
        HttpResponse<String> forced = user.get("/search?q=救助");
        assertThat(forced.statusCode()).isEqualTo(302);
        assertThat(forced.headers().firstValue("Location").orElse("")).endsWith("/account/password");
        String pw = user.csrf("/account/password");
        assertThat(user.post("/account/password", Map.of("current", m.group(1), "next", "onlyletters", "repeat", "onlyletters",
                "_csrf", pw)).body()).contains("同时包含字母和数字");
        assertThat(user.post("/account/password", Map.of("current", m.group(1), "next", "Renewed2027x", "repeat", "Renewed2027x",
                "_csrf", pw)).statusCode()).isEqualTo(302);
        assertThat(user.get("/search?q=救助").statusCode()).isEqualTo(200);
    }

    @Test
    void anOfficerSubmitsADraftThatIsAnalyzedAndRoutedToHisUnit() throws Exception {
        ConsoleHttp officer = new ConsoleHttp(console.base);
        assertThat(officer.login(ConsoleFixture.user(INFO_OFFICER, "fgw"), ConsoleFixture.PASSWORD)).isTrue();
        String token = officer.csrf("/drafts/new");
        byte[] html = ("<html><head><meta charset=\"UTF-8\"><title>关于做好冬季供暖工作的通知（送审稿）</title></head><body>"
                + "<p>各乡镇：请于12月1日前报送供暖保障情况。联系人：王五，手机13700002222。</p></body></html>")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> r = officer.upload("/drafts", Map.of("title", "", "_csrf", token), "file", "notice.html", html);
        assertThat(r.statusCode()).isEqualTo(302);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches(".*/items/[0-9a-f]{64}");
        String taskId = location.substring(location.lastIndexOf('/') + 1);
        Map<String, Object> task = console.jdbc().queryForMap("SELECT unit_id, item_kind, stage FROM review_task WHERE id = ?", taskId);
        assertThat(task).containsEntry("unit_id", "fgw").containsEntry("item_kind", "DRAFT").containsEntry("stage", "L1");
        String page = officer.get("/items/" + taskId).body();
        assertThat(page).contains("送审稿").contains("13700002222").contains("个人信息");
        assertThat(officer.get("/queue").body()).contains(taskId);
        // Not a document: refused with a reason, nothing stored.
        int drafts = console.jdbc().queryForObject("SELECT COUNT(*) FROM draft", Integer.class);
        HttpResponse<String> bad = officer.upload("/drafts", Map.of("title", "x", "_csrf", token), "file", "run.exe", new byte[]{77, 90});
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("仅接受");
        assertThat(console.jdbc().queryForObject("SELECT COUNT(*) FROM draft", Integer.class)).isEqualTo(drafts);
    }

    @Test
    void theSearchApiAnswersJsonWithSnapshotLinks() throws Exception {
        ConsoleHttp searcher = new ConsoleHttp(console.base);
        assertThat(searcher.login(ConsoleFixture.user(SEARCHER, null), ConsoleFixture.PASSWORD)).isTrue();
        // Traditional query, simplified page.
        HttpResponse<String> r = searcher.get("/api/search?q=" + java.net.URLEncoder.encode("發改局", java.nio.charset.StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        var json = tools.jackson.databind.json.JsonMapper.builder().build().readTree(r.body());
        assertThat(json.get("total").asLong()).isGreaterThanOrEqualTo(1);
        var hit = json.get("hits").get(0);
        assertThat(hit.get("url").asText()).endsWith("/fgw/b.html");
        assertThat(hit.get("snapshotLink").asText()).isEqualTo("/snapshots/" + hit.get("id").asText());
        assertThat(searcher.get(hit.get("snapshotLink").asText()).statusCode()).isEqualTo(200);
        assertThat(searcher.get("/api/search?q=x&sort=sideways").statusCode()).isEqualTo(400);
    }

    @Test
    void leadersDownloadTheWeeklyReportAndTheDutyStaffConfirmAReading() throws Exception {
        var week = cn.shencha.writers.report.ReportWeek.current(java.time.ZoneId.of("Asia/Shanghai"));
        var archive = console.context.getBean(cn.shencha.jobs.report.ReportArchive.class);
        var district = archive.generate(week, null, cn.shencha.jobs.report.ReportService.Format.PDF, null);
        var fgwReport = archive.generate(week, "fgw", cn.shencha.jobs.report.ReportService.Format.PDF, null);
        ConsoleHttp principal = new ConsoleHttp(console.base);
        assertThat(principal.login(ConsoleFixture.user(PRINCIPAL, "bgs"), ConsoleFixture.PASSWORD)).isTrue();
        String page = principal.get("/reports").body();
        assertThat(page).contains(week.toString()).contains("/reports/" + district.id() + "/download")
                .doesNotContain("/reports/" + fgwReport.id() + "/download");
        HttpResponse<String> pdf = principal.get("/reports/" + district.id() + "/download");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
        assertThat(principal.get("/reports/" + fgwReport.id() + "/download").statusCode()).as("another unit's report").isEqualTo(404);

        // A reading recorded for the site today, confirmed from the console with a remark; a second confirmation is refused.
        var readings = console.context.getBean(cn.shencha.jobs.duty.DutyReadings.class);
        // The roster names the district's officer for the day: he confirms.
        console.context.getBean(cn.shencha.jobs.duty.DutyRoster.class).put(LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")),
                null, "信息员甲", ConsoleFixture.user(INFO_OFFICER, "bgs"));
        long id = readings.started("portal-test", "控制台测试", null, java.time.Instant.now());
        readings.finished(id, null, true, null, java.time.Instant.now());
        ConsoleHttp officer = new ConsoleHttp(console.base);
        assertThat(officer.login(ConsoleFixture.user(INFO_OFFICER, "bgs"), ConsoleFixture.PASSWORD)).isTrue();
        assertThat(officer.get("/readings").body()).contains("控制台测试");
        String token = officer.csrf("/readings");
        assertThat(officer.post("/readings/" + id + "/confirm", Map.of("remark", "已读网，无新增问题", "_csrf", token)).statusCode())
                .isEqualTo(302);
        assertThat(readings.find(id).orElseThrow().confirmedBy()).isEqualTo(ConsoleFixture.user(INFO_OFFICER, "bgs"));
        assertThat(officer.get("/readings").body()).contains("已确认").contains("已读网，无新增问题");
        officer.post("/readings/" + id + "/confirm", Map.of("remark", "再次确认", "_csrf", token));
        assertThat(officer.get("/readings").body()).contains("已由");
        assertThat(console.context.getBean(AuditTrail.class).rows(1, 10_000))
                .anyMatch(r -> r.action().equals("READING_CONFIRMED") && r.target().equals("reading:" + id));
    }

    @Test
    void onlyTheRosteredReaderOrAnAdministratorConfirmsAReading() throws Exception {
        var readings = console.context.getBean(cn.shencha.jobs.duty.DutyReadings.class);
        var roster = console.context.getBean(cn.shencha.jobs.duty.DutyRoster.class);
        java.time.Instant at = java.time.Instant.now();
        long id = readings.started("portal-roster", "值班测试站", null, at);
        readings.finished(id, null, true, null, at);
        var reading = readings.find(id).orElseThrow();
        roster.put(reading.date(), reading.slot(), "信息员甲", ConsoleFixture.user(INFO_OFFICER, "bgs"));
        try {
            // An officer of 区发改局 on duty elsewhere: refused with the reason, nothing recorded.
            ConsoleHttp other = new ConsoleHttp(console.base);
            assertThat(other.login(ConsoleFixture.user(INFO_OFFICER, "fgw"), ConsoleFixture.PASSWORD)).isTrue();
            HttpResponse<String> refused = other.post("/readings/" + id + "/confirm",
                    Map.of("remark", "代为确认", "_csrf", other.csrf("/readings")));
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("只有值班安排表中该次读网的值班人员（信息员甲）或系统管理员可以确认该次读网");
            assertThat(readings.find(id).orElseThrow().confirmedBy()).isNull();
            // A records clerk (a duty role) is not the reader either.
            ConsoleHttp clerk = new ConsoleHttp(console.base);
            assertThat(clerk.login(ConsoleFixture.user(RECORDS_CLERK, null), ConsoleFixture.PASSWORD)).isTrue();
            assertThat(clerk.post("/readings/" + id + "/confirm", Map.of("remark", "x", "_csrf", clerk.csrf("/readings")))
                    .statusCode()).isEqualTo(403);
            // An administrator may, and the trail says in which capacity.
            ConsoleHttp admin = new ConsoleHttp(console.base);
            assertThat(admin.login(ConsoleFixture.user(ADMIN, null), ConsoleFixture.PASSWORD)).isTrue();
            assertThat(admin.post("/readings/" + id + "/confirm", Map.of("remark", "值班人员请假，管理员代为确认",
                    "_csrf", admin.csrf("/readings"))).statusCode()).isEqualTo(302);
            assertThat(readings.find(id).orElseThrow().confirmedBy()).isEqualTo(ConsoleFixture.user(ADMIN, null));
            assertThat(console.context.getBean(AuditTrail.class).rows(1, 10_000)).anyMatch(r -> r.action().equals("READING_CONFIRMED")
                    && r.target().equals("reading:" + id) && r.details().contains("as administrator"));
        } finally {
            roster.remove(reading.date(), reading.slot());
        }
    }

    @Test
    void aDisabledResetOrLockedUsersOpenSessionGetsTheLoginPageOnItsNextRequest() throws Exception {
        UserAccounts accounts = console.context.getBean(UserAccounts.class);
        ConsoleHttp admin = new ConsoleHttp(console.base);
        assertThat(admin.login(ConsoleFixture.user(ADMIN, null), ConsoleFixture.PASSWORD)).isTrue();
        String token = admin.csrf("/admin/users");
        for (String how : List.of("disabled", "reset", "locked")) {
            String name = "session." + how;
            accounts.create("test", name, "会话测试", null, EnumSet.of(SEARCHER), ConsoleFixture.PASSWORD, false, false);
            ConsoleHttp user = new ConsoleHttp(console.base);
            assertThat(user.login(name, ConsoleFixture.PASSWORD)).isTrue();
            assertThat(user.get("/search?q=救助").statusCode()).isEqualTo(200);
            assertThat(user.get("/api/search?q=救助").statusCode()).isEqualTo(200);
            switch (how) {
                case "disabled" -> assertThat(admin.post("/admin/users/" + name + "/enabled",
                        Map.of("enabled", "false", "reason", "人员调离", "_csrf", token)).statusCode()).isEqualTo(302);
                case "reset" -> assertThat(admin.post("/admin/users/" + name + "/reset",
                        Map.of("reason", "本人申请，已核实身份", "_csrf", token)).statusCode()).isEqualTo(302);
                // A lock written by another process (no event reaches this one): the per-request check ends the session.
                default -> console.jdbc().update("UPDATE app_user SET locked_until = ? WHERE username = ?",
                        java.sql.Timestamp.from(java.time.Instant.now().plusSeconds(600)), name);
            }
            for (String path : List.of("/api/search?q=救助", "/search?q=救助")) {
                HttpResponse<String> next = user.get(path);
                assertThat(next.statusCode()).as(how + " " + path).isEqualTo(302);
                assertThat(next.headers().firstValue("Location").orElse("")).as(how + " " + path).contains("/login");
            }
        }
    }

    @Test
    void badLoginsFromOneSourceDoNotLockTheAdministratorOutAndTheCliUnlocks() throws Exception {
        UserAccounts accounts = console.context.getBean(UserAccounts.class);
        accounts.create("test", "second.admin", "管理员乙", null, EnumSet.of(ADMIN), ConsoleFixture.PASSWORD, false, false);
        ConsoleHttp attacker = new ConsoleHttp(console.base);
        for (int i = 0; i < 5; i++) {
            assertThat(attacker.login("second.admin", "guess" + i + "pass")).isFalse();
        }
        // This source is refused even with the right password; the account itself is not locked ...
        HttpResponse<String> refused = attacker.post("/login", Map.of("username", "second.admin", "password", ConsoleFixture.PASSWORD,
                "_csrf", attacker.csrf("/login")));
        assertThat(refused.headers().firstValue("Location").orElse("")).endsWith("/login?throttled");
        assertThat(accounts.credentials("second.admin").orElseThrow().locked()).isFalse();
        // ... so from another address the administrator still gets in,
        var throttle = accounts.throttle();
        assertThat(throttle.refusedUntil("127.0.0.1", "second.admin")).isPresent();
        assertThat(throttle.refusedUntil("192.0.2.7", "second.admin")).isEmpty();
        // and on the server, `shencha user unlock` clears the source's lockout (beside the running console).
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int code = cn.shencha.jobs.cli.ShenchaCli.run(List.of("--data", data.toString(), "user", "unlock", "second.admin"),
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8), new java.io.PrintStream(out, true,
                        java.nio.charset.StandardCharsets.UTF_8));
        assertThat(code).as(out.toString(java.nio.charset.StandardCharsets.UTF_8)).isZero();
        assertThat(new ConsoleHttp(console.base).login("second.admin", ConsoleFixture.PASSWORD)).isTrue();
        assertThat(console.context.getBean(AuditTrail.class).rows(1, 10_000))
                .anyMatch(r -> r.action().equals("ACCOUNT_UNLOCKED") && r.actor().equals("cli") && r.target().equals("user:second.admin"));
        // Only one administrator besides this one for the first-start test.
        console.jdbc().update("UPDATE app_user SET enabled = FALSE WHERE username = 'second.admin'");
    }

    @Test
    void theFirstStartCreatesOneAdministratorWithAOneTimePassword() {
        UserAccounts accounts = console.context.getBean(UserAccounts.class);
        // The fixture made an administrator already; a fresh database gets exactly one 'admin', once.
        console.jdbc().update("UPDATE app_user SET enabled = FALSE WHERE username = ?", ConsoleFixture.user(ADMIN, null));
        try {
            String once = accounts.ensureAdministrator().orElseThrow();
            assertThat(once).matches("(?=.*[A-Za-z])(?=.*[0-9]).{8,}");
            assertThat(accounts.ensureAdministrator()).isEmpty();
            assertThat(accounts.find("admin").orElseThrow().mustChangePassword()).isTrue();
            assertThat(console.jdbc().queryForObject("SELECT password_hash FROM app_user WHERE username = 'admin'", String.class))
                    .startsWith("$2").doesNotContain(once);
        } finally {
            console.jdbc().update("UPDATE app_user SET enabled = TRUE WHERE username = ?", ConsoleFixture.user(ADMIN, null));
        }
    }
}
