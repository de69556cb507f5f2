package cn.shencha.rules;

/** A rule as the pack declares it: its id, the category it finds, a Chinese description and its severity. */
public record RuleInfo(String id, Category category, String description, Severity severity) {
}
