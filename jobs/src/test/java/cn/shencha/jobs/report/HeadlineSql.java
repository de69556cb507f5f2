package cn.shencha.jobs.report;

import cn.shencha.rules.Category;
import cn.shencha.rules.Importance;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The report's headline facts counted with the test's own SQL, written from the definitions in the README rather
 * than from {@link ReportFacts}: the label the PDF prints → the count. A unit's counts filter pages by URL prefix
 * and tasks by their unit.
 */
final class HeadlineSql {

    private HeadlineSql() {
    }

    static Map<String, Long> count(JdbcTemplate jdbc, Instant from, Instant to, String unitId, String urlPrefix) {
        Timestamp f = Timestamp.from(from);
        Timestamp t = Timestamp.from(to);
        String url = urlPrefix == null ? "" : " AND COALESCE(final_url, url) LIKE '" + urlPrefix + "%'";
        String pageUrl = urlPrefix == null ? "" : " AND p.url LIKE '" + urlPrefix + "%'";
        String unit = unitId == null ? "" : " AND unit_id = '" + unitId + "'";
        String read = "SELECT COUNT(DISTINCT COALESCE(final_url, url)) FROM crawl_frontier WHERE fetched_at >= ? AND fetched_at < ?"
                + " AND state IN ('FETCHED', 'UNCHANGED')" + url;
        String html = "(content_type LIKE 'text/html%' OR content_type LIKE 'application/xhtml%' OR content_type LIKE 'text/plain%')";
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("读网次数", n(jdbc, "SELECT COUNT(DISTINCT run_id) FROM crawl_frontier WHERE fetched_at >= ? AND fetched_at < ?"
                + " AND state IN ('FETCHED', 'UNCHANGED')", f, t));
        m.put("读取网页（个）", n(jdbc, read + " AND source = 'PAGE' AND " + html, f, t));
        m.put("读取附件（个）", n(jdbc, read + " AND source = 'PAGE' AND NOT " + html, f, t));
        m.put("读取新媒体信息（条）", n(jdbc, read + " AND source = 'FEED_ITEM'", f, t));
        String snapshots = "SELECT COUNT(DISTINCT p.id) FROM snapshot s JOIN page p ON p.id = s.page_id"
                + " WHERE s.fetched_at >= ? AND s.fetched_at < ?" + pageUrl;
        m.put("新增网页及附件", n(jdbc, snapshots + " AND p.first_seen_at >= ?", f, t, f));
        m.put("变更网页及附件", n(jdbc, snapshots + " AND p.first_seen_at < ?", f, t, f));
        String decided = "SELECT COUNT(*) FROM review_task WHERE decided_at >= ? AND decided_at < ?" + unit;
        m.put("审结事项（件）", n(jdbc, decided, f, t));
        m.put("其中：同意发布", n(jdbc, decided + " AND state = 'APPROVED'", f, t));
        m.put("其中：退回修改", n(jdbc, decided + " AND state = 'AMEND'", f, t));
        m.put("其中：撤下", n(jdbc, decided + " AND state = 'TAKEN_DOWN'", f, t));
        String pending = "SELECT COUNT(*) FROM review_task WHERE created_at < ? AND (decided_at IS NULL OR decided_at >= ?)" + unit;
        m.put("待审事项（件）", n(jdbc, pending, t, t));
        m.put("其中：超期", n(jdbc, pending + " AND due_at < ?", t, t, t));
        String found = "SELECT COUNT(*) FROM finding fi JOIN page p ON p.id = fi.page_id WHERE fi.created_at >= ? AND fi.created_at < ?" + pageUrl;
        String incidents = "SELECT COUNT(DISTINCT fi.page_id) FROM finding fi JOIN page p ON p.id = fi.page_id"
                + " WHERE fi.created_at >= ? AND fi.created_at < ?" + pageUrl;
        m.put("篡改事件（起）", n(jdbc, incidents + " AND fi.category = 'TAMPERED'", f, t));
        m.put("暗链事件（起）", n(jdbc, incidents + " AND fi.category = 'HIDDEN_LINK'", f, t));
        m.put("发现问题（处）", n(jdbc, found, f, t));
        for (Category c : Category.values()) {
            m.put(c.chineseName(), n(jdbc, found + " AND fi.category = '" + c.name() + "'", f, t));
        }
        for (Importance g : Importance.values()) {
            m.put(g.chineseName() + "事项上的问题", n(jdbc, "SELECT COUNT(*) FROM finding fi JOIN page p ON p.id = fi.page_id"
                    + " JOIN snapshot s ON s.id = fi.snapshot_id WHERE fi.created_at >= ? AND fi.created_at < ? AND s.importance = '"
                    + g.name() + "'" + pageUrl, f, t));
        }
        return m;
    }

    private static long n(JdbcTemplate jdbc, String sql, Object... args) {
        Long v = jdbc.queryForObject(sql, Long.class, args);
        return v == null ? 0 : v;
    }
}
