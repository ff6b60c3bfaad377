package io.invoiceroutes.api;

import java.util.Map;

/** {@code SESSION_ALREADY_INITIALIZED}: the upload session id is in use with other files; the batch starts a new session. */
public class SessionConflictException extends ApiException {
    public SessionConflictException(int status, String message, Map<String, Object> details) {
        super(status, "SESSION_ALREADY_INITIALIZED", message, false, details, null);
    }
}
