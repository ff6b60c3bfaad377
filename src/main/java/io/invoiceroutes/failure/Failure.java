package io.invoiceroutes.failure;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A failure of one stage's work on one batch, as the failure policy's reactions take it: the reaction chosen, what
 * happened (code, message, class), what the API said (retryable, Retry-After, named files, resume time, extraction id).
 */
public record Failure(Reaction reaction, String batchId, String stage, String code, String message, String errorClass,
                      boolean retryable, Long retryAfterSeconds, List<String> fileNames, String extractionId,
                      Instant resumesAt, Map<String, Object> details, boolean accountLimit) {

    /** "CODE: message", for events and logs. */
    public String summary() {
        return code + ": " + message;
    }
}
