package io.invoiceroutes.api;

import java.time.Instant;
import java.util.Map;

/** {@code SUBMISSIONS_PAUSED} (503): the batch gives its extraction slot back and waits until {@code resumes_at}. */
public class SubmissionsPausedException extends ApiException {
    private final Instant resumesAt;

    public SubmissionsPausedException(int status, String message, Map<String, Object> details, Instant resumesAt) {
        super(status, "SUBMISSIONS_PAUSED", message, true, details, null);
        this.resumesAt = resumesAt;
    }

    public Instant getResumesAt() {
        return resumesAt;
    }
}
