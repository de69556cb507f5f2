package cn.shencha.jobs.duty;

/** A duty-log request that cannot be carried out (unknown reading, already confirmed ...); the message says why, in Chinese for the console. */
public class DutyException extends RuntimeException {
    public DutyException(String message) {
        super(message);
    }
}
