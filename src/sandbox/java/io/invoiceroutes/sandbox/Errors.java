package io.invoiceroutes.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/** Factory of the contract's error envelopes and the common errors. */
final class Errors {
    private Errors() {
    }

    static ObjectNode envelope(String code, String message, boolean retryable, Map<String, Object> details) {
        ObjectNode e = Json.obj();
        e.put("code", code);
        e.put("message", message);
        e.put("retryable", retryable);
        e.set("details", details == null ? Json.MAPPER.nullNode() : Json.tree(details));
        ObjectNode root = Json.obj();
        root.put("success", false);
        root.set("error", e);
        return root;
    }

    static ObjectNode envelope(ApiError e) {
        return envelope(e.code(), e.getMessage(), e.retryable(), e.details());
    }

    static ApiError invalid(String message, List<Object> path) {
        return invalidIssues(List.of(Json.map("message", message, "path", path)));
    }

    static ApiError invalidIssues(List<Map<String, Object>> issues) {
        return ApiError.of(400, "INVALID_INPUT", "Request validation failed. Check details.issues for each problem and fix the request.",
                Json.map("issues", issues));
    }

    static ApiError notFound(String id) {
        return ApiError.of(404, "EXTRACTION_NOT_FOUND", "No extraction with id " + id
                + " exists for this API key; check the extraction_id returned by POST /v1/extractions.");
    }

    static ApiError rateLimited(long seconds) {
        return new ApiError(429, "RATE_LIMITED", "Too many requests for this endpoint group; wait "
                + seconds + " seconds (the Retry-After header), then retry.", true,
                Json.map("retry_after_seconds", seconds));
    }
}
