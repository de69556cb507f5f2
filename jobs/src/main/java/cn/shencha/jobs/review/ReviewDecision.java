package cn.shencha.jobs.review;

import java.time.Instant;

/** One decision taken on a task. */
public record ReviewDecision(long id, String taskId, Stage stage, Decision decision, String opinion, long reviewerId,
                             String reviewerName, Instant decidedAt) {
}
