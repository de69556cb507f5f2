package cn.shencha.rules;

/** How serious one finding is; the secrecy-bureau gate compares it with a configured threshold. */
public enum Severity {
    LOW, MEDIUM, HIGH;

    public boolean atLeast(Severity other) {
        return ordinal() >= other.ordinal();
    }
}
