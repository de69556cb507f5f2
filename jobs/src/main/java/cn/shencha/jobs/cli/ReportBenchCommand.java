package cn.shencha.jobs.cli;

import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.jobs.report.ReportService;
import cn.shencha.rules.Category;
import cn.shencha.writers.report.ReportWeek;
import cn.shencha.writers.signing.PdfSignatureVerifier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * {@code shencha bench report}: builds a database with a year of synthetic history (by default 1,000,000 findings
 * and 100,000 review decisions, in a fresh H2 database under DATA/bench-report) and measures the weekly report over
 * it: the signed PDF and the Excel workbook of the last complete week, wall time and peak heap each.
 */
final class ReportBenchCommand {

    static final String HELP = """
            Usage: shencha bench report [--findings N] [--decisions N] [--weeks N] [--keep]

            Fills a fresh H2 database under DATA/bench-report with synthetic history: 12 units, 50,000 pages, the
            findings spread over the weeks, ten on each item, with a review task per item; the decisions decide four
            items in five (a second decision on a quarter of those), the rest stay open; 21 readings a week of 5,000
            pages each in the last two weeks. Then writes the weekly report of the last complete week
            as a signed PDF and as an Excel workbook and prints the wall time and peak heap of each against the
            goals of 10 s and 256 MB. Run it with a heap limit to prove the bound, e.g.
            SHENCHA_JAVA_OPTS=-Xmx256m bin/shencha bench report.

            Options:
              --findings N   findings in the database (default 1,000,000)
              --decisions N  review decisions (default 100,000)
              --weeks N      weeks of history the findings spread over (default 52)
              --keep         keep the database afterwards (default: delete it)
              --reuse        measure again on the database a previous --keep run left (its history, not new)
            """;

    private static final String[] UNITS = {"fgw", "tjj", "gaj", "jyj", "wjj", "rsj", "scj", "zrj", "zjj", "jtj", "nyj", "yyz"};
    private static final String[] UNIT_NAMES = {"区发展和改革局", "区统计局", "区公安分局", "区教育局", "区卫生健康局",
            "区人力资源和社会保障局", "区市场监督管理局", "区自然资源局", "区住房和城乡建设局", "区交通运输局", "区农业农村局", "榆阳镇人民政府"};
    private static final int PAGES = 50_000;

    private final Path data;

    ReportBenchCommand(Path data) {
        this.data = data;
    }

    int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options o = Options.parse("bench report", args, Set.of("findings", "decisions", "weeks"), Set.of("keep", "reuse", "help"));
        if (o.flag("help")) {
            out.print(HELP);
            return 0;
        }
        int findings = positive(o.intValue("bench report", "findings"), 1_000_000, "findings");
        int decisions = positive(o.intValue("bench report", "decisions"), 100_000, "decisions");
        int weeks = positive(o.intValue("bench report", "weeks"), 52, "weeks");
        Path dir = data.resolve("bench-report");
        boolean reuse = o.flag("reuse") && Files.isDirectory(dir.resolve("db"));
        if (!reuse) {
            BenchDirectories.delete(dir);
        }
        Files.createDirectories(dir);
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        for (int i = 0; i < UNITS.length; i++) {
            properties.put("shencha.units[" + i + "].id", UNITS[i]);
            properties.put("shencha.units[" + i + "].name", UNIT_NAMES[i]);
            properties.put("shencha.units[" + i + "].url-prefixes[0]", "https://www.yunchuan.gov.cn/" + UNITS[i] + "/");
        }
        properties.put("shencha.report.per-unit", "false");
        try (ConfigurableApplicationContext context = SpringContexts.start(dir, properties)) {
            ZoneId zone = ZoneId.of(context.getBean(ShenchaProperties.class).report().zone());
            ReportWeek week = ReportWeek.current(zone).previous();
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            long t0 = System.nanoTime();
            long[] counts = reuse ? new long[]{count(jdbc, "finding"), count(jdbc, "review_task"), count(jdbc, "review_decision"),
                    count(jdbc, "crawl_frontier")} : fill(jdbc, week, zone, findings, decisions, weeks, err);
            out.printf(Locale.ROOT, "history: %,d findings, %,d review tasks, %,d decisions, %,d frontier rows%s (%s in %.1f s)%n",
                    counts[0], counts[1], counts[2], counts[3], reuse ? "" : " over " + weeks + " weeks",
                    reuse ? "reused" : "built", (System.nanoTime() - t0) / 1e9);
            ReportService service = context.getBean(ReportService.class);
            Path pdf = dir.resolve("report-" + week + ".pdf");
            Path xlsx = dir.resolve("report-" + week + ".xlsx");
            service.write(week, null, ReportService.Format.PDF, dir.resolve("warm-up.pdf"));
            Measure m = Measure.start();
            context.getBean(cn.shencha.jobs.report.ReportFacts.class).report(week, null);
            Measure.Result f = m.stop();
            m = Measure.start();
            ReportService.Written w = service.write(week, null, ReportService.Format.PDF, pdf);
            Measure.Result p = m.stop();
            m = Measure.start();
            service.write(week, null, ReportService.Format.XLSX, xlsx);
            Measure.Result x = m.stop();
            boolean verified = new PdfSignatureVerifier().verify(pdf).failures().isEmpty();
            out.printf(Locale.ROOT, "facts of the week alone (SQL):                     %6.2f s, peak heap %4.0f MB%n", f.seconds, f.peakHeapMb);
            out.printf(Locale.ROOT, "weekly report %s, district, signed PDF (%d pages): %6.2f s, peak heap %4.0f MB   %s%n",
                    week, w.pages(), p.seconds, p.peakHeapMb, goals(p));
            out.printf(Locale.ROOT, "weekly report %s, district, Excel (%,d open items):  %6.2f s, peak heap %4.0f MB   %s%n",
                    week, w.report().current().pending(), x.seconds, x.peakHeapMb, goals(x));
            out.printf(Locale.ROOT, "  the week: %,d findings, %,d decided, %,d pending, %,d overdue; signed report verifies: %s%n",
                    w.report().current().findings(), w.report().current().decided(), w.report().current().pending(),
                    w.report().current().overdue(), verified ? "yes" : "NO");
            out.printf(Locale.ROOT, "max heap available %d MB; peak heap is the sum of the heap pools' peaks after a GC,"
                    + " the embedded H2 database's cache included%n", Runtime.getRuntime().maxMemory() / (1024 * 1024));
            if (!verified) {
                throw new CommandFailure("bench report: the signed report does not verify");
            }
        } finally {
            if (!o.flag("keep")) {
                BenchDirectories.delete(dir);
            }
        }
        return 0;
    }

    /** Inserts the synthetic history; returns findings, tasks, decisions, frontier rows. */
    private static long[] fill(JdbcTemplate jdbc, ReportWeek week, ZoneId zone, int findings, int decisions, int weeks,
                               PrintStream err) {
        Random random = new Random(42);
        Instant end = week.end(zone).toInstant();
        Instant start = week.minusWeeks(weeks - 1).start(zone).toInstant();
        long span = end.getEpochSecond() - start.getEpochSecond();
        Timestamp siteCreated = Timestamp.from(start);
        jdbc.update("INSERT INTO shencha_site (id, name, base_url, created_at) VALUES ('bench', '云川区人民政府门户网站', 'https://www.yunchuan.gov.cn/', ?)",
                siteCreated);
        // Pages and one snapshot each; items with findings get a second snapshot per finding batch below.
        List<Object[]> rows = new ArrayList<>();
        String[] urls = new String[PAGES];
        for (int i = 0; i < PAGES; i++) {
            urls[i] = "https://www.yunchuan.gov.cn/" + (i % 13 == 12 ? "zwgk" : UNITS[i % 13 % UNITS.length]) + "/2026/" + i + ".html";
            Timestamp seen = Timestamp.from(start.plusSeconds((long) (random.nextDouble() * span)));
            rows.add(new Object[]{"p" + i, urls[i], seen, seen});
            if (rows.size() == 5000) {
                jdbc.batchUpdate("INSERT INTO page (id, site_id, url, first_seen_at, last_fetched_at) VALUES (?, 'bench', ?, ?, ?)", rows);
                rows.clear();
            }
        }
        err.println("bench report: pages written");
        // Items: a snapshot with findings and its review task; findings spread over the weeks.
        // Ten findings per item (a long page has many), so a million findings are on 100,000 items; the decisions decide
        // four in five of them (one decision each, and a second on a quarter), leaving the rest open.
        int perItem = 10;
        int items = (findings + perItem - 1) / perItem;
        List<Object[]> snapshots = new ArrayList<>();
        List<Object[]> tasks = new ArrayList<>();
        List<Object[]> found = new ArrayList<>();
        Category[] categories = Category.values();
        String[] grades = {"GENERAL", "GENERAL", "GENERAL", "IMPORTANT", "SPECIAL"};
        String[] stages = {"L1", "L2", "L3", "L4", "BUREAU"};
        long written = 0;
        int decidedTasks = Math.min(items, decisions * 4 / 5);
        for (int i = 0; i < items; i++) {
            int page = random.nextInt(PAGES);
            Instant at = start.plusSeconds((long) (random.nextDouble() * span));
            Timestamp ts = Timestamp.from(at);
            String grade = grades[random.nextInt(grades.length)];
            snapshots.add(new Object[]{"s" + i, "p" + page, ts, grade});
            boolean decided = i < decidedTasks;
            Instant decidedAt = at.plusSeconds(3600L + random.nextInt(10 * 86400));
            String state = decided ? (i % 7 == 0 ? "TAKEN_DOWN" : i % 5 == 0 ? "AMEND" : "APPROVED") : "OPEN";
            tasks.add(new Object[]{"t" + i, "s" + i, "p" + page, grade, ts, Timestamp.from(at.plusSeconds(7 * 86400L)),
                    UNITS[page % 13 % UNITS.length], decided ? "DONE" : stages[random.nextInt(stages.length)], state,
                    decided ? Timestamp.from(decidedAt) : null});
            for (int k = 0; k < perItem && written < findings; k++, written++) {
                found.add(new Object[]{"f" + written, "s" + i, "p" + page, categories[random.nextInt(categories.length)].name(),
                        k * 20, k * 20 + 6, "证据文本" + k, ts});
            }
            if (snapshots.size() == 2000) {
                flushItems(jdbc, snapshots, tasks, found);
            }
        }
        flushItems(jdbc, snapshots, tasks, found);
        err.println("bench report: findings and review tasks written");
        // Decisions: on the decided tasks (1 to 2 each) until the count is reached.
        List<Object[]> ds = new ArrayList<>();
        long d = 0;
        for (int i = 0; d < decisions; i = (i + 1) % Math.max(1, decidedTasks)) {
            ds.add(new Object[]{"t" + i, d % 3 == 0 ? "L2" : "L3", d % 4 == 0 ? "ESCALATE" : "APPROVE", "同意", Timestamp.from(
                    start.plusSeconds((long) (random.nextDouble() * span)))});
            d++;
            if (ds.size() == 5000) {
                jdbc.batchUpdate("INSERT INTO review_decision (task_id, stage, decision, opinion, reviewer_id, reviewer_name, decided_at)"
                        + " VALUES (?, ?, ?, ?, 1, '审核人', ?)", ds);
                ds.clear();
            }
        }
        if (!ds.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO review_decision (task_id, stage, decision, opinion, reviewer_id, reviewer_name, decided_at)"
                    + " VALUES (?, ?, ?, ?, 1, '审核人', ?)", ds);
        }
        // Readings of the last two weeks: 21 runs a week, 5,000 pages each.
        long frontier = 0;
        List<Object[]> fr = new ArrayList<>();
        long run = 1;
        for (int w = 1; w >= 0; w--) {
            Instant ws = week.minusWeeks(w).start(zone).toInstant();
            for (int r = 0; r < 21; r++, run++) {
                Instant t = ws.plusSeconds(r / 3 * 86400L + (8 + r % 3 * 5) * 3600L);
                for (int i = 0; i < 5000; i++) {
                    int page = (int) ((run * 7919 + i) % PAGES);
                    fr.add(new Object[]{run, urls[page], "h" + run + "-" + i, i % 10 == 0 ? "FETCHED" : "UNCHANGED",
                            i % 17 == 0 ? "application/pdf" : "text/html; charset=UTF-8", "p" + page, Timestamp.from(t),
                            Timestamp.from(t.plusSeconds(i / 10))});
                    frontier++;
                    if (fr.size() == 5000) {
                        jdbc.batchUpdate("INSERT INTO crawl_frontier (run_id, site_id, url, url_hash, depth, state, content_type,"
                                + " page_id, discovered_at, fetched_at, source) VALUES (?, 'bench', ?, ?, 1, ?, ?, ?, ?, ?, 'PAGE')", fr);
                        fr.clear();
                    }
                }
            }
        }
        Long taskCount = jdbc.queryForObject("SELECT COUNT(*) FROM review_task", Long.class);
        return new long[]{written, taskCount == null ? 0 : taskCount, d, frontier};
    }

    private static long count(JdbcTemplate jdbc, String table) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
        return n == null ? 0 : n;
    }

    private static void flushItems(JdbcTemplate jdbc, List<Object[]> snapshots, List<Object[]> tasks, List<Object[]> found) {
        if (snapshots.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO snapshot (id, page_id, first_run_id, fetched_at, http_status, content_type, bytes,"
                + " body_sha256, text_sha256, title, text, importance) VALUES (?, ?, 0, ?, 200, 'text/html', 1000, 'x', 'x',"
                + " '关于推进重点项目建设的通知', '', ?)", snapshots);
        jdbc.batchUpdate("INSERT INTO review_task (id, snapshot_id, page_id, site_id, run_id, importance, required_level,"
                + " needs_bureau, current_level, created_at, due_at, unit_id, item_kind, stage, state, decided_at)"
                + " VALUES (?, ?, ?, 'bench', 0, ?, 2, FALSE, 1, ?, ?, ?, 'PAGE', ?, ?, ?)", tasks);
        jdbc.batchUpdate("INSERT INTO finding (id, snapshot_id, page_id, category, rule_id, start_offset, end_offset, evidence,"
                + " severity, explanation, created_at) VALUES (?, ?, ?, ?, 'bench', ?, ?, ?, 'MEDIUM', '基准测试', ?)", found);
        snapshots.clear();
        tasks.clear();
        found.clear();
    }

    private static String goals(Measure.Result r) {
        return "[goal < 10 s: " + (r.seconds < 10 ? "met" : "MISSED") + "; < 256 MB: " + (r.peakHeapMb < 256 ? "met" : "MISSED") + "]";
    }

    private static int positive(Integer v, int fallback, String name) {
        if (v == null) {
            return fallback;
        }
        if (v < 1) {
            throw new UsageException("bench report: --" + name + " must be at least 1");
        }
        return v;
    }


    /** Wall time and peak heap of one measured step, after a GC and a reset of the heap pools' peaks. */
    private record Measure(long started) {
        record Result(double seconds, double peakHeapMb) {
        }

        static Measure start() {
            System.gc();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    pool.resetPeakUsage();
                }
            }
            return new Measure(System.nanoTime());
        }

        Result stop() {
            double seconds = (System.nanoTime() - started) / 1e9;
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            return new Result(seconds, peak / (1024.0 * 1024.0));
        }
    }
}
