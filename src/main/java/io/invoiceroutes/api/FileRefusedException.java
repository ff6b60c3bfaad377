package io.invoiceroutes.api;

import java.util.Map;

/** An upload call refused one file (its parts, its completion): only that file is quarantined. */
public class FileRefusedException extends ApiException {
    public FileRefusedException(int status, String code, String message, Map<String, Object> details) {
        super(status, code, message, false, details, null);
    }
}
