package io.invoiceroutes.api;

import java.util.Map;

/** Too few credits: the batch is held (not failed) and resumes by itself once the usable balance covers it. */
public class CreditsShortException extends ApiException {
    public CreditsShortException(int status, String code, String message, Map<String, Object> details) {
        super(status, code, message, false, details, null);
    }
}
