package cn.shencha.writers.report;

/**
 * One row of the unit ranking.
 *
 * @param unit               the unit's name
 * @param pagesRead          distinct pages and attachments of the unit read in the week
 * @param findings           findings raised in the week on the unit's items
 * @param findingsPer100Pages findings per 100 pages read, or null when none were read
 * @param overdue            the unit's open items past their time limit
 * @param decided            the unit's items decided in the week
 * @param meanDecisionDays   mean days from opening to decision of those, or null when none were decided
 */
public record UnitRank(String unit, long pagesRead, long findings, Double findingsPer100Pages, long overdue,
                       long decided, Double meanDecisionDays) {
}
