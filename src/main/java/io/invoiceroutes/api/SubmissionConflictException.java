package io.invoiceroutes.api;

import java.util.Map;

/**
 * {@code SUBMISSION_ID_ALREADY_USED}: our stored submission id already created an extraction (the request differs,
 * e.g. the prompt file changed since); that extraction is ours and paid for, so the batch adopts it.
 */
public class SubmissionConflictException extends ApiException {
    public SubmissionConflictException(int status, String message, Map<String, Object> details) {
        super(status, "SUBMISSION_ID_ALREADY_USED", message, false, details, null);
    }

    /** The extraction the submission id belongs to ({@code details.extraction_id}), or null. */
    public String getExtractionId() {
        Object id = getDetails().get("extraction_id");
        return id == null ? null : id.toString();
    }
}
