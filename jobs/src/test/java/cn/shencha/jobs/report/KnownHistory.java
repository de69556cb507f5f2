package cn.shencha.jobs.report;

import cn.shencha.rules.Category;
import cn.shencha.writers.report.ReportWeek;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A known history written straight into the tables: six weeks of readings, pages, snapshots, findings, review tasks
 * and decisions of the district and two units (区发展和改革局 fgw, 区统计局 tjj), ending with the report week
 * {@link #week} (the last complete week). Deterministic (fixed seed); varied enough that every headline number of the
 * report week and the week before is non-zero.
 */
final class KnownHistory {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final String BASE = "https://www.yunchuan.gov.cn/";
    static final String FGW = BASE + "fgw/";
    static final String TJJ = BASE + "tjj/";
    static final String FEED = BASE + "xmt/yunchuanfabu.xml";
    /** Properties that configure the two units. */
    static final String[] UNIT_PROPERTIES = {
            "--shencha.organization=云川区人民政府办公室",
            "--shencha.units[0].id=fgw", "--shencha.units[0].name=区发展和改革局", "--shencha.units[0].url-prefixes[0]=" + FGW,
            "--shencha.units[1].id=tjj", "--shencha.units[1].name=区统计局", "--shencha.units[1].url-prefixes[0]=" + TJJ,
            "--shencha.report.console-url=http://console.example:8080"};

    final ReportWeek week;
    private final JdbcTemplate jdbc;
    private final Random random = new Random(20261123);
    private final List<String> pageIds = new ArrayList<>();
    private final List<String> pageUrls = new ArrayList<>();
    private long run = 100;
    private int snapshots;
    private int findings;
    private int tasks;

    KnownHistory(JdbcTemplate jdbc, ReportWeek week) {
        this.jdbc = jdbc;
        this.week = week;
    }

    /** The report week's start, and that of {@code n} weeks before it. */
    Instant start(int weeksBefore) {
        return week.minusWeeks(weeksBefore).start(ZONE).toInstant();
    }

    KnownHistory write() {
        jdbc.update("INSERT INTO shencha_site (id, name, base_url, created_at) VALUES ('site1', '云川区人民政府门户网站', ?, ?)",
                BASE, ts(start(6)));
        // Pages: the home page, 12 of fgw (2 attachments), 9 of tjj (1 attachment), 8 of the district, 4 feed posts.
        page(BASE, start(6));
        for (int i = 0; i < 12; i++) {
            page(FGW + "2026/" + i + (i < 2 ? ".pdf" : ".html"), start(5 - i % 6));
        }
        for (int i = 0; i < 9; i++) {
            page(TJJ + "2026/" + i + (i == 0 ? ".docx" : ".html"), start(5 - i % 6));
        }
        for (int i = 0; i < 8; i++) {
            page(BASE + "zwdt/2026/" + i + ".html", start(5 - i % 6));
        }
        for (int i = 0; i < 4; i++) {
            page(BASE + "xmt/post-" + i, start(3 - i % 4));
        }
        // Each week: readings (runs) on three days, three a day, each reading a varying part of the site; a new
        // snapshot of each page the week it was first seen, and of some pages on later weeks (changes).
        for (int w = 5; w >= 0; w--) {
            Instant ws = start(w);
            for (int day = 0; day < 3; day++) {
                for (int slot = 0; slot < 3; slot++) {
                    Instant t = ws.plusSeconds(day * 2 * 86_400L + (8 + slot * 5) * 3600L + w * 60L);
                    readRun(t, 6 - w, w);
                }
            }
        }
        // A reading on the very last second of the week before the report week, and one at its first second.
        readRun(start(0).minusSeconds(1), 1, 1);
        readRun(start(0), 1, 0);
        return this;
    }

    private void page(String url, Instant firstSeen) {
        String id = "page-" + pageIds.size();
        jdbc.update("INSERT INTO page (id, site_id, url, first_seen_at, last_fetched_at) VALUES (?, 'site1', ?, ?, ?)",
                id, url, ts(firstSeen), ts(firstSeen));
        pageIds.add(id);
        pageUrls.add(url);
    }

    private void readRun(Instant t, int salt, int weeksBefore) {
        long runId = ++run;
        for (int p = 0; p < pageIds.size(); p++) {
            String url = pageUrls.get(p);
            Instant firstSeen = jdbc.queryForObject("SELECT first_seen_at FROM page WHERE id = ?", Timestamp.class, pageIds.get(p)).toInstant();
            if (firstSeen.isAfter(t) || (p + salt) % 5 == 0) {
                continue;   // not yet published, or not read by this run
            }
            boolean feed = url.contains("/xmt/post-");
            boolean changes = !feed && Duration.between(firstSeen, t).toDays() > 0 && (p * 7 + runId) % 11 == 0;
            boolean first = jdbc.queryForObject("SELECT COUNT(*) FROM snapshot WHERE page_id = ?", Integer.class, pageIds.get(p)) == 0;
            String snapshot = null;
            if (first || changes) {
                snapshot = snapshot(pageIds.get(p), url, t, runId, feed);
            }
            String type = url.endsWith(".pdf") ? "application/pdf" : url.endsWith(".docx")
                    ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document" : "text/html; charset=UTF-8";
            jdbc.update("INSERT INTO crawl_frontier (run_id, site_id, url, url_hash, depth, parent_url, state, content_type, page_id,"
                            + " snapshot_id, discovered_at, fetched_at, source) VALUES (?, 'site1', ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)",
                    runId, url, "h" + runId + "-" + p, feed ? FEED : BASE, snapshot != null ? "FETCHED" : "UNCHANGED",
                    feed ? "text/plain" : type, pageIds.get(p), snapshot, ts(t), ts(t.plusSeconds(p)), feed ? "FEED_ITEM" : "PAGE");
        }
        // What a run also meets and does not count: a failed page, a skipped one, the feed itself.
        jdbc.update("INSERT INTO crawl_frontier (run_id, site_id, url, url_hash, depth, state, http_status, discovered_at, fetched_at, source)"
                + " VALUES (?, 'site1', ?, ?, 1, 'FAILED', 404, ?, ?, 'PAGE')", runId, BASE + "missing.html", "m" + runId, ts(t), ts(t));
        jdbc.update("INSERT INTO crawl_frontier (run_id, site_id, url, url_hash, depth, state, skip_reason, discovered_at, source)"
                + " VALUES (?, 'site1', ?, ?, 1, 'SKIPPED', 'ROBOTS', ?, 'PAGE')", runId, BASE + "admin/", "s" + runId, ts(t));
        jdbc.update("INSERT INTO crawl_frontier (run_id, site_id, url, url_hash, depth, state, content_type, discovered_at, fetched_at, source)"
                + " VALUES (?, 'site1', ?, ?, 0, 'UNCHANGED', 'application/rss+xml', ?, ?, 'FEED')", runId, FEED, "f" + runId, ts(t), ts(t));
    }

    private String snapshot(String pageId, String url, Instant t, long runId, boolean feed) {
        String id = "snap-" + (++snapshots);
        String[] grades = {"GENERAL", "GENERAL", "IMPORTANT", "SPECIAL"};
        String grade = grades[random.nextInt(grades.length)];
        jdbc.update("INSERT INTO snapshot (id, page_id, first_run_id, fetched_at, http_status, content_type, bytes, body_sha256,"
                        + " text_sha256, title, text, importance, published_at, source_url) VALUES (?, ?, ?, ?, 200, ?, 100, 'b', 't', ?, '正文', ?, ?, ?)",
                id, pageId, runId, ts(t), feed ? "text/plain" : "text/html", "标题 " + id, grade,
                feed ? t.minusSeconds(3600).toString() : null, feed ? FEED : null);
        jdbc.update("UPDATE page SET last_snapshot_id = ? WHERE id = ?", id, pageId);
        // About two in three new snapshots have findings: one to four, of varied categories.
        if (random.nextInt(3) == 0) {
            return id;
        }
        int n = 1 + random.nextInt(4);
        Category[] categories = Category.values();
        for (int k = 0; k < n; k++) {
            Category c = categories[(snapshots * 5 + k * 3) % categories.length];
            jdbc.update("INSERT INTO finding (id, snapshot_id, page_id, category, rule_id, start_offset, end_offset, evidence, severity,"
                    + " explanation, created_at) VALUES (?, ?, ?, ?, 'r', ?, ?, '证据', 'MEDIUM', '说明', ?)",
                    "f-" + (++findings), id, pageId, c.name(), k, k + 1, ts(t.plusSeconds(30)));
        }
        task(id, pageId, url, grade, t.plusSeconds(60));
        return id;
    }

    /** A review task on the item; how it ends depends on a fixed draw: decided within days, after a week, or never. */
    private void task(String snapshotId, String pageId, String url, String grade, Instant created) {
        String id = "task-" + (++tasks);
        String unit = url.startsWith(FGW) ? "fgw" : url.startsWith(TJJ) ? "tjj" : "district";
        Instant due = created.plus(Duration.ofDays(5));
        int draw = random.nextInt(10);
        Instant now = Instant.now().minusSeconds(60);
        Instant decided = switch (draw) {
            case 0, 1, 2, 3 -> created.plus(Duration.ofHours(6 + 17L * random.nextInt(6)));
            case 4, 5 -> created.plus(Duration.ofDays(8 + random.nextInt(5)));
            default -> null;
        };
        if (decided != null && decided.isAfter(now)) {
            decided = null;
        }
        String state = decided == null ? "OPEN" : draw == 0 ? "TAKEN_DOWN" : draw == 1 ? "AMEND" : "APPROVED";
        String stage = decided == null ? (draw == 6 ? "BUREAU" : draw == 7 ? "L3" : "L2") : "DONE";
        jdbc.update("INSERT INTO review_task (id, snapshot_id, page_id, site_id, run_id, importance, required_level, needs_bureau,"
                        + " current_level, state, created_at, due_at, unit_id, item_kind, stage, decided_at)"
                        + " VALUES (?, ?, ?, 'site1', 0, ?, 2, FALSE, 1, ?, ?, ?, ?, 'PAGE', ?, ?)",
                id, snapshotId, pageId, grade, state, ts(created), ts(due), unit, stage, decided == null ? null : ts(decided));
        if (decided != null) {
            jdbc.update("INSERT INTO review_decision (task_id, stage, decision, opinion, reviewer_id, reviewer_name, decided_at)"
                    + " VALUES (?, 'L1', 'ESCALATE', '报分管领导', 1, '信息员', ?)", id, ts(created.plus(Duration.ofHours(1))));
            jdbc.update("INSERT INTO review_decision (task_id, stage, decision, opinion, reviewer_id, reviewer_name, decided_at)"
                    + " VALUES (?, 'L2', ?, '意见', 2, '分管领导', ?)", id,
                    switch (state) { case "TAKEN_DOWN" -> "TAKE_DOWN"; case "AMEND" -> "AMEND"; default -> "APPROVE"; }, ts(decided));
        }
    }

    static Timestamp ts(Instant t) {
        return Timestamp.from(t);
    }
}
