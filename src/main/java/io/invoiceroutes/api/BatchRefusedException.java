package io.invoiceroutes.api;

import java.util.Map;

/** A refusal that needs a change first and names no single file (prompt, validation, cancellation): the batch's files go to their class. */
public class BatchRefusedException extends ApiException {
    public BatchRefusedException(int status, String code, String message, Map<String, Object> details) {
        super(status, code, message, false, details, null);
    }
}
