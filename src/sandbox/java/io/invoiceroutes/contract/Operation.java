package io.invoiceroutes.contract;

import com.networknt.schema.JsonSchema;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One operation of the contract (method + path template) with everything needed to check calls to it. */
final class Operation {
    private static final Pattern TEMPLATE_PARAM = Pattern.compile("\\{([^}/]+)}");

    final String method;
    final String template;
    final String operationId;
    final Map<String, Parameter> pathParameters;
    final Map<String, Parameter> queryParameters;
    final JsonSchema requestBody;
    final boolean requestBodyRequired;
    final Map<String, ResponseSpec> responses;

    private final Pattern pattern;
    private final List<String> templateNames = new ArrayList<>();
    private final int literalSegments;

    Operation(String method, String template, String operationId, Map<String, Parameter> pathParameters,
              Map<String, Parameter> queryParameters, JsonSchema requestBody, boolean requestBodyRequired,
              Map<String, ResponseSpec> responses) {
        this.method = method;
        this.template = template;
        this.operationId = operationId;
        this.pathParameters = pathParameters;
        this.queryParameters = queryParameters;
        this.requestBody = requestBody;
        this.requestBodyRequired = requestBodyRequired;
        this.responses = responses;
        StringBuilder regex = new StringBuilder();
        Matcher m = TEMPLATE_PARAM.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
            templateNames.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        this.pattern = Pattern.compile(regex.toString());
        this.literalSegments = (int) List.of(template.split("/")).stream()
                .filter(s -> !s.isEmpty() && !s.startsWith("{")).count();
    }

    /** Number of fixed path segments; a more literal template wins when two match. */
    int literalSegments() {
        return literalSegments;
    }

    /** The decoded path parameters when the normalised path fits this template. */
    Optional<Map<String, String>> match(String method, String path) {
        if (!this.method.equalsIgnoreCase(method)) {
            return Optional.empty();
        }
        Matcher m = pattern.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < templateNames.size(); i++) {
            values.put(templateNames.get(i), URLDecoder.decode(m.group(i + 1).replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        return Optional.of(values);
    }

    /** The response declared for this status: exact code first, then a range such as {@code 4XX}, then {@code default}. */
    Optional<ResponseSpec> response(int status) {
        ResponseSpec exact = responses.get(Integer.toString(status));
        if (exact != null) {
            return Optional.of(exact);
        }
        ResponseSpec range = responses.get((status / 100) + "XX");
        return Optional.ofNullable(range != null ? range : responses.get("default"));
    }
}
