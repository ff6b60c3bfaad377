package io.invoiceroutes.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.invoiceroutes.contract.ContractIssue;
import io.invoiceroutes.contract.ContractValidator;

import java.util.List;
import java.util.Map;

/**
 * Holds every /v1 request and response of the sandbox to the vendor contract with {@link ContractValidator}:
 * a request that breaks it is refused with INVALID_INPUT and {@code details.issues}; a response that breaks it
 * is recorded as a self-check violation.
 */
final class ContractGate {
    private final ContractValidator validator = ContractValidator.fromClasspath();

    /** Issues with the request, each {message, path}; empty when it is valid. */
    List<Map<String, Object>> requestIssues(Call call) {
        return validator.checkRequest(call.method, call.path, call.query, call.body).stream()
                .map(issue -> Json.map("message", message(issue), "path", issue.path()))
                .toList();
    }

    /** Issues with a response the sandbox is about to send; empty when it conforms. */
    List<String> responseIssues(String method, String path, int status, JsonNode body) {
        return validator.checkResponse(method, path, status, body).stream().map(ContractGate::message).toList();
    }

    private static String message(ContractIssue issue) {
        return issue.message() + " (see the request schema in the API reference)";
    }
}
