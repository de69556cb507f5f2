package cn.shencha.readers.extract;

/** A resource whose text could not be extracted: corrupt, too large, too slow, or of a format no parser reads. */
public class ExtractionException extends Exception {
    public ExtractionException(String message, Throwable cause) {
        super(message, cause);
    }

    public ExtractionException(String message) {
        super(message);
    }
}
