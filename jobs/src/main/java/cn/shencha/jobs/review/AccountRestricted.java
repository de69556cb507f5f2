package cn.shencha.jobs.review;

/**
 * Published when an account may no longer use the sessions it has: disabled, its password reset, or locked. The
 * console ends the account's sessions at once when it hears it.
 */
public record AccountRestricted(String username, String reason) {
}
