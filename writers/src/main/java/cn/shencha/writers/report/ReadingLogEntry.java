package cn.shencha.writers.report;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * One line of the duty reading log (值班读网表, ch. 6 §3.6): a reading of a site in a slot of a day, or a reading that
 * did not happen.
 *
 * @param date        the day
 * @param slot        早, 中 or 晚
 * @param site        the site's name
 * @param dueAt       when the reading was due (Beijing time), or null for an unscheduled one
 * @param startedAt   when it started, or null when it did not happen
 * @param endedAt     when it ended, or null
 * @param outcome     完成, 失败, 漏读 (missed), 进行中
 * @param pagesRead   pages and attachments read
 * @param changes     new or changed pages
 * @param problems    findings raised on them
 * @param handling    how the problems were handled, e.g. 事项 2 件：已撤下 1，待审 1
 * @param reader      who was on duty (from the roster), or empty
 * @param confirmedBy who confirmed the reading, or empty
 * @param confirmedAt when, or null
 * @param remark      the reader's remark
 * @param flag        未确认 or 漏读 once flagged (the morning after), else empty
 */
public record ReadingLogEntry(LocalDate date, String slot, String site, LocalDateTime dueAt, LocalDateTime startedAt,
                              LocalDateTime endedAt, String outcome, long pagesRead, long changes, long problems,
                              String handling, String reader, String confirmedBy, LocalDateTime confirmedAt,
                              String remark, String flag) {
    public ReadingLogEntry {
        Objects.requireNonNull(date, "date");
        slot = slot == null ? "" : slot;
        site = site == null ? "" : site;
        outcome = outcome == null ? "" : outcome;
        handling = handling == null ? "" : handling;
        reader = reader == null ? "" : reader;
        confirmedBy = confirmedBy == null ? "" : confirmedBy;
        remark = remark == null ? "" : remark;
        flag = flag == null ? "" : flag;
    }
}
