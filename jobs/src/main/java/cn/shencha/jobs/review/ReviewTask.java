package cn.shencha.jobs.review;

import cn.shencha.rules.Importance;

import java.time.Instant;
import java.util.List;

/**
 * A review task as the console and the ledgers see it: one item (a page, attachment, feed item or draft snapshot) with
 * findings, where it waits and how it ended.
 *
 * @param version increases with every decision; a decision form carries it so that two reviewers deciding at once
 *                cannot both win
 */
public record ReviewTask(String id, String snapshotId, String pageId, String title, String url, String unitId,
                         String unitName, String itemKind, Importance importance, int requiredLevel, boolean needsBureau,
                         String bureauState, Stage stage, String state, Instant createdAt, Instant dueAt,
                         Instant decidedAt, List<String> categories, int version) {

    public boolean open() {
        return stage != Stage.DONE;
    }

    public boolean overdue(Instant now) {
        return open() && dueAt.isBefore(now);
    }

    /** The state in Chinese: 待审核 (at a stage), 已同意发布, 已退回修改, 已撤下. */
    public String stateName() {
        return switch (state) {
            case "APPROVED" -> "已同意发布";
            case "AMEND" -> "已退回修改";
            case "TAKEN_DOWN" -> "已撤下";
            default -> "待" + stage.chineseName();
        };
    }

    /** The categories' Chinese names, separated by 、. */
    public String categoryNames() {
        return String.join("、", categories.stream().map(c -> {
            try {
                return cn.shencha.rules.Category.valueOf(c).chineseName();
            } catch (IllegalArgumentException e) {
                return c;
            }
        }).toList());
    }

    public String itemKindName() {
        return switch (itemKind == null ? "PAGE" : itemKind) {
            case "ATTACHMENT" -> "附件";
            case "FEED_ITEM" -> "新媒体稿件";
            case "DRAFT" -> "送审稿";
            default -> "网页";
        };
    }
}
