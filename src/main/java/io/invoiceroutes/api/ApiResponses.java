package io.invoiceroutes.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns an API response (status, body, Retry-After) into its JSON payload, or into the typed exception
 * {@link ApiFailures} chooses. Bodies are read with a size cap, so a broken or hostile answer cannot exhaust memory.
 */
public class ApiResponses {
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };
    /** The code of a storage 403: the presigned URL expired or its signature does not match; ask for a new URL. */
    public static final String STORAGE_URL_REFUSED = "STORAGE_URL_REFUSED";
    /** The default cap on an API answer's body, in bytes (after any content decoding). */
    public static final long DEFAULT_MAX_ANSWER_BYTES = 16L * 1024 * 1024;
    private final ObjectMapper mapper = new ObjectMapper();
    private final long maxAnswerBytes;

    public ApiResponses() {
        this(DEFAULT_MAX_ANSWER_BYTES);
    }

    /** {@code maxAnswerBytes}: an answer longer than this is refused as a transient failure, never read whole. */
    public ApiResponses(long maxAnswerBytes) {
        this.maxAnswerBytes = maxAnswerBytes;
    }

    /** Reads an answer's body (at most the cap) and checks it; see {@link #check(int, String, String)}. */
    public Map<String, Object> read(@Header(Exchange.HTTP_RESPONSE_CODE) int status, @Body InputStream body,
                                    @Header("Retry-After") String retryAfter) throws IOException {
        return check(status, bounded(body, maxAnswerBytes, "API answer"), retryAfter);
    }

    /** Returns the parsed JSON object of a 2xx response; throws the typed ApiException for every error answer. */
    public Map<String, Object> check(int status, String body, String retryAfter) {
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
            throw ApiFailures.of(status, code, message, retryable, details, retryAfterSeconds);
        }
        // no envelope: a proxy or an outage answered; 5xx and 429 may pass, anything else will not
        String code = status == 429 ? "RATE_LIMITED" : status >= 500 ? "INTERNAL_ERROR" : "UNEXPECTED_RESPONSE";
        throw ApiFailures.of(status, code, "HTTP " + status + " without the API's error envelope",
                status >= 500 || status == 429 || (status >= 200 && status < 300), Map.of(), retryAfterSeconds);
    }

    /** Parses a stored JSON object (such as the final status response). */
    public Map<String, Object> parseObject(String json) {
        Map<String, Object> map = parse(json);
        if (map == null) {
            throw new IllegalArgumentException("not a JSON object: " + (json == null ? "null" : json.length() + " chars"));
        }
        return map;
    }

    /** The download URL for a format from a completed status response ({@code output.<format>_url}), or null. */
    public String outputUrl(Map<String, Object> status, String format) {
        if (status.get("output") instanceof Map<?, ?> output) {
            Object url = output.get(format.trim() + "_url");
            return url == null ? null : url.toString();
        }
        return null;
    }

    /** The quoted ETag of a successful part PUT; storage refusals become typed exceptions (403: expired or bad URL). */
    public String storageETag(@Header(Exchange.HTTP_RESPONSE_CODE) int status, @Header("ETag") String eTag,
                              @Body InputStream body) throws IOException {
        String text = bounded(body, 4096, "storage answer");
        if (status == 200 && eTag != null && !eTag.isBlank()) {
            return eTag;
        }
        throw storageFailure(status, "part upload", text);
    }

    /**
     * The body stream of a successful download, to be written to disk by the caller (never held in memory);
     * a refusal reads at most a short snippet of the answer and becomes a typed exception.
     */
    public InputStream storageDownload(@Header(Exchange.HTTP_RESPONSE_CODE) int status, @Body InputStream body)
            throws IOException {
        if (status == 200 && body != null) {
            return body;
        }
        throw storageFailure(status, "download", bounded(body, 4096, "storage answer"));
    }

    static ApiException storageFailure(int status, String what, String body) {
        String snippet = body == null ? "" : body.strip();
        if (snippet.length() > 200) {
            snippet = snippet.substring(0, 200);
        }
        if (status == 403) {
            return ApiFailures.of(status, STORAGE_URL_REFUSED, "storage refused the " + what
                    + " URL (expired or invalid signature): " + snippet, false, Map.of(), null);
        }
        return ApiFailures.of(status, status >= 500 ? "INTERNAL_ERROR" : "STORAGE_ERROR", "storage answered HTTP "
                + status + " to the " + what + ": " + snippet, status >= 500 || status == 429, Map.of(), null);
    }

    /**
     * Reads at most {@code max} bytes of a body as UTF-8 and closes it; a longer body is refused (an answer
     * that size is broken or hostile), so neither a huge nor an endlessly decompressing answer is held in memory.
     */
    static String bounded(InputStream in, long max, String what) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw ApiFailures.of(502, "ANSWER_TOO_LARGE", "the " + what + " is longer than " + max
                        + " bytes; it was not read", true, Map.of(), null);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
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
