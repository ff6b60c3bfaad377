package io.invoiceroutes.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks HTTP requests and responses against the vendor's OpenAPI 3.1 contract with the networknt
 * JSON-Schema validator; load it once and share it, it is immutable and thread-safe.
 */
public final class ContractValidator {
    private static final String CLASSPATH_CONTRACT = "/contract/openapi.yaml";

    private final List<Operation> operations;
    private final IssueTranslator translator;

    private ContractValidator(JsonNode document) {
        this.operations = new OperationLoader(document, new SchemaCompiler(document)).load();
        this.translator = new IssueTranslator(document);
    }

    /** The contract copy shipped in this jar at {@code /contract/openapi.yaml}. */
    public static ContractValidator fromClasspath() {
        try (InputStream in = ContractValidator.class.getResourceAsStream(CLASSPATH_CONTRACT)) {
            if (in == null) {
                throw new IllegalStateException("contract not on the classpath: " + CLASSPATH_CONTRACT);
            }
            return new ContractValidator(new YAMLMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A contract read from a YAML (or JSON) file. */
    public static ContractValidator fromFile(Path file) {
        try {
            return new ContractValidator(new YAMLMapper().readTree(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The operationId for a method and a path relative to the server base (a leading {@code /v1} is ignored). */
    public Optional<String> operationId(String method, String path) {
        return find(method, path).map(found -> found.operation.operationId);
    }

    /**
     * Problems with a request: unknown operation, path and query parameters, and the JSON body.
     *
     * @param query the query parameters; when null they are read from a {@code ?} part of {@code path}
     * @param body  the parsed JSON body, or null when there is none
     */
    public List<ContractIssue> checkRequest(String method, String path, Map<String, List<String>> query, JsonNode body) {
        Optional<Found> found = find(method, path);
        if (found.isEmpty()) {
            return List.of(noSuchOperation(method, path));
        }
        Operation op = found.get().operation;
        List<ContractIssue> issues = new ArrayList<>();
        found.get().pathValues.forEach((name, value) -> {
            Parameter parameter = op.pathParameters.get(name);
            if (parameter != null) {
                issues.addAll(checkValue(parameter, value));
            }
        });
        Map<String, List<String>> queryValues = query != null ? query : parseQuery(path);
        for (Parameter parameter : op.queryParameters.values()) {
            List<String> values = queryValues.getOrDefault(parameter.name(), List.of());
            if (values.isEmpty()) {
                if (parameter.required()) {
                    issues.add(new ContractIssue(parameter.name() + ": is required", List.of(parameter.name())));
                }
            } else if (values.size() > 1) {
                issues.add(new ContractIssue(parameter.name() + ": must be given once", List.of(parameter.name())));
            } else {
                issues.addAll(checkValue(parameter, values.get(0)));
            }
        }
        boolean hasBody = body != null && !body.isMissingNode() && !body.isNull();
        if (op.requestBody == null) {
            if (hasBody) {
                issues.add(new ContractIssue("body: this operation takes no request body", List.of()));
            }
        } else if (!hasBody) {
            if (op.requestBodyRequired) {
                issues.add(new ContractIssue("body: a JSON request body is required", List.of()));
            }
        } else {
            issues.addAll(checkBody(op.requestBody, body, "body"));
        }
        return issues;
    }

    /** Problems with a response: the status must be declared for the operation and the body must match its JSON schema. */
    public List<ContractIssue> checkResponse(String method, String path, int status, JsonNode body) {
        return checkResponse(method, path, status, null, body);
    }

    /** As {@link #checkResponse(String, String, int, JsonNode)}, also checking declared headers (e.g. {@code Retry-After}) when given. */
    public List<ContractIssue> checkResponse(String method, String path, int status, Map<String, List<String>> headers, JsonNode body) {
        Optional<Found> found = find(method, path);
        if (found.isEmpty()) {
            return List.of(noSuchOperation(method, path));
        }
        Operation op = found.get().operation;
        Optional<ResponseSpec> spec = op.response(status);
        if (spec.isEmpty()) {
            return List.of(new ContractIssue("status " + status + " is not declared for " + op.operationId
                    + " (declared: " + String.join(", ", op.responses.keySet().stream().sorted().toList()) + ")", List.of()));
        }
        List<ContractIssue> issues = new ArrayList<>();
        if (headers != null) {
            Map<String, List<String>> byName = new LinkedHashMap<>();
            headers.forEach((name, values) -> {
                if (name != null) {
                    byName.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values);
                }
            });
            spec.get().headers().forEach((lowerName, header) -> {
                List<String> values = byName.getOrDefault(lowerName, List.of());
                if (values.isEmpty() && header.required()) {
                    issues.add(new ContractIssue("header " + header.name() + ": is required", List.of(header.name())));
                } else if (!values.isEmpty()) {
                    issues.addAll(checkValue(header, values.get(0)));
                }
            });
        }
        JsonSchema schema = spec.get().body();
        boolean hasBody = body != null && !body.isMissingNode();
        if (schema != null && !hasBody) {
            issues.add(new ContractIssue("response body: a JSON body is required for status " + status, List.of()));
        } else if (schema != null) {
            issues.addAll(checkBody(schema, body, "response body"));
        }
        return issues;
    }

    private List<ContractIssue> checkBody(JsonSchema schema, JsonNode body, String label) {
        return translator.translate(schema.validate(body), List.of(), label, body);
    }

    private List<ContractIssue> checkValue(Parameter parameter, String raw) {
        JsonNode value = parameter.coerce(raw);
        return translator.translate(parameter.schema().validate(value), List.of(parameter.name()), parameter.name(), value);
    }

    private record Found(Operation operation, Map<String, String> pathValues) {
    }

    private Optional<Found> find(String method, String path) {
        String normalised = normalise(path);
        for (Operation op : operations) {
            Optional<Map<String, String>> values = op.match(method, normalised);
            if (values.isPresent()) {
                return Optional.of(new Found(op, values.get()));
            }
        }
        return Optional.empty();
    }

    private static ContractIssue noSuchOperation(String method, String path) {
        return new ContractIssue("no such operation: " + method + " " + normalise(path), List.of());
    }

    /** Drops a query string or fragment, a leading {@code /v1} and a trailing slash. */
    static String normalise(String path) {
        String p = path == null ? "" : path;
        int cut = indexOfAny(p, '?', '#');
        if (cut >= 0) {
            p = p.substring(0, cut);
        }
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        if (p.equals("/v1") || p.startsWith("/v1/")) {
            p = p.substring(3);
        }
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? "/" : p;
    }

    /** Query parameters from the {@code ?} part of a path, decoded (also used by the sandbox). */
    public static Map<String, List<String>> parseQuery(String path) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        int start = path == null ? -1 : path.indexOf('?');
        if (start < 0) {
            return query;
        }
        String raw = path.substring(start + 1);
        int hash = raw.indexOf('#');
        if (hash >= 0) {
            raw = raw.substring(0, hash);
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : (j < 0 ? i : Math.min(i, j));
    }
}
