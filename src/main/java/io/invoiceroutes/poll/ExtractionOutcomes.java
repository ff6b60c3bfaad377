package io.invoiceroutes.poll;

import io.invoiceroutes.api.ApiFailures;

import java.util.Map;
import java.util.Set;

/** Reads a status response: final or not, and for {@code failed} and {@code cancelled} the typed failure to raise. */
public class ExtractionOutcomes {
    private static final Set<String> FINAL = Set.of("completed", "failed", "cancelled");

    /** True for completed, failed and cancelled; an unknown status counts as still running (contract). */
    public boolean isFinal(String status) {
        return FINAL.contains(status);
    }

    /** Throws the failure of a failed or cancelled extraction, so the failure policy decides what follows. */
    public void raise(Map<String, Object> status, String cancelReason) {
        if ("failed".equals(status.get("status"))) {
            throw ApiFailures.extractionFailed(status);
        }
        if ("cancelled".equals(status.get("status"))) {
            throw ApiFailures.cancelled(status, cancelReason);
        }
        throw new IllegalArgumentException("not a failed or cancelled extraction: " + status.get("status"));
    }

    /** Why the batch's extraction is being cancelled by us ({@code operator}, {@code deadline}), or null. */
    public String cancelReason(Map<String, Object> batch) {
        Object asked = batch.get("cancel_reason");
        if (asked != null) {
            return asked.toString();
        }
        return Boolean.TRUE.equals(batch.get("past_deadline")) ? "deadline" : null;
    }

    /** True when the cancel request must be sent now: asked for (deadline, operator) and not sent yet. */
    public boolean cancelDue(Map<String, Object> batch) {
        return batch.get("cancel_requested_at") == null && cancelReason(batch) != null;
    }

    /** The API's progress (0..100) of a running extraction, or null. */
    public Integer progress(Map<String, Object> status) {
        return status.get("progress") instanceof Number n ? n.intValue() : null;
    }

    /** {@code answer_by} of an extraction waiting on questions, or null. */
    public java.time.Instant answerBy(Map<String, Object> status) {
        try {
            return status.get("answer_by") instanceof String at ? java.time.Instant.parse(at) : null;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
