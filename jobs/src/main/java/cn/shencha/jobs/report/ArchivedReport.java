package cn.shencha.jobs.report;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A report reportJob generated and archived, as the console's 周报 page lists it.
 *
 * @param id         its row id
 * @param week       the ISO week, 2026-W47
 * @param unitId     the unit's id, or null for the district report
 * @param unitName   the unit's name, or 全区
 * @param format     PDF or XLSX
 * @param file       the file (absolute)
 * @param sha256     the file's SHA-256, hex
 * @param bytes      its size
 * @param signed     whether it is signed (PDF)
 * @param demoKey    whether signed with the demonstration key
 * @param generatedAt when
 * @param pagesRead  headline preview: pages and attachments read
 * @param findings   findings raised in the week
 * @param decided    items decided in the week
 * @param pending    items pending at the end of the week
 * @param overdue    of those, overdue
 * @param emptyWeek  whether the week had no data (the report says 本周无数据)
 */
public record ArchivedReport(long id, String week, String unitId, String unitName, String format, Path file, String sha256,
                             long bytes, boolean signed, boolean demoKey, Instant generatedAt, long pagesRead, long findings,
                             long decided, long pending, long overdue, boolean emptyWeek) {
}
