package cn.shencha.writers.ledger;

/**
 * The four review levels of ch. 4 §6 that approve an item before publication, lowest first. The secrecy bureau
 * (区保密局) is not a review level: its conclusion is a separate part of a ledger entry.
 */
public enum ReviewLevel {
    /** Level 1: the unit's information officer (信息员). */
    INFORMATION_OFFICER(1, "信息员"),
    /** Level 2: the leader in charge (分管领导). */
    LEADER_IN_CHARGE(2, "分管领导"),
    /** Level 3: the unit's principal (主要负责人). */
    PRINCIPAL(3, "主要负责人"),
    /** Level 4: a leader of the district government (区政府领导). */
    DISTRICT_LEADER(4, "区政府领导");

    private final int number;
    private final String chineseName;

    ReviewLevel(int number, String chineseName) {
        this.number = number;
        this.chineseName = chineseName;
    }

    /** 1 to 4, as the issue and {@link cn.shencha.rules.Importance#requiredReviewLevel()} count them. */
    public int number() {
        return number;
    }

    /** The reviewer's role as the ledgers print it. */
    public String chineseName() {
        return chineseName;
    }

    /** The level with the given number (1 to 4). */
    public static ReviewLevel ofNumber(int number) {
        for (ReviewLevel level : values()) {
            if (level.number == number) {
                return level;
            }
        }
        throw new IllegalArgumentException("review levels are numbered 1 to 4, not " + number);
    }
}
