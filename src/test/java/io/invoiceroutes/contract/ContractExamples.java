package io.invoiceroutes.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the operations and the examples of the committed contract straight from the document, for data-driven tests. */
final class ContractExamples {
    static final String SAMPLE_UUID = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";

    record Op(String method, String template, String operationId, JsonNode node) {
        /** The template with every path parameter filled with a value its schema accepts. */
        String samplePath() {
            return template.replace("{extraction_id}", SAMPLE_UUID).replaceAll("\\{[^}]+}", "sess_001");
        }
    }

    record Example(Op op, String name, int status, JsonNode value) {
        @Override
        public String toString() {
            return op.operationId + " " + (status == 0 ? "request" : Integer.toString(status)) + " " + name;
        }
    }

    final JsonNode document;

    ContractExamples() {
        try (InputStream in = ContractExamples.class.getResourceAsStream("/contract/openapi.yaml")) {
            document = new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Op> operations() {
        List<Op> ops = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(m -> {
            if (m.getValue().has("operationId")) {
                ops.add(new Op(m.getKey().toUpperCase(), path.getKey(), m.getValue().get("operationId").asText(), m.getValue()));
            }
        }));
        return ops;
    }

    /** Every request-body example (status 0) of every operation. */
    List<Example> requestExamples() {
        List<Example> out = new ArrayList<>();
        for (Op op : operations()) {
            JsonNode media = deref(op.node.path("requestBody")).path("content").path("application/json");
            collect(op, 0, media, out);
        }
        return out;
    }

    /** Every response example of every operation, including those of shared responses and components/examples. */
    List<Example> responseExamples() {
        List<Example> out = new ArrayList<>();
        for (Op op : operations()) {
            for (Map.Entry<String, JsonNode> response : op.node.path("responses").properties()) {
                JsonNode media = deref(response.getValue()).path("content").path("application/json");
                collect(op, Integer.parseInt(response.getKey()), media, out);
            }
        }
        return out;
    }

    private void collect(Op op, int status, JsonNode media, List<Example> out) {
        if (media.has("example")) {
            out.add(new Example(op, "example", status, media.get("example")));
        }
        media.path("examples").properties().forEach(e -> out.add(new Example(op, e.getKey(), status, deref(e.getValue()).get("value"))));
    }

    /** Follows an OpenAPI {@code $ref} such as {@code #/components/examples/StatusCompleted}. */
    JsonNode deref(JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            current = document.at(current.get("$ref").asText().substring(1));
        }
        return current;
    }
}
