package cn.shencha.readers.source;

/** A sitemap or feed that cannot be read: not the format it claims, malformed, or over a limit. */
public class SourceFormatException extends Exception {
    public SourceFormatException(String message) {
        super(message);
    }

    public SourceFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
