package cn.shencha.writers.ledger;

import java.time.LocalDateTime;
import java.util.Objects;

/**
 * What a ledger file says about itself: its title, the organization keeping it, the period and when it was made.
 *
 * @param title        the title, normally {@value #DEFAULT_TITLE}
 * @param organization the organization keeping the ledger, e.g. 云川区人民政府办公室
 * @param period       the period covered
 * @param generatedAt  when the file was generated, Beijing time
 */
public record LedgerInfo(String title, String organization, LedgerPeriod period, LocalDateTime generatedAt) {

    /** The ledger's title as the regulation names it. */
    public static final String DEFAULT_TITLE = "领导审批台帐";

    public LedgerInfo {
        title = title == null || title.isBlank() ? DEFAULT_TITLE : title;
        organization = organization == null ? "" : organization;
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(generatedAt, "generatedAt");
    }

    /** A ledger titled {@value #DEFAULT_TITLE}. */
    public static LedgerInfo of(String organization, LedgerPeriod period, LocalDateTime generatedAt) {
        return new LedgerInfo(DEFAULT_TITLE, organization, period, generatedAt);
    }
}
