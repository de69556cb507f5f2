package cn.shencha.rules;

/**
 * The importance grades of ch. 4 §5, and the review level each requires (ch. 4 §6; issue: 一般 → 2, 重要 → 3, 特级 → 4).
 */
public enum Importance {
    GENERAL("一般", 2),
    IMPORTANT("重要", 3),
    SPECIAL("特级", 4);

    private final String chineseName;
    private final int requiredReviewLevel;

    Importance(String chineseName, int requiredReviewLevel) {
        this.chineseName = chineseName;
        this.requiredReviewLevel = requiredReviewLevel;
    }

    public String chineseName() {
        return chineseName;
    }

    /** The highest of the four review levels (信息员 1, 分管领导 2, 主要负责人 3, 区政府领导 4) that must approve the item. */
    public int requiredReviewLevel() {
        return requiredReviewLevel;
    }

    public static Importance max(Importance a, Importance b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
