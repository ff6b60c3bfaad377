package io.invoiceroutes.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/** One /v1 request being handled: method, path (relative to /v1), query, JSON body, account and path ids. */
final class Call {
    final HttpExchange exchange;
    final String method;
    final String path;
    final Map<String, List<String>> query;
    JsonNode body;
    /** The raw bytes of a POST body (read once), or null. */
    byte[] rawBody;
    Account account;
    String operationId;
    Matcher params;
    final long startMillis = System.currentTimeMillis();

    Call(HttpExchange exchange, String method, String path, String rawQuery) {
        this.exchange = exchange;
        this.method = method;
        this.path = path;
        this.query = io.invoiceroutes.contract.ContractValidator.parseQuery(rawQuery == null ? "" : "?" + rawQuery);
    }

    String param(int group) {
        return params.group(group);
    }

    String queryValue(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** An integer query parameter within bounds, else INVALID_INPUT naming it. */
    int intQuery(String name, int min, int max, int dflt) {
        String v = queryValue(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw Errors.invalid(name + " must be an integer from " + min + " to " + max + ".", List.of(name));
    }
}
