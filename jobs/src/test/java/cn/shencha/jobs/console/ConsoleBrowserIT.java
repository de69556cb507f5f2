package cn.shencha.jobs.console;

import cn.shencha.jobs.review.LedgerFiles;
import cn.shencha.jobs.review.Role;
import cn.shencha.jobs.review.Stage;
import cn.shencha.jobs.support.ChildCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in headless Chromium (Debian's chromium and chromium-driver): a finding travels through the review
 * levels and the secrecy bureau to approval, its ledger entry appears, the audit trail verifies and names an edited
 * row; crawled hostile markup stays inert.
 */
class ConsoleBrowserIT {

    @TempDir
    static Path data;
    static ConsoleFixture console;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        console = ConsoleFixture.start(data, Map.of());
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1600", "--lang=zh-CN");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (console != null) {
            console.close();
        }
    }

    private void login(String username) {
        browser.manage().deleteAllCookies();
        browser.get(console.base + "/login");
        browser.findElement(By.name("username")).sendKeys(username);
        browser.findElement(By.name("password")).sendKeys(ConsoleFixture.PASSWORD);
        browser.findElement(By.cssSelector("#login button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> !d.getCurrentUrl().contains("/login"));
    }

    private Stage stage(String taskId) {
        return Stage.valueOf(console.jdbc().queryForObject("SELECT stage FROM review_task WHERE id = ?", String.class, taskId));
    }

    @Test
    void aFindingTravelsOfficerLeaderBureauToApprovalAndIntoTheLedgerAndTheTrail() throws Exception {
        String task = console.taskOf("/zwdt/a.html");
        Map<String, Object> t = console.jdbc().queryForMap("SELECT required_level, needs_bureau FROM review_task WHERE id = ?", task);
        assertThat((Boolean) t.get("needs_bureau")).as("personal information goes to the secrecy bureau").isTrue();
        int required = ((Number) t.get("required_level")).intValue();

        // Level 1: the officer finds it in his queue and approves it.
        login(ConsoleFixture.user(Role.INFO_OFFICER, "bgs"));
        browser.get(console.base + "/queue");
        browser.findElement(By.cssSelector("a[href='/items/" + task + "']")).click();
        assertThat(browser.findElement(By.id("item-state")).getText()).contains("一级审核");
        Path shot = Path.of("target", "console-item.png");
        Files.createDirectories(shot.getParent());
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
        decide("APPROVE", "信息员初审：建议报分管领导审核");

        // Levels 2 .. required: each leader approves from his queue.
        for (int level = 2; level <= required; level++) {
            assertThat(stage(task)).isEqualTo(Stage.level(level));
            Role role = Role.forStage(Stage.level(level)).orElseThrow();
            login(ConsoleFixture.user(role, role.unitBound() ? "bgs" : null));
            browser.get(console.base + "/queue");
            browser.findElement(By.cssSelector("a[href='/items/" + task + "']")).click();
            decide("APPROVE", level + "级审核：同意，报区保密局");
        }

        // The bureau's gate: approved by every level it needs, the item still waits for the bureau.
        assertThat(stage(task)).isEqualTo(Stage.BUREAU);
        assertThat(console.jdbc().queryForObject("SELECT state FROM review_task WHERE id = ?", String.class, task)).isEqualTo("OPEN");
        login(ConsoleFixture.user(Role.SECRECY_REVIEWER, null));
        browser.get(console.base + "/queue");
        browser.findElement(By.cssSelector("a[href='/items/" + task + "']")).click();
        assertThat(browser.findElements(By.id("decision-ESCALATE"))).as("the bureau cannot escalate").isEmpty();
        decide("APPROVE", "经审核，删除身份证号和电话后同意发布");
        assertThat(browser.findElement(By.id("item-state")).getText()).isEqualTo("已同意发布");
        String number = browser.findElement(By.id("ledger-number")).getText();
        assertThat(number).matches("SP-\\d{4}-\\d{6}");

        // Searchers see the decided state once the decisions are published.
        console.context.getBean(cn.shencha.jobs.search.ReviewIndexer.class).publishPending(100);
        console.context.getBean(cn.shencha.jobs.search.SearchCluster.class).refresh();
        var approved = console.context.getBean(cn.shencha.jobs.search.SearchCluster.class).search(
                new cn.shencha.writers.search.SearchQuery("救助", false, null, null, null, null, null, List.of("APPROVED"), null, null,
                        cn.shencha.writers.search.SearchQuery.Sort.RELEVANCE, 10, null));
        assertThat(approved.hits()).extracting(h -> h.url()).anyMatch(u -> u.endsWith("/zwdt/a.html"));

        // The ledger entry: in the signed PDF ledger the records clerk pulls.
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        Path pdf = data.resolve("ledger.pdf");
        console.context.getBean(LedgerFiles.class).write(today.minusDays(1), today, "bgs", LedgerFiles.Format.PDF, pdf);
        Process p = new ProcessBuilder("pdftotext", "-layout", pdf.toString(), "-").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        assertThat(text).contains(number).contains("困难群众救助名单公示").contains("区保密局");

        // The trail: intact on the administrator's page; an edited row is named there and by verify-trail.
        login(ConsoleFixture.user(Role.ADMIN, null));
        browser.get(console.base + "/admin/trail");
        assertThat(browser.findElement(By.id("trail-state")).getText()).contains("哈希链完整");
        long decisionRow = console.jdbc().queryForObject("SELECT MIN(seq) FROM audit_trail WHERE action = 'DECISION' AND target = ?",
                Long.class, "task:" + task);
        // Rewritten through SQL with every later hash and the head recomputed, as a database writer without the trail
        // key can: the console and verify-trail name the rewritten row first.
        var jdbc = console.jdbc();
        byte[] guessed = new byte[32];
        new java.security.SecureRandom().nextBytes(guessed);
        String prev = jdbc.queryForObject("SELECT prev_hash FROM audit_trail WHERE seq = ?", String.class, decisionRow);
        for (var r : jdbc.queryForList("SELECT seq, occurred_at, actor, action, target, details, key_id FROM audit_trail WHERE seq >= ? ORDER BY seq", decisionRow)) {
            long seq = ((Number) r.get("seq")).longValue();
            String details = seq == decisionRow ? ((String) r.get("details")).replace("建议报分管领导审核", "建议撤下") : (String) r.get("details");
            java.time.Instant at = r.get("occurred_at") instanceof java.time.OffsetDateTime o ? o.toInstant() : ((java.sql.Timestamp) r.get("occurred_at")).toInstant();
            String hash = cn.shencha.archive.bag.AuditTrailHash.hmac(guessed, (String) r.get("key_id"), seq, at, (String) r.get("actor"),
                    (String) r.get("action"), (String) r.get("target"), details, prev);
            jdbc.update("UPDATE audit_trail SET details = ?, prev_hash = ?, row_hash = ? WHERE seq = ?", details, prev, hash, seq);
            prev = hash;
        }
        jdbc.update("UPDATE audit_trail_head SET row_hash = ? WHERE id = 1", prev);
        browser.get(console.base + "/admin/trail");
        assertThat(browser.findElement(By.id("trail-state")).getText()).contains("哈希链已被破坏")
                .contains("row " + decisionRow + " was edited (its content does not match its HMAC");
        assertThat(browser.findElements(By.cssSelector("#trail-state li")).getFirst().getText()).startsWith("row " + decisionRow + " was edited");
        ChildCli.Result cli = ChildCli.start(data, List.of("verify-trail")).await(Duration.ofMinutes(2));
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.output().lines().filter(l -> l.startsWith("FAIL  ")).findFirst().orElseThrow())
                .startsWith("FAIL  row " + decisionRow + " was edited");
    }

    private void decide(String decision, String opinion) {
        browser.findElement(By.id("decision-" + decision)).click();
        browser.findElement(By.id("opinion")).sendKeys(opinion);
        String before = browser.findElement(By.id("item-state")).getText();
        browser.findElement(By.id("decide")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> !d.findElements(By.id("problem")).isEmpty()
                || !d.findElements(By.id("item-state")).isEmpty() && !d.findElement(By.id("item-state")).getText().equals(before));
        assertThat(browser.findElements(By.id("problem"))).as("the decision was refused").isEmpty();
    }

    @Test
    void hostileCrawledMarkupIsShownAsTextAndNeverRuns() {
        String task = console.taskOf("/zwdt/a.html");
        String snapshot = console.jdbc().queryForObject("SELECT snapshot_id FROM review_task WHERE id = ?", String.class, task);
        login(ConsoleFixture.user(Role.SECRECY_REVIEWER, null));
        for (String path : List.of("/items/" + task, "/snapshots/" + snapshot, "/items")) {
            browser.get(console.base + path);
            assertThat(browser.getTitle()).as(path).doesNotContain(ConsoleFixture.PWNED);
            assertThat(alertPresent()).as(path).isFalse();
            Object injected = ((JavascriptExecutor) browser).executeScript(
                    "return document.querySelectorAll('main script, main img, main a[href^=\"javascript:\"], main [onerror]').length");
            assertThat(((Number) injected).intValue()).as("elements the payloads would create on " + path).isZero();
        }
        browser.get(console.base + "/items/" + task);
        WebElement text = browser.findElement(By.id("item-text"));
        assertThat(text.getText()).contains("<script>document.title='PWNED'</script>").contains("onerror=")
                .contains("javascript:document.title");
        assertThat(browser.findElement(By.id("item-title")).getText()).contains("<script>");
    }

    private boolean alertPresent() {
        try {
            browser.switchTo().alert();
            return true;
        } catch (NoAlertPresentException e) {
            return false;
        }
    }
}
