package cn.shencha.jobs.review;

/** Where a review task waits: a review level, the secrecy bureau, or nowhere (decided). */
public enum Stage {
    L1("一级审核（信息员）"),
    L2("二级审核（分管领导）"),
    L3("三级审核（主要负责人）"),
    L4("四级审核（区政府领导）"),
    BUREAU("区保密局审核"),
    DONE("已办结");

    private final String chineseName;

    Stage(String chineseName) {
        this.chineseName = chineseName;
    }

    public String chineseName() {
        return chineseName;
    }

    /** The stage of a review level 1 to 4. */
    public static Stage level(int level) {
        if (level < 1 || level > 4) {
            throw new IllegalArgumentException("review levels are numbered 1 to 4, not " + level);
        }
        return values()[level - 1];
    }

    /** The review level 1 to 4 of this stage, or 0 for BUREAU and DONE. */
    public int levelNumber() {
        return ordinal() < 4 ? ordinal() + 1 : 0;
    }

    /** Whether a decision here goes into the approval ledger (levels 3 and 4 and the bureau, ch. 4 §6). */
    public boolean ledgered() {
        return this == L3 || this == L4 || this == BUREAU;
    }
}
