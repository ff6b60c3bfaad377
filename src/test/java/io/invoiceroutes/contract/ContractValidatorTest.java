package io.invoiceroutes.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The contract check itself: it accepts the contract's own examples and refuses what the contract refuses. */
class ContractValidatorTest {
    private static final String UUID = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
    private final ContractValidator contract = ContractValidator.fromClasspath();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void committed_copy_is_byte_identical_to_the_vendor_contract() throws Exception {
        Path shared = Path.of(System.getProperty("contract.file", "../shared/vendor-api/openapi.yaml"));
        assumeTrue(Files.exists(shared), "vendor contract not beside the repository");
        try (InputStream in = getClass().getResourceAsStream("/contract/openapi.yaml")) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(shared));
        }
    }

    @Test
    void every_operation_is_found_by_method_and_path() {
        assertThat(contract.operationId("POST", "/uploads/sessions")).contains("createUploadSession");
        assertThat(contract.operationId("POST", "/v1/uploads/sessions/sess_1/parts")).contains("getUploadPartUrls");
        assertThat(contract.operationId("POST", "/uploads/sessions/sess_1/complete")).contains("completeFileUpload");
        assertThat(contract.operationId("POST", "/uploads/import")).contains("importAttachedFiles");
        assertThat(contract.operationId("POST", "/extractions")).contains("submitExtraction");
        assertThat(contract.operationId("GET", "/extractions")).contains("listExtractions");
        assertThat(contract.operationId("GET", "/extractions/" + UUID)).contains("getExtraction");
        assertThat(contract.operationId("DELETE", "/extractions/" + UUID)).contains("deleteExtraction");
        assertThat(contract.operationId("GET", "/extractions/" + UUID + "/results")).contains("getExtractionResults");
        assertThat(contract.operationId("GET", "/extractions/" + UUID + "/details")).contains("getExtractionDetails");
        assertThat(contract.operationId("GET", "/extractions/" + UUID + "/output")).contains("getOutputDownloadUrl");
        assertThat(contract.operationId("POST", "/extractions/" + UUID + "/cancel")).contains("cancelExtraction");
        assertThat(contract.operationId("POST", "/extractions/" + UUID + "/answers")).contains("answerExtractionQuestions");
        assertThat(contract.operationId("GET", "/credits/balance")).contains("getCreditsBalance");
        assertThat(contract.operationId("PUT", "/credits/balance")).isEmpty();
        assertThat(contract.operationIds()).hasSize(14);
    }

    @Test
    void the_contracts_own_examples_pass() throws Exception {
        JsonNode doc;
        try (InputStream in = getClass().getResourceAsStream("/contract/openapi.yaml")) {
            doc = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        List<String> checked = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(entry -> {
            String method = entry.getKey().toUpperCase();
            JsonNode op = entry.getValue();
            String concrete = path.getKey().replace("{upload_session_id}", "sess_001").replace("{extraction_id}", UUID);
            JsonNode content = op.path("requestBody").path("content").path("application/json");
            List<JsonNode> requests = examples(doc, content);
            for (JsonNode example : requests) {
                assertThat(contract.checkRequest(method, concrete, Map.of(), example))
                        .as("request example of %s %s", method, path.getKey()).isEmpty();
                checked.add("request " + op.path("operationId").asText());
            }
            op.path("responses").fields().forEachRemaining(response -> {
                JsonNode r = response.getValue().has("$ref")
                        ? doc.at(response.getValue().get("$ref").asText().substring(1)) : response.getValue();
                for (JsonNode example : examples(doc, r.path("content").path("application/json"))) {
                    assertThat(contract.checkResponse(method, concrete, Integer.parseInt(response.getKey()), example))
                            .as("response %s example of %s %s", response.getKey(), method, path.getKey()).isEmpty();
                    checked.add("response " + op.path("operationId").asText() + " " + response.getKey());
                }
            });
        }));
        assertThat(checked).hasSizeGreaterThan(20);
    }

    @Test
    void unknown_fields_bad_ids_and_limits_are_refused_with_a_path() throws Exception {
        ObjectNode session = (ObjectNode) json.readTree(
                "{\"upload_session_id\":\"sess_1\",\"files\":[{\"file_id\":\"f1\",\"file_name\":\"a.pdf\",\"file_size_bytes\":10}]}");
        assertThat(contract.checkRequest("POST", "/uploads/sessions", Map.of(), session)).isEmpty();

        ObjectNode unknown = session.deepCopy().put("extra", 1);
        assertThat(contract.checkRequest("POST", "/uploads/sessions", Map.of(), unknown)).isNotEmpty();

        ObjectNode badId = session.deepCopy();
        ((ObjectNode) badId.withArray("files").get(0)).put("file_id", "bad id/with slash");
        assertThat(contract.checkRequest("POST", "/uploads/sessions", Map.of(), badId))
                .anySatisfy(i -> assertThat(i.path()).containsExactly("files", 0, "file_id"));

        ObjectNode zero = session.deepCopy();
        ((ObjectNode) zero.withArray("files").get(0)).put("file_size_bytes", 0);
        assertThat(contract.checkRequest("POST", "/uploads/sessions", Map.of(), zero))
                .anySatisfy(i -> assertThat(i.path()).containsExactly("files", 0, "file_size_bytes"));

        ObjectNode parts = json.createObjectNode().put("file_id", "f1");
        ArrayNode numbers = parts.putArray("part_numbers");
        for (int i = 1; i <= 1001; i++) {
            numbers.add(i);
        }
        assertThat(contract.checkRequest("POST", "/uploads/sessions/s1/parts", Map.of(), parts)).isNotEmpty();

        assertThat(contract.checkRequest("GET", "/extractions/" + UUID, Map.of("wait", List.of("46")), null)).isNotEmpty();
        assertThat(contract.checkRequest("GET", "/extractions/" + UUID, Map.of("wait", List.of("25")), null)).isEmpty();
        assertThat(contract.checkRequest("GET", "/extractions/not-a-uuid", Map.of(), null)).isNotEmpty();
        assertThat(contract.checkRequest("GET", "/extractions/" + UUID + "/output", Map.of(), null))
                .anySatisfy(i -> assertThat(i.message()).contains("format"));

        JsonNode shortField = json.readTree("{\"submission_id\":\"s\",\"upload_session_id\":\"u\",\"file_ids\":[\"f\"],"
                + "\"task_name\":\"abc\",\"prompt\":{\"fields\":[{\"name\":\"X\"}]},\"output_structure\":\"per_invoice\"}");
        assertThat(contract.checkRequest("POST", "/extractions", Map.of(), shortField)).isNotEmpty();
        assertThat(contract.checkRequest("POST", "/extractions", Map.of(), null)).isNotEmpty();
    }

    @Test
    void broken_responses_and_undeclared_statuses_are_caught() throws Exception {
        JsonNode completedWithoutOutput = json.readTree("{\"success\":true,\"status\":\"completed\",\"extraction_id\":\""
                + UUID + "\",\"credits_deducted\":1,\"credits_balance\":1,\"credits_reserved\":0,"
                + "\"output_structure\":\"per_invoice\",\"output_expires_at\":\"2026-01-01T00:00:00Z\","
                + "\"pages\":{\"successful_count\":1,\"failed_count\":0,\"successful\":[],\"failed\":[],\"failure_reasons\":[]},"
                + "\"ai_uncertainty_notes\":[],\"review_needed\":{\"count\":0,\"items\":[]}}");
        assertThat(contract.checkResponse("GET", "/extractions/" + UUID, 200, completedWithoutOutput)).isNotEmpty();

        JsonNode wrongEnvelope = json.readTree("{\"error\":\"slow down\"}");
        assertThat(contract.checkResponse("POST", "/uploads/sessions", 429, wrongEnvelope)).isNotEmpty();
        JsonNode envelope = json.readTree("{\"success\":false,\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"wait\","
                + "\"retryable\":true,\"details\":{\"retry_after_seconds\":3}}}");
        assertThat(contract.checkResponse("POST", "/uploads/sessions", 429, envelope)).isEmpty();
        assertThat(contract.checkResponse("POST", "/uploads/sessions", 418, envelope))
                .anySatisfy(i -> assertThat(i.message()).contains("418"));
    }

    private static List<JsonNode> examples(JsonNode doc, JsonNode content) {
        List<JsonNode> out = new ArrayList<>();
        if (content.has("example")) {
            out.add(content.get("example"));
        }
        content.path("examples").forEach(e -> {
            JsonNode ex = e.has("$ref") ? doc.at(e.get("$ref").asText().substring(1)) : e;
            out.add(ex.path("value"));
        });
        return out;
    }
}
