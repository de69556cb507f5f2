package cn.shencha.writers.report;

import cn.shencha.rules.Importance;

/**
 * An item still waiting for review, as the report's list of the oldest open items shows it.
 *
 * @param taskId    the review task's id
 * @param grade     its grade
 * @param unit      the unit's name
 * @param title     the item's title (or its URL when it has none)
 * @param url       where it is published
 * @param ageDays   whole days since the task was opened, at the report's reference time
 * @param waitingAt the level it waits at, e.g. 二级审核（分管领导）
 * @param overdue   whether its time limit has passed
 * @param link      the item's page in the console
 */
public record OpenItem(String taskId, Importance grade, String unit, String title, String url, long ageDays,
                       String waitingAt, boolean overdue, String link) {
}
