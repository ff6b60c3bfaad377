package io.invoiceroutes.api;

import java.util.Map;

/**
 * An extraction that ended {@code failed} with {@code retryable: true} ({@code CONCURRENT_TASK_LIMIT},
 * {@code SUBMISSION_STALLED}, {@code INTERNAL_ERROR}): submitted again under a new submission id after a pause.
 */
public class RetryableExtractionFailure extends ApiException {
    public RetryableExtractionFailure(String code, String message, Map<String, Object> details) {
        super(200, code, message, true, details, null);
    }

    /** The account runs as many extractions as it allows: not the batch's fault, so it uses no resubmission. */
    public boolean isAccountLimit() {
        return "CONCURRENT_TASK_LIMIT".equals(getCode());
    }
}
