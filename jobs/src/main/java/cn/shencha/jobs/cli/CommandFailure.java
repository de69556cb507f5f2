package cn.shencha.jobs.cli;

/** A command that could not do its work (unreachable site, failed run): printed as one line, exit code 1. */
public class CommandFailure extends RuntimeException {
    public CommandFailure(String message) {
        super(message);
    }
}
