package io.invoiceroutes.api;

import java.util.Map;

/** The API refused the key (401): all API work pauses, one alert goes out, and a probe resumes work; no file fails. */
public class KeyRefusedException extends ApiException {
    public KeyRefusedException(int status, String code, String message, Map<String, Object> details) {
        super(status, code, message, false, details, null);
    }
}
