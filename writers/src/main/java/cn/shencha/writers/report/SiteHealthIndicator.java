package cn.shencha.writers.report;

import java.util.Objects;

/**
 * One site-health indicator against the national website census's veto items (全国政府网站普查单项否决指标) and
 * the new-media requirements of ch. 8.
 *
 * @param name        what is checked, e.g. 首页更新
 * @param requirement the requirement, e.g. 首页两周内有更新
 * @param status      green, red, or not measured
 * @param figure      the figure behind the status, e.g. 最近更新：3 天前; for an unmeasured indicator, why
 */
public record SiteHealthIndicator(String name, String requirement, HealthStatus status, String figure) {
    public SiteHealthIndicator {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(requirement, "requirement");
        Objects.requireNonNull(status, "status");
        figure = figure == null ? "" : figure;
    }
}
