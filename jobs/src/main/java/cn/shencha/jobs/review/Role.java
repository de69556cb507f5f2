package cn.shencha.jobs.review;

import java.util.Optional;

/**
 * What a console user may do. The four review levels of ch. 4 §6, the secrecy bureau of ch. 4 §8, and the people who
 * use what the reviews produce.
 */
public enum Role {
    /** 信息员: level 1, the unit's information officer. */
    INFO_OFFICER("信息员", 1, true),
    /** 分管领导: level 2, the unit's leader in charge of the information. */
    DEPUTY_LEADER("分管领导", 2, true),
    /** 主要负责人: level 3, the unit's principal. */
    PRINCIPAL("主要负责人", 3, true),
    /** 区政府领导: level 4, a leader of the district government (all units). */
    DISTRICT_LEADER("区政府领导", 4, false),
    /** 区保密局: the secrecy bureau's reviewer (all units); items sent to it wait for its decision. */
    SECRECY_REVIEWER("区保密局审核员", 0, false),
    /** 档案员: pulls ledgers, reports and archives. */
    RECORDS_CLERK("档案员", 0, false),
    /** 检索员: searches the archive. */
    SEARCHER("检索员", 0, false),
    /** 系统管理员: users, units, resets. */
    ADMIN("系统管理员", 0, false);

    private final String chineseName;
    private final int reviewLevel;
    private final boolean unitBound;

    Role(String chineseName, int reviewLevel, boolean unitBound) {
        this.chineseName = chineseName;
        this.reviewLevel = reviewLevel;
        this.unitBound = unitBound;
    }

    public String chineseName() {
        return chineseName;
    }

    /** The review level (1 to 4) this role decides at, or 0. */
    public int reviewLevel() {
        return reviewLevel;
    }

    /** Whether a user with this role belongs to one unit and sees only its items. */
    public boolean unitBound() {
        return unitBound;
    }

    /** The role deciding at a stage (L1..L4, BUREAU). */
    public static Optional<Role> forStage(Stage stage) {
        return switch (stage) {
            case L1 -> Optional.of(INFO_OFFICER);
            case L2 -> Optional.of(DEPUTY_LEADER);
            case L3 -> Optional.of(PRINCIPAL);
            case L4 -> Optional.of(DISTRICT_LEADER);
            case BUREAU -> Optional.of(SECRECY_REVIEWER);
            case DONE -> Optional.empty();
        };
    }
}
