package cn.shencha.jobs.report;

import cn.shencha.writers.report.HealthStatus;
import cn.shencha.writers.report.SiteHealthIndicator;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The site-health indicators the crawl's health step measured ({@code site_health}, one set of rows per run): column
 * freshness by kind, empty columns, broken links and the new-media feeds' original posts, each from every site's last
 * run before the moment judged. Ahead of {@link SnapshotSiteHealth}, which answers the home page and feed silence.
 */
@Component
@Order(50)
public class CrawlSiteHealth implements SiteHealthSource {

    /** Column kinds allowed at most this old are 动态/要闻-like; older allowances are 通知公告/政策文件-like. */
    private static final int NEWS_MAX_DAYS = 31;

    private final JdbcTemplate jdbc;

    public CrawlSiteHealth(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<SiteHealthCheck, SiteHealthIndicator> measure(Instant weekStart, Instant asOf) {
        Map<SiteHealthCheck, SiteHealthIndicator> out = new EnumMap<>(SiteHealthCheck.class);
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT h.kind, h.status, h.url, h.target, h.name, h.newest,"
                + " h.max_age_days, h.originals FROM site_health h WHERE h.run_id = (SELECT MAX(x.run_id) FROM site_health x"
                + " WHERE x.site_id = h.site_id AND x.computed_at < ?) ORDER BY h.site_id, h.id", Timestamp.from(asOf));
        if (rows.isEmpty()) {
            return out;
        }
        columns(rows, true, SiteHealthCheck.NEWS_COLUMNS_UPDATED, out);
        columns(rows, false, SiteHealthCheck.NOTICE_COLUMNS_UPDATED, out);
        List<String> empty = new ArrayList<>();
        int columns = 0;
        List<String> broken = new ArrayList<>();
        List<String> feeds = new ArrayList<>();
        boolean feedRed = false;
        for (Map<String, Object> r : rows) {
            String kind = (String) r.get("kind");
            String status = (String) r.get("status");
            if ("COLUMN".equals(kind)) {
                columns++;
                if ("EMPTY".equals(status)) {
                    empty.add(name(r));
                }
            } else if ("BROKEN_LINK".equals(kind)) {
                broken.add(r.get("target") + "（见于 " + r.get("url") + "）");
            } else if ("FEED".equals(kind)) {
                int originals = r.get("originals") == null ? 0 : ((Number) r.get("originals")).intValue();
                feedRed |= originals < 1;
                feeds.add(name(r) + "：本周原创 " + originals + " 条");
            }
        }
        if (columns > 0) {
            out.put(SiteHealthCheck.NO_EMPTY_COLUMNS, indicator(SiteHealthCheck.NO_EMPTY_COLUMNS, !empty.isEmpty(),
                    empty.isEmpty() ? "检查栏目 " + columns + " 个，无空白栏目" : "空白栏目 " + empty.size() + " 个：" + first(empty)));
        }
        out.put(SiteHealthCheck.LINKS_AVAILABLE, indicator(SiteHealthCheck.LINKS_AVAILABLE, !broken.isEmpty(),
                broken.isEmpty() ? "未发现错链、断链" : "错链、断链 " + broken.size() + " 个：" + first(broken)));
        if (!feeds.isEmpty()) {
            out.put(SiteHealthCheck.NEW_MEDIA_ORIGINAL, indicator(SiteHealthCheck.NEW_MEDIA_ORIGINAL, feedRed, String.join("；", feeds)));
        }
        return out;
    }

    private static void columns(List<Map<String, Object>> rows, boolean news, SiteHealthCheck check,
                                Map<SiteHealthCheck, SiteHealthIndicator> out) {
        List<String> stale = new ArrayList<>();
        int rated = 0;
        for (Map<String, Object> r : rows) {
            // Rated columns only: an empty column is the empty-column indicator's, an unrated one nobody's.
            if (!"COLUMN".equals(r.get("kind")) || r.get("max_age_days") == null
                    || !("FRESH".equals(r.get("status")) || "STALE".equals(r.get("status")))) {
                continue;
            }
            int maxAge = ((Number) r.get("max_age_days")).intValue();
            if ((maxAge <= NEWS_MAX_DAYS) != news) {
                continue;
            }
            rated++;
            if ("STALE".equals(r.get("status"))) {
                stale.add(name(r) + "（最新 " + r.get("newest") + "）");
            }
        }
        if (rated > 0) {
            out.put(check, indicator(check, !stale.isEmpty(), stale.isEmpty() ? "检查栏目 " + rated + " 个，均按时更新"
                    : "超期未更新栏目 " + stale.size() + " 个：" + first(stale)));
        }
    }

    private static SiteHealthIndicator indicator(SiteHealthCheck check, boolean red, String figure) {
        return new SiteHealthIndicator(check.chineseName(), check.requirement(), red ? HealthStatus.RED : HealthStatus.GREEN, figure);
    }

    private static String name(Map<String, Object> r) {
        Object n = r.get("name");
        return n == null || n.toString().isBlank() ? String.valueOf(r.get("url")) : n.toString();
    }

    /** The first few items, and how many more. */
    private static String first(List<String> items) {
        int shown = Math.min(3, items.size());
        return String.join("、", items.subList(0, shown)) + (items.size() > shown ? " 等" : "");
    }
}
