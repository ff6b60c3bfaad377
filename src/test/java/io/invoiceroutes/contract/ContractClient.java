package io.invoiceroutes.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Test HTTP client for the vendor API (or its sandbox) that checks every request and response against
 * the contract and fails the test with an {@link AssertionError} listing the issues when either breaks it.
 */
public final class ContractClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile ContractValidator shared;

    /** A response as received: status, headers, the body parsed as JSON (null when empty or not JSON) and the raw text. */
    public record Response(int status, Map<String, List<String>> headers, JsonNode body, String raw) {
        /** The first value of a header, matched without regard to case, or null. */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }
    }

    private final String baseUrl;
    private final String apiKey;
    private final ContractValidator validator;
    private final boolean checkRequests;
    private final HttpClient http;

    /** A client for a base URL such as {@code http://127.0.0.1:8080/v1}; a null key sends no Authorization header. */
    public ContractClient(String baseUrl, String apiKey) {
        this(baseUrl, apiKey, sharedValidator());
    }

    public ContractClient(String baseUrl, String apiKey, ContractValidator validator) {
        this(baseUrl, apiKey, validator, true, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    }

    private ContractClient(String baseUrl, String apiKey, ContractValidator validator, boolean checkRequests, HttpClient http) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey;
        this.validator = validator;
        this.checkRequests = checkRequests;
        this.http = http;
    }

    /** The same client, but requests that break the contract are sent anyway (responses are still checked). */
    public ContractClient allowingInvalidRequests() {
        return new ContractClient(baseUrl, apiKey, validator, false, http);
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response post(String path, JsonNode body) {
        return send("POST", path, body == null ? null : body.toString());
    }

    public Response post(String path, String body) {
        return send("POST", path, body);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    /** Sends a request to {@code baseUrl + path} (path may carry a query string) and checks both directions. */
    public Response send(String method, String path, String body) {
        if (checkRequests) {
            List<ContractIssue> issues = new ArrayList<>();
            JsonNode json = null;
            if (body != null) {
                try {
                    json = JSON.readTree(body);
                } catch (JsonProcessingException e) {
                    issues.add(new ContractIssue("body: not JSON: " + e.getOriginalMessage(), List.of()));
                }
            }
            issues.addAll(validator.checkRequest(method, path, null, json));
            failOn("request " + method + " " + path, issues, body);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + (path.startsWith("/") ? path : "/" + path)))
                .timeout(Duration.ofSeconds(60)) // longer than the longest held wait (45 s)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
        String raw = response.body();
        JsonNode json = null;
        List<ContractIssue> issues = new ArrayList<>();
        if (raw != null && !raw.isBlank()) {
            try {
                json = JSON.readTree(raw);
            } catch (JsonProcessingException e) {
                issues.add(new ContractIssue("response body: not JSON: " + e.getOriginalMessage(), List.of()));
            }
        }
        Map<String, List<String>> headers = response.headers().map();
        if (issues.isEmpty()) {
            issues.addAll(validator.checkResponse(method, path, response.statusCode(), headers, json));
        }
        failOn("response " + response.statusCode() + " to " + method + " " + path, issues, raw);
        return new Response(response.statusCode(), headers, json, raw);
    }

    private static void failOn(String what, List<ContractIssue> issues, String payload) {
        if (!issues.isEmpty()) {
            throw new AssertionError(what + " breaks the contract:\n"
                    + issues.stream().map(i -> "  - " + i.message()).collect(Collectors.joining("\n"))
                    + (payload == null ? "" : "\n  payload: " + abbreviate(payload)));
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "...";
    }

    private static ContractValidator sharedValidator() {
        ContractValidator v = shared;
        if (v == null) {
            synchronized (ContractClient.class) {
                if (shared == null) {
                    shared = ContractValidator.fromClasspath();
                }
                v = shared;
            }
        }
        return v;
    }
}
