package io.invoiceroutes.api;

import java.util.Map;

/**
 * An error the vendor API or the transport to it reported, carrying the contract's code and retryable flag.
 * Its subclasses say how the pipeline reacts (see {@link ApiFailures}); the failure policy matches on them.
 */
public class ApiException extends RuntimeException {
    private final int httpStatus;
    private final String code;
    private final boolean retryable;
    private final Map<String, Object> details;
    private final Long retryAfterSeconds;

    public ApiException(int httpStatus, String code, String message, boolean retryable,
                        Map<String, Object> details, Long retryAfterSeconds) {
        super(code + ": " + message);
        this.httpStatus = httpStatus;
        this.code = code;
        this.retryable = retryable;
        this.details = details == null ? Map.of() : details;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int getHttpStatus() {
        return httpStatus;
    }

    public String getCode() {
        return code;
    }

    /** The message the API gave, without the code prefix. */
    public String getApiMessage() {
        String m = getMessage();
        return m.substring(code.length() + 2);
    }

    public boolean isRetryable() {
        return retryable;
    }

    public Map<String, Object> getDetails() {
        return details;
    }

    /** Seconds the API asked us to wait (Retry-After), or null. */
    public Long getRetryAfterSeconds() {
        return retryAfterSeconds;
    }

    public ErrorClass getErrorClass() {
        return ErrorClass.forCode(code);
    }
}
