package cn.shencha.jobs.cli;

/** Bad command-line input: printed as one line, exit code 2. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
