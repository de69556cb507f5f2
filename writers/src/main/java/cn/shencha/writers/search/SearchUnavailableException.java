package cn.shencha.writers.search;

/** The search cluster could not be reached or kept failing, after bounded retries. */
public class SearchUnavailableException extends RuntimeException {
    public SearchUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
