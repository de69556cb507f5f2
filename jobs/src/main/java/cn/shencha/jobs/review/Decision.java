package cn.shencha.jobs.review;

/** What a reviewer decides on an item. */
public enum Decision {
    /** 同意发布: passes this level (and, at the last level it needs, the item). */
    APPROVE("同意发布"),
    /** 修改后发布: returned to the unit to amend; the amended version is a new item. */
    AMEND("退回修改"),
    /** 撤下: the item must not be (or no longer be) published. */
    TAKE_DOWN("撤下"),
    /** 上报: sent up one level (from level 4: to the secrecy bureau) because this level cannot judge it. */
    ESCALATE("上报上级");

    private final String chineseName;

    Decision(String chineseName) {
        this.chineseName = chineseName;
    }

    public String chineseName() {
        return chineseName;
    }
}
