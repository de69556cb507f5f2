package cn.shencha.writers.ledger;

import cn.shencha.rules.Category;
import cn.shencha.rules.Importance;

import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One line of the approval ledger (领导审批台帐): an item submitted for review, what each review level decided, the
 * secrecy bureau's conclusion and what became of the item. All times are Beijing time.
 *
 * @param number             the ledger number (台帐编号), e.g. {@code SP-2025-000123}
 * @param itemTitle          the item's title
 * @param itemUrl            where the item is or was published; may be empty for items never published
 * @param unit               the unit (单位) that submitted the item
 * @param grade              the importance grade (一般/重要/特级)
 * @param categories         the categories of the findings that required the review; may be empty
 * @param submittedAt        when the item was submitted for review; the ledger period filters on it
 * @param reviews            the opinions given, at most one per review level, in any order
 * @param bureauConclusion   the secrecy bureau's (区保密局) conclusion; empty when the bureau was not consulted
 * @param publishedAt        when the item was published, or null
 * @param takenDownAt        when the item was taken down, or null
 * @param notes              notes (备注); may be empty
 */
public record LedgerEntry(
        String number,
        String itemTitle,
        String itemUrl,
        String unit,
        Importance grade,
        List<Category> categories,
        LocalDateTime submittedAt,
        List<ReviewOpinion> reviews,
        String bureauConclusion,
        LocalDateTime publishedAt,
        LocalDateTime takenDownAt,
        String notes) {

    public LedgerEntry {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(itemTitle, "itemTitle");
        itemUrl = itemUrl == null ? "" : itemUrl;
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(grade, "grade");
        categories = categories == null ? List.of() : List.copyOf(categories);
        Objects.requireNonNull(submittedAt, "submittedAt");
        reviews = reviews == null ? List.of() : List.copyOf(reviews);
        bureauConclusion = bureauConclusion == null ? "" : bureauConclusion;
        notes = notes == null ? "" : notes;
        if (reviews.stream().map(ReviewOpinion::level).distinct().count() != reviews.size()) {
            throw new IllegalArgumentException("ledger entry " + number + " has two opinions at one review level");
        }
    }

    /** The opinion given at the level, if the item reached it. */
    public Optional<ReviewOpinion> review(ReviewLevel level) {
        for (ReviewOpinion r : reviews) {
            if (r.level() == level) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The opinions by level, lowest level first. */
    public Map<ReviewLevel, ReviewOpinion> reviewsByLevel() {
        Map<ReviewLevel, ReviewOpinion> map = new EnumMap<>(ReviewLevel.class);
        reviews.forEach(r -> map.put(r.level(), r));
        return map;
    }

    /** The highest level that gave an opinion, if any did. */
    public Optional<ReviewLevel> highestReviewLevel() {
        return reviews.stream().map(ReviewOpinion::level).max(Enum::compareTo);
    }

    /** The category codes, comma-separated: {@code PERSONAL_INFO,PENDING_CASE}. */
    public String categoryCodes() {
        return categories.stream().map(Category::name).collect(Collectors.joining(","));
    }

    /** The categories' Chinese names, separated by 、: {@code 个人信息、未办结案件}. */
    public String categoryNames() {
        return categories.stream().map(Category::chineseName).collect(Collectors.joining("、"));
    }
}
