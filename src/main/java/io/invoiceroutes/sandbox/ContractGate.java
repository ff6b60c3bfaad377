package io.invoiceroutes.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks /v1 requests (and, once the contract branch's ContractValidator is merged, responses) against the
 * vendor contract; until then it enforces the request bodies' additionalProperties:false on known objects.
 */
final class ContractGate {
    private static final Map<String, Set<String>> TOP = Map.of(
            "createUploadSession", Set.of("upload_session_id", "files"),
            "getUploadPartUrls", Set.of("file_id", "part_numbers"),
            "completeFileUpload", Set.of("file_id", "parts"),
            "submitExtraction", Set.of("submission_id", "upload_session_id", "file_ids", "task_name", "prompt", "output_structure", "options"),
            "answerExtractionQuestions", Set.of("answers"));
    private static final Set<String> FILE = Set.of("file_id", "file_name", "file_size_bytes");
    private static final Set<String> OPTIONS = Set.of("exclude_columns", "output_language", "review_needed_fill_color",
            "affected_field_fill_color", "send_completion_email", "json_typed_values", "ask_questions");

    /** Issues with the request, each {message, path}; empty when it is valid. */
    List<Map<String, Object>> requestIssues(String operationId, JsonNode body) {
        List<Map<String, Object>> issues = new ArrayList<>();
        Set<String> top = TOP.get(operationId);
        if (top == null || body == null) {
            return issues;
        }
        if (!body.isObject()) {
            issues.add(Json.map("message", "The body must be a JSON object.", "path", List.of()));
            return issues;
        }
        unknown(body, top, new ArrayList<>(), issues);
        if (operationId.equals("createUploadSession")) {
            for (int i = 0; i < body.path("files").size(); i++) {
                unknown(body.path("files").get(i), FILE, List.of("files", i), issues);
            }
        }
        if (operationId.equals("submitExtraction") && body.path("options").isObject()) {
            unknown(body.path("options"), OPTIONS, List.of("options"), issues);
        }
        return issues;
    }

    private static void unknown(JsonNode obj, Set<String> allowed, List<Object> at, List<Map<String, Object>> issues) {
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                List<Object> path = new ArrayList<>(at);
                path.add(f);
                issues.add(Json.map("message", "Unknown field " + f + "; remove it (the contract allows only " + allowed + ").", "path", path));
            }
        }
    }

    /** Issues with a response the sandbox is about to send; empty when it conforms. */
    List<String> responseIssues(String method, String path, int status, JsonNode body) {
        return List.of();
    }
}
