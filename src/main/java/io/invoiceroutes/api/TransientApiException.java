package io.invoiceroutes.api;

import java.util.Map;

/** A failure that may clear by itself (5xx, 429, a transport error, {@code retryable: true}): retried with backoff, then the batch waits in its state and is tried again later. */
public class TransientApiException extends ApiException {
    public TransientApiException(int status, String code, String message, Map<String, Object> details, Long retryAfterSeconds) {
        super(status, code, message, true, details, retryAfterSeconds);
    }
}
