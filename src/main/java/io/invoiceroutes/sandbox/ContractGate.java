package io.invoiceroutes.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** Checks /v1 requests and the sandbox's own responses against the vendor contract. */
final class ContractGate {
    /** Issues with the request, each {message, path}; empty when it is valid. */
    List<Map<String, Object>> requestIssues(String method, String path, Map<String, List<String>> query, JsonNode body) {
        return List.of();
    }

    /** Issues with a response the sandbox is about to send; empty when it conforms. */
    List<String> responseIssues(String method, String path, int status, JsonNode body) {
        return List.of();
    }
}
