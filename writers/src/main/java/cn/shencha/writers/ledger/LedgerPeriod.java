package cn.shencha.writers.ledger;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * The period a ledger covers, both days included.
 *
 * @param from the first day
 * @param to   the last day, not before {@code from}
 */
public record LedgerPeriod(LocalDate from, LocalDate to) {
    public LedgerPeriod {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("ledger period ends (" + to + ") before it starts (" + from + ")");
        }
    }

    /** Whether the moment falls on one of the period's days. */
    public boolean contains(LocalDateTime time) {
        LocalDate day = time.toLocalDate();
        return !day.isBefore(from) && !day.isAfter(to);
    }

    /** The period as the ledgers print it: {@code 2025年1月1日至2025年3月31日}. */
    public String chineseLabel() {
        return chinese(from) + "至" + chinese(to);
    }

    private static String chinese(LocalDate d) {
        return d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
    }
}
