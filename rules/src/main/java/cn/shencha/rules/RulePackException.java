package cn.shencha.rules;

/** A rule pack that cannot be used: the message names the file, the line and what is wrong. */
public class RulePackException extends RuntimeException {
    public RulePackException(String message) {
        super(message);
    }

    public RulePackException(String message, Throwable cause) {
        super(message, cause);
    }
}
