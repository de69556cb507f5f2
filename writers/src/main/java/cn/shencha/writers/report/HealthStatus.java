package cn.shencha.writers.report;

/** The state of a site-health indicator. */
public enum HealthStatus {
    /** The indicator is met. */
    GREEN("达标"),
    /** The indicator fails: a 普查 veto item. */
    RED("不达标"),
    /** Nothing measures it yet; shown as such, never guessed. */
    NOT_MEASURED("未检测");

    private final String chineseName;

    HealthStatus(String chineseName) {
        this.chineseName = chineseName;
    }

    public String chineseName() {
        return chineseName;
    }
}
