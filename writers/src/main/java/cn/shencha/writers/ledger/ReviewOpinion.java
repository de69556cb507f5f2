package cn.shencha.writers.ledger;

import java.time.LocalDateTime;
import java.util.Objects;

/**
 * What one reviewer decided at one review level.
 *
 * @param level    the review level
 * @param reviewer the reviewer's name
 * @param opinion  the opinion as written (同意发布, 修改后发布, 不予发布 ...)
 * @param time     when the opinion was given, Beijing time
 */
public record ReviewOpinion(ReviewLevel level, String reviewer, String opinion, LocalDateTime time) {
    public ReviewOpinion {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(reviewer, "reviewer");
        opinion = opinion == null ? "" : opinion;
        Objects.requireNonNull(time, "time");
    }
}
