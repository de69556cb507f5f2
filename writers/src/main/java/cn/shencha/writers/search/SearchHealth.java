package cn.shencha.writers.search;

/**
 * The search cluster as {@code shencha status} shows it. Never thrown for: an unreachable cluster is
 * {@code reachable=false} with a message.
 *
 * @param mode local or external
 * @param status green, yellow or red, when reachable
 */
public record SearchHealth(String mode, String url, boolean reachable, String status, String version, int nodes,
                           String message) {
}
