package cn.shencha.jobs.report;

/**
 * The site-health indicators the weekly report shows: the national website census's veto items (全国政府网站普查单项
 * 否决指标, ch. 3 §4) and the new-media requirements of ch. 8 §3.2. Each is measured by some {@link SiteHealthSource};
 * one that none measures is shown as 未检测.
 */
public enum SiteHealthCheck {
    HOME_PAGE_UPDATED("首页更新", "首页两周内有更新"),
    NEWS_COLUMNS_UPDATED("动态、要闻类栏目更新", "两周内有更新"),
    NOTICE_COLUMNS_UPDATED("通知公告、政策文件类栏目更新", "六个月内有更新"),
    NO_EMPTY_COLUMNS("空白栏目", "无空白栏目"),
    LINKS_AVAILABLE("链接可用性", "无错链、断链"),
    NEW_MEDIA_UPDATED("新媒体账号更新", "两周内有发布"),
    NEW_MEDIA_ORIGINAL("新媒体原创信息", "每周至少发布1条原创信息"),
    NO_SERIOUS_WORDING("严重表述错误", "已发布页面无严重表述错误（领导姓名职务及排序、机构名称、重要提法）");

    private final String chineseName;
    private final String requirement;

    SiteHealthCheck(String chineseName, String requirement) {
        this.chineseName = chineseName;
        this.requirement = requirement;
    }

    public String chineseName() {
        return chineseName;
    }

    public String requirement() {
        return requirement;
    }
}
