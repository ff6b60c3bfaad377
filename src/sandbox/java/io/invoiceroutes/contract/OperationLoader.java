package io.invoiceroutes.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads the operations of an OpenAPI 3.1 document, following OpenAPI-level {@code $ref}s to components. */
final class OperationLoader {
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final String JSON = "application/json";

    private final JsonNode document;
    private final SchemaCompiler compiler;

    OperationLoader(JsonNode document, SchemaCompiler compiler) {
        this.document = document;
        this.compiler = compiler;
    }

    /** Every operation, the most literal templates first so that matching can stop at the first hit. */
    List<Operation> load() {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : document.path("paths").properties()) {
            String template = entry.getKey();
            String itemPointer = "/paths/" + escape(template);
            for (String method : METHODS) {
                if (entry.getValue().has(method)) {
                    operations.add(operation(template, method, itemPointer));
                }
            }
        }
        operations.sort(Comparator.comparingInt(Operation::literalSegments).reversed());
        return List.copyOf(operations);
    }

    private Operation operation(String template, String method, String itemPointer) {
        String opPointer = itemPointer + "/" + method;
        JsonNode op = document.at(opPointer);
        Map<String, Parameter> path = new LinkedHashMap<>();
        Map<String, Parameter> query = new LinkedHashMap<>();
        // path-item parameters first; the operation's own override them by name and location
        for (String pointer : List.of(itemPointer + "/parameters", opPointer + "/parameters")) {
            JsonNode list = document.at(pointer);
            for (int i = 0; i < list.size(); i++) {
                String paramPointer = resolve(pointer + "/" + i);
                JsonNode param = document.at(paramPointer);
                String in = param.path("in").asText();
                Parameter parsed = parameter(param.path("name").asText(), param, paramPointer);
                if (in.equals("path")) {
                    path.put(parsed.name(), parsed);
                } else if (in.equals("query")) {
                    query.put(parsed.name(), parsed);
                }
            }
        }
        JsonSchema body = null;
        boolean bodyRequired = false;
        if (op.has("requestBody")) {
            String bodyPointer = resolve(opPointer + "/requestBody");
            bodyRequired = document.at(bodyPointer).path("required").asBoolean(false);
            body = jsonSchema(bodyPointer);
        }
        Map<String, ResponseSpec> responses = new LinkedHashMap<>();
        Iterator<String> codes = op.path("responses").fieldNames();
        while (codes.hasNext()) {
            String code = codes.next();
            String responsePointer = resolve(opPointer + "/responses/" + escape(code));
            responses.put(code.toUpperCase(Locale.ROOT), new ResponseSpec(jsonSchema(responsePointer), headers(responsePointer)));
        }
        return new Operation(method.toUpperCase(Locale.ROOT), template, op.path("operationId").asText(null),
                Map.copyOf(path), Map.copyOf(query), body, bodyRequired, Map.copyOf(responses));
    }

    private Parameter parameter(String name, JsonNode param, String paramPointer) {
        String schemaPointer = schemaPointer(paramPointer + "/schema");
        String type = document.at(schemaPointer).path("type").asText("string");
        return new Parameter(name, param.path("required").asBoolean(false), type, compiler.compile(schemaPointer));
    }

    private Map<String, Parameter> headers(String responsePointer) {
        Map<String, Parameter> headers = new LinkedHashMap<>();
        Iterator<String> names = document.at(responsePointer + "/headers").fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            String headerPointer = resolve(responsePointer + "/headers/" + escape(name));
            headers.put(name.toLowerCase(Locale.ROOT), parameter(name, document.at(headerPointer), headerPointer));
        }
        return Map.copyOf(headers);
    }

    /** The schema of the {@code application/json} content of a request body or response, or null when there is none. */
    private JsonSchema jsonSchema(String ownerPointer) {
        String mediaPointer = ownerPointer + "/content/" + escape(JSON);
        if (document.at(mediaPointer + "/schema").isMissingNode()) {
            return null;
        }
        return compiler.compile(schemaPointer(mediaPointer + "/schema"));
    }

    /** A schema that is only a local {@code $ref} is compiled at its target, so shared components are compiled once. */
    private String schemaPointer(String pointer) {
        JsonNode schema = document.at(pointer);
        if (schema.size() == 1 && schema.path("$ref").asText("").startsWith("#/")) {
            return schemaPointer(schema.get("$ref").asText().substring(1));
        }
        return pointer;
    }

    /** Follows OpenAPI {@code $ref}s (parameters, request bodies, responses, headers) to the object's own pointer. */
    private String resolve(String pointer) {
        String current = pointer;
        for (int hops = 0; hops < 20; hops++) {
            JsonNode node = document.at(current);
            String ref = node.path("$ref").asText("");
            if (!ref.startsWith("#/")) {
                if (node.isMissingNode()) {
                    throw new IllegalStateException("contract reference points nowhere: " + current);
                }
                return current;
            }
            current = ref.substring(1);
        }
        throw new IllegalStateException("contract reference loop at " + pointer);
    }

    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
