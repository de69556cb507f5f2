package cn.shencha.jobs.report;

import cn.shencha.rules.Category;
import cn.shencha.writers.report.HealthStatus;
import cn.shencha.writers.report.SiteHealthIndicator;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The census's veto item for wording (全国政府网站普查：严重表述错误单项否决): red when a page read in the week carries
 * a {@link Category#SERIOUS_WORDING} finding (a leader's name or title wrong, leaders out of order, an institution
 * misnamed, a fixed formulation garbled), green when pages were read and none did; not measured without readings.
 */
@Component
@Order(300)
public class WordingSiteHealth implements SiteHealthSource {

    private final JdbcTemplate jdbc;

    public WordingSiteHealth(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<SiteHealthCheck, SiteHealthIndicator> measure(Instant weekStart, Instant asOf) {
        Map<SiteHealthCheck, SiteHealthIndicator> out = new EnumMap<>(SiteHealthCheck.class);
        Timestamp from = Timestamp.from(weekStart);
        Timestamp to = Timestamp.from(asOf);
        Integer read = jdbc.queryForObject("SELECT COUNT(*) FROM snapshot WHERE fetched_at >= ? AND fetched_at < ?", Integer.class, from, to);
        if (read == null || read == 0) {
            return out;
        }
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT f.evidence, f.page_id FROM finding f JOIN snapshot s ON s.id = f.snapshot_id"
                + " WHERE f.category = ? AND s.fetched_at >= ? AND s.fetched_at < ? ORDER BY s.fetched_at, f.start_offset",
                Category.SERIOUS_WORDING.name(), from, to);
        SiteHealthCheck c = SiteHealthCheck.NO_SERIOUS_WORDING;
        if (rows.isEmpty()) {
            out.put(c, new SiteHealthIndicator(c.chineseName(), c.requirement(), HealthStatus.GREEN, "本周读取的 " + read + " 个页面未发现"));
            return out;
        }
        long pages = rows.stream().map(r -> r.get("page_id")).distinct().count();
        String first = String.valueOf(rows.get(0).get("evidence"));
        out.put(c, new SiteHealthIndicator(c.chineseName(), c.requirement(), HealthStatus.RED,
                rows.size() + " 处（" + pages + " 个页面），如“" + (first.length() > 20 ? first.substring(0, 20) + "…" : first) + "”"));
        return out;
    }
}
