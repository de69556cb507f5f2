package cn.shencha.jobs.duty;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A reading of the duty reading log, as the console's 值班读网 page and the printed 值班读网表 show it.
 *
 * @param id          the reading's id, for {@link DutyReadings#confirm}; null for a reading not due yet (UPCOMING)
 *                    or due and not recorded (MISSED, not yet flagged)
 * @param siteId      the site
 * @param siteName    its name
 * @param date        the day (report zone)
 * @param slot        早, 中 or 晚
 * @param scheduled   whether the schedule called for it (false: an audit started by hand)
 * @param dueAt       when it was due (null when not scheduled)
 * @param startedAt   when the audit run started (null when it did not)
 * @param endedAt     when it ended
 * @param status      UPCOMING, RUNNING, COMPLETED, FAILED or MISSED
 * @param note        why it was missed or failed
 * @param runId       the audit run, or null
 * @param pagesRead   pages, attachments and posts the run read
 * @param changes     of those, new or changed
 * @param problems    findings raised on what the run stored
 * @param handling    how those were handled: 事项 2 件：待审 1，撤下 1
 * @param reader      who was on duty (the roster when the reading was recorded, else now)
 * @param confirmedBy the user who confirmed it, or null
 * @param confirmedAt when
 * @param remark      the confirmation's remark
 * @param flag        null, UNCONFIRMED or MISSED: flagged the morning after
 */
public record Reading(Long id, String siteId, String siteName, LocalDate date, Slot slot, boolean scheduled, Instant dueAt,
                      Instant startedAt, Instant endedAt, Status status, String note, Long runId, long pagesRead, long changes,
                      long problems, String handling, String reader, String confirmedBy, Instant confirmedAt, String remark,
                      Flag flag) {

    public enum Status {
        UPCOMING("待读"), RUNNING("进行中"), COMPLETED("完成"), FAILED("失败"), MISSED("漏读");

        private final String chineseName;

        Status(String chineseName) {
            this.chineseName = chineseName;
        }

        public String chineseName() {
            return chineseName;
        }
    }

    public enum Flag {
        UNCONFIRMED("未确认"), MISSED("漏读");

        private final String chineseName;

        Flag(String chineseName) {
            this.chineseName = chineseName;
        }

        public String chineseName() {
            return chineseName;
        }
    }

    public boolean confirmed() {
        return confirmedBy != null;
    }

    /** Whether the reader can confirm it now: recorded, not confirmed yet, and not still running. */
    public boolean confirmable() {
        return id != null && confirmedBy == null && status != Status.RUNNING && status != Status.UPCOMING;
    }
}
