package io.invoiceroutes.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates HTTP requests and responses against the vendor's OpenAPI 3.1 document with the networknt JSON
 * Schema validator (draft 2020-12, formats asserted): operation lookup by method and path template, path and
 * query parameters, request bodies, and response status plus body. Thread-safe; load once and reuse.
 */
public final class ContractValidator {
    private static final String BASE = "https://contract.invoiceroutes.local/openapi.json";
    private static final List<String> METHODS = List.of("get", "post", "put", "delete", "patch");
    private final JsonNode document;
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config;
    private final List<Operation> operations = new ArrayList<>();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private record Operation(String method, String template, Pattern pattern, List<String> names, String id,
                             String pointer) {
    }

    private ContractValidator(JsonNode document) {
        this.document = document;
        String json = document.toString();
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaLoaders(loaders -> loaders.schemas(Map.of(BASE, json))));
        this.config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_POINTER)
                .build();
        document.path("paths").fields().forEachRemaining(path -> METHODS.forEach(method -> {
            JsonNode op = path.getValue().get(method);
            if (op != null) {
                List<String> names = new ArrayList<>();
                Matcher m = Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
                StringBuilder regex = new StringBuilder();
                int last = 0;
                while (m.find()) {
                    regex.append(Pattern.quote(path.getKey().substring(last, m.start()))).append("([^/]+)");
                    names.add(m.group(1));
                    last = m.end();
                }
                regex.append(Pattern.quote(path.getKey().substring(last)));
                operations.add(new Operation(method.toUpperCase(Locale.ROOT), path.getKey(),
                        Pattern.compile(regex.toString()), names, op.path("operationId").asText(),
                        "/paths/" + escape(path.getKey()) + "/" + method));
            }
        }));
        // literal paths win over templates (e.g. /uploads/import vs a parameter)
        operations.sort((a, b) -> Integer.compare(a.names().size(), b.names().size()));
    }

    /** The contract copy shipped in the jar ({@code /contract/openapi.yaml}, byte-identical to the vendor's). */
    public static ContractValidator fromClasspath() {
        try (InputStream in = ContractValidator.class.getResourceAsStream("/contract/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("contract/openapi.yaml is missing from the classpath");
            }
            return new ContractValidator(new ObjectMapper(new YAMLFactory()).readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ContractValidator fromFile(Path file) {
        try {
            return new ContractValidator(new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The operationId for a method and a path relative to the server base (a leading /v1 is ignored). */
    public Optional<String> operationId(String method, String path) {
        return find(method, path).map(Operation::id);
    }

    /** Everything wrong with a request: unknown operation, path and query parameters, and the JSON body. */
    public List<ContractIssue> checkRequest(String method, String path, Map<String, List<String>> query, JsonNode body) {
        Optional<Operation> found = find(method, path);
        if (found.isEmpty()) {
            return List.of(new ContractIssue("no operation " + method + " " + path + " in the contract", List.of()));
        }
        Operation op = found.get();
        JsonNode node = document.at(op.pointer());
        List<ContractIssue> issues = new ArrayList<>();
        Matcher m = op.pattern().matcher(strip(path));
        m.matches();
        Map<String, List<String>> q = query == null ? Map.of() : query;
        int index = 0;
        for (JsonNode parameter : parameters(op, node)) {
            String name = parameter.path("name").asText();
            String in = parameter.path("in").asText();
            String pointer = pointerOf(parameter, op, index++);
            if ("path".equals(in)) {
                int group = op.names().indexOf(name) + 1;
                checkValue(pointer, group > 0 ? m.group(group) : null, name, issues);
            } else if ("query".equals(in)) {
                List<String> values = q.get(name);
                if (values == null || values.isEmpty()) {
                    if (parameter.path("required").asBoolean()) {
                        issues.add(new ContractIssue("query parameter " + name + " is required", List.of(name)));
                    }
                } else {
                    checkValue(pointer, values.get(0), name, issues);
                }
            }
        }
        JsonNode requestBody = resolve(node.path("requestBody"));
        if (!requestBody.isMissingNode()) {
            if (body == null || body.isMissingNode() || body.isNull()) {
                if (requestBody.path("required").asBoolean()) {
                    issues.add(new ContractIssue("a JSON request body is required", List.of()));
                }
            } else {
                issues.addAll(validate(op.pointer() + "/requestBody/content/application~1json/schema", body, List.of()));
            }
        }
        return issues;
    }

    /** Everything wrong with a response: an undeclared status, or a JSON body that breaks its schema. */
    public List<ContractIssue> checkResponse(String method, String path, int status, JsonNode body) {
        Optional<Operation> found = find(method, path);
        if (found.isEmpty()) {
            return List.of(new ContractIssue("no operation " + method + " " + path + " in the contract", List.of()));
        }
        Operation op = found.get();
        JsonNode responses = document.at(op.pointer() + "/responses");
        String key = String.valueOf(status);
        JsonNode response = responses.get(key);
        if (response == null) {
            response = responses.get("default");
            key = "default";
        }
        if (response == null) {
            return List.of(new ContractIssue("status " + status + " is not declared for " + op.id(), List.of()));
        }
        String pointer = op.pointer() + "/responses/" + key;
        if (response.has("$ref")) {
            pointer = response.get("$ref").asText().substring(1);
            response = document.at(pointer);
        }
        if (!response.path("content").has("application/json")) {
            return List.of();
        }
        if (body == null || body.isMissingNode()) {
            return List.of(new ContractIssue("status " + status + " of " + op.id() + " needs a JSON body", List.of()));
        }
        return validate(pointer + "/content/application~1json/schema", body, List.of());
    }

    private void checkValue(String schemaPointer, String raw, String name, List<ContractIssue> issues) {
        if (raw == null) {
            issues.add(new ContractIssue("parameter " + name + " is missing", List.of(name)));
            return;
        }
        JsonNode schema = resolve(document.at(schemaPointer));
        JsonNode value = coerce(raw, schema.path("type").asText(""));
        issues.addAll(validate(schemaPointer, value, List.of(name)));
    }

    private List<ContractIssue> validate(String pointer, JsonNode instance, List<Object> prefix) {
        JsonSchema schema = schemas.computeIfAbsent(pointer,
                p -> factory.getSchema(SchemaLocation.of(BASE + "#" + p), config));
        List<ContractIssue> issues = new ArrayList<>();
        for (ValidationMessage message : schema.validate(instance)) {
            List<Object> at = new ArrayList<>(prefix);
            JsonNodePath location = message.getInstanceLocation();
            for (int i = 0; i < location.getNameCount(); i++) {
                at.add(location.getElement(i));
            }
            if ("additionalProperties".equals(message.getType()) && message.getProperty() != null) {
                at.add(message.getProperty());
            }
            String text = message.getMessage();
            issues.add(new ContractIssue(text.startsWith(": ") ? text.substring(2) : text, at));
        }
        return issues;
    }

    private List<JsonNode> parameters(Operation op, JsonNode node) {
        List<JsonNode> all = new ArrayList<>();
        document.at("/paths/" + escape(op.template())).path("parameters").forEach(p -> all.add(resolve(p)));
        node.path("parameters").forEach(p -> all.add(resolve(p)));
        return all;
    }

    private String pointerOf(JsonNode parameter, Operation op, int index) {
        // the schema of a parameter, found again by name in the (resolved) parameter list
        JsonNode list = document.at(op.pointer() + "/parameters");
        for (int i = 0; i < list.size(); i++) {
            JsonNode p = list.get(i);
            if (p.has("$ref")) {
                String ref = p.get("$ref").asText().substring(1);
                if (document.at(ref).path("name").asText().equals(parameter.path("name").asText())) {
                    return ref + "/schema";
                }
            } else if (p.path("name").asText().equals(parameter.path("name").asText())) {
                return op.pointer() + "/parameters/" + i + "/schema";
            }
        }
        return op.pointer() + "/parameters/" + index + "/schema";
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int i = 0; i < 5 && current.has("$ref"); i++) {
            current = document.at(current.get("$ref").asText().substring(1));
        }
        return current;
    }

    private static JsonNode coerce(String raw, String type) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        try {
            return switch (type) {
                case "integer" -> f.numberNode(Long.parseLong(raw));
                case "number" -> f.numberNode(new java.math.BigDecimal(raw));
                case "boolean" -> "true".equals(raw) || "false".equals(raw) ? f.booleanNode(Boolean.parseBoolean(raw)) : f.textNode(raw);
                default -> f.textNode(raw);
            };
        } catch (NumberFormatException e) {
            return f.textNode(raw);
        }
    }

    private Optional<Operation> find(String method, String path) {
        String p = strip(path);
        for (Operation op : operations) {
            if (op.method().equalsIgnoreCase(method) && op.pattern().matcher(p).matches()) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }

    private static String strip(String path) {
        String p = path == null ? "" : path;
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        return p.startsWith("/v1/") ? p.substring(3) : p;
    }

    private static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }

    /** The names of the operations, for tests that iterate the contract. */
    public List<String> operationIds() {
        List<String> ids = new ArrayList<>();
        for (Iterator<Operation> it = operations.iterator(); it.hasNext(); ) {
            ids.add(it.next().id());
        }
        return ids;
    }
}
