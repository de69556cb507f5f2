package cn.shencha.jobs.review;

/** A decision or request the workflow refuses, with the reason in Chinese for the console. */
public class ReviewException extends RuntimeException {

    /** Why: the console answers 403 for FORBIDDEN, 404 for NOT_FOUND, 409 for CONFLICT and 400 otherwise. */
    public enum Kind { FORBIDDEN, NOT_FOUND, CONFLICT, INVALID }

    private final Kind kind;

    public ReviewException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
