package cn.shencha.writers.signing;

import java.io.IOException;

/** The file to verify is not a PDF, or too damaged to read as one. */
public class NotAPdfException extends IOException {
    public NotAPdfException(String message) {
        super(message);
    }

    public NotAPdfException(String message, Throwable cause) {
        super(message, cause);
    }
}
