package cn.shencha.jobs.report;

import cn.shencha.writers.report.SiteHealthIndicator;

import java.time.Instant;
import java.util.Map;

/**
 * Something that measures site-health indicators for the weekly report. Every Spring bean implementing it is asked;
 * for each {@link SiteHealthCheck} the first source (in {@code @Order}) that measures it wins, and a check no source
 * measures is shown as 未检测, never guessed. {@link SnapshotSiteHealth} answers what the snapshots already tell;
 * column freshness, empty columns and broken links are for the crawl's site-health checks to provide.
 */
public interface SiteHealthSource {

    /**
     * The indicators this source measures, as of a moment.
     *
     * @param weekStart the start of the report's week
     * @param asOf      the moment to judge at (the end of the week, or now for a week not yet over)
     * @return the measured indicators by check; checks this source does not measure are absent
     */
    Map<SiteHealthCheck, SiteHealthIndicator> measure(Instant weekStart, Instant asOf);
}
