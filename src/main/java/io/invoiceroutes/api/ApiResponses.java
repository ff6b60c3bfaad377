package io.invoiceroutes.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

import java.util.LinkedHashMap;
import java.util.Map;

/** Turns an API response (status, body, Retry-After) into its JSON payload, or into a typed {@link ApiException}. */
public class ApiResponses {
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };
    /** The code of a storage 403: the presigned URL expired or its signature does not match; ask for a new URL. */
    public static final String STORAGE_URL_REFUSED = "STORAGE_URL_REFUSED";
    private final ObjectMapper mapper = new ObjectMapper();

    /** Returns the parsed JSON object of a 2xx response; throws ApiException for every error answer. */
    public Map<String, Object> check(@Header(Exchange.HTTP_RESPONSE_CODE) int status, @Body String body,
                                     @Header("Retry-After") String retryAfter) {
        Map<String, Object> json = parse(body);
        if (status >= 200 && status < 300 && json != null) {
            return json;
        }
        Long retryAfterSeconds = parseSeconds(retryAfter);
        if (json != null && json.get("error") instanceof Map<?, ?> error) {
            String code = String.valueOf(error.get("code"));
            String message = String.valueOf(error.get("message"));
            boolean retryable = Boolean.TRUE.equals(error.get("retryable"));
            @SuppressWarnings("unchecked")
            Map<String, Object> details = error.get("details") instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of();
            if (retryAfterSeconds == null && details.get("retry_after_seconds") instanceof Number n) {
                retryAfterSeconds = n.longValue();
            }
            return fail(status, code, message, retryable, details, retryAfterSeconds);
        }
        // no envelope: a proxy or an outage answered; 5xx and 429 may pass, anything else will not
        boolean retryable = status >= 500 || status == 429;
        String code = status == 429 ? "RATE_LIMITED" : status >= 500 ? "INTERNAL_ERROR" : "UNEXPECTED_RESPONSE";
        return fail(status, code, "HTTP " + status + " without the API's error envelope", retryable, Map.of(),
                retryAfterSeconds);
    }

    /** The error of a failed extraction's status response, as an ApiException (not thrown). */
    public ApiException extractionFailure(Map<String, Object> status) {
        Object error = status.get("error");
        if (error instanceof Map<?, ?> e) {
            @SuppressWarnings("unchecked")
            Map<String, Object> details = e.get("details") instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of();
            return new ApiException(200, String.valueOf(e.get("code")), String.valueOf(e.get("message")),
                    Boolean.TRUE.equals(e.get("retryable")), details, null);
        }
        return new ApiException(200, "INTERNAL_ERROR", "the extraction failed without an error object", false,
                Map.of(), null);
    }

    /** The error code for a cancelled extraction: unanswered or rejected questions are prompt problems. */
    public String cancellationCode(Map<String, Object> status) {
        Object reason = status.get("cancellation_reason");
        if ("unanswered".equals(reason)) {
            return "QUESTIONS_UNANSWERED";
        }
        if ("answers_rejected".equals(reason)) {
            return "ANSWERS_REJECTED";
        }
        return "EXTRACTION_CANCELLED";
    }

    /** The download URL for a format from a completed status response ({@code output.<format>_url}), or null. */
    public String outputUrl(Map<String, Object> status, String format) {
        if (status.get("output") instanceof Map<?, ?> output) {
            Object url = output.get(format.trim() + "_url");
            return url == null ? null : url.toString();
        }
        return null;
    }

    /** Parses a stored JSON object (such as the final status response). */
    public Map<String, Object> parseObject(String json) {
        Map<String, Object> map = parse(json);
        if (map == null) {
            throw new IllegalArgumentException("not a JSON object: " + (json == null ? "null" : json.length() + " chars"));
        }
        return map;
    }

    /** The quoted ETag of a successful part PUT; storage refusals become ApiExceptions (403: expired or bad URL). */
    public String storageETag(@Header(Exchange.HTTP_RESPONSE_CODE) int status, @Header("ETag") String eTag,
                              @Body String body) {
        if (status == 200 && eTag != null && !eTag.isBlank()) {
            return eTag;
        }
        throw storageFailure(status, "part upload", body);
    }

    /** The bytes of a successful download; refusals become ApiExceptions (403: the URL expired). */
    public byte[] storageDownload(@Header(Exchange.HTTP_RESPONSE_CODE) int status, @Body byte[] body) {
        if (status == 200) {
            return body == null ? new byte[0] : body;
        }
        throw storageFailure(status, "download", body == null ? "" : new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }

    static ApiException storageFailure(int status, String what, String body) {
        String snippet = body == null ? "" : body.strip();
        if (snippet.length() > 200) {
            snippet = snippet.substring(0, 200);
        }
        if (status == 403) {
            return new ApiException(status, STORAGE_URL_REFUSED, "storage refused the " + what
                    + " URL (expired or invalid signature): " + snippet, false, Map.of(), null);
        }
        return new ApiException(status, status >= 500 ? "INTERNAL_ERROR" : "STORAGE_ERROR", "storage answered HTTP "
                + status + " to the " + what + ": " + snippet, status >= 500 || status == 429, Map.of(), null);
    }

    private static Map<String, Object> fail(int status, String code, String message, boolean retryable,
                                            Map<String, Object> details, Long retryAfter) {
        throw new ApiException(status, code, message, retryable, details, retryAfter);
    }

    private Map<String, Object> parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return mapper.readValue(body, MAP);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static Long parseSeconds(String retryAfter) {
        if (retryAfter == null || retryAfter.isBlank()) {
            return null;
        }
        try {
            return Math.max(0, Long.parseLong(retryAfter.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
