package io.invoiceroutes.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** A JSON answer: HTTP status, body and extra headers. */
record Reply(int status, JsonNode body, Map<String, String> headers) {
    static Reply ok(JsonNode body) {
        return new Reply(200, body, Map.of());
    }

    static Reply of(int status, JsonNode body) {
        return new Reply(status, body, Map.of());
    }
}
