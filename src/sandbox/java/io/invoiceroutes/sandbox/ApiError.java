package io.invoiceroutes.sandbox;

import java.util.Map;

/** An API error that becomes the contract's error envelope {@code {success:false, error:{...}}}. */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final boolean retryable;
    private final Map<String, Object> details;

    public ApiError(int status, String code, String message, boolean retryable, Map<String, Object> details) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryable = retryable;
        this.details = details;
    }

    public static ApiError of(int status, String code, String message) {
        return new ApiError(status, code, message, false, null);
    }

    public static ApiError of(int status, String code, String message, Map<String, Object> details) {
        return new ApiError(status, code, message, false, details);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }

    public Map<String, Object> details() {
        return details;
    }
}
