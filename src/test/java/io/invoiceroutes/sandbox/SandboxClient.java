package io.invoiceroutes.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.invoiceroutes.contract.ContractIssue;
import io.invoiceroutes.contract.ContractValidator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON-over-HTTP client for the sandbox tests (loopback only) that holds both sides to the contract: a request
 * that breaks it fails the test (unless built with {@link #allowingInvalidRequests()} for tests that send bad
 * input on purpose), and so does any response of a contract operation that breaks it.
 */
final class SandboxClient {
    static final ObjectMapper M = new ObjectMapper();
    private static final ContractValidator CONTRACT = ContractValidator.fromClasspath();
    private final boolean allowInvalid;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    final String base;
    final String key;

    record Res(int status, JsonNode body, HttpResponse<byte[]> raw) {
    }

    SandboxClient(String base, String key) {
        this(base, key, false);
    }

    private SandboxClient(String base, String key, boolean allowInvalid) {
        this.base = base;
        this.key = key;
        this.allowInvalid = allowInvalid;
    }

    /** The same client for a test that sends requests the contract refuses; responses are still checked. */
    SandboxClient allowingInvalidRequests() {
        return new SandboxClient(base, key, true);
    }

    Res call(String method, String path, Object body) throws IOException, InterruptedException {
        URI uri = URI.create(base + path);
        JsonNode requestJson = body == null ? null : M.valueToTree(body);
        boolean known = CONTRACT.operationId(method, uri.getPath()).isPresent();
        if (known && !allowInvalid) {
            List<ContractIssue> issues = CONTRACT.checkRequest(method, uri.getPath(), query(uri), requestJson);
            if (!issues.isEmpty()) {
                throw new AssertionError("the test's own request breaks the contract: " + method + " " + path + " " + issues);
            }
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key);
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofByteArray(M.writeValueAsBytes(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode json = r.body().length == 0 ? null : M.readTree(r.body());
        if (known) {
            List<ContractIssue> issues = CONTRACT.checkResponse(method, uri.getPath(), r.statusCode(), json);
            if (!issues.isEmpty()) {
                throw new AssertionError("the sandbox's response breaks the contract: " + method + " " + path + " -> "
                        + r.statusCode() + " " + issues + "\n" + json);
            }
        }
        return new Res(r.statusCode(), json, r);
    }

    private static Map<String, List<String>> query(URI uri) {
        return ContractValidator.parseQuery(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    Res get(String path) throws IOException, InterruptedException {
        return call("GET", path, null);
    }

    Res post(String path, Object body) throws IOException, InterruptedException {
        return call("POST", path, body);
    }

    HttpResponse<byte[]> raw(HttpRequest req) throws IOException, InterruptedException {
        return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> put(String url, byte[] bytes) throws IOException, InterruptedException {
        return raw(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    /** Uploads the files as one session, completing each; returns the file ids. */
    List<String> upload(String sessionId, List<Path> files) throws IOException, InterruptedException {
        List<Object> reg = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            ids.add("file_" + i);
            reg.add(Map.of("file_id", "file_" + i, "file_name", files.get(i).getFileName().toString(), "file_size_bytes", Files.size(files.get(i))));
        }
        Res s = post("/uploads/sessions", Map.of("upload_session_id", sessionId, "files", reg));
        if (s.status != 200) {
            throw new IllegalStateException(s.body.toString());
        }
        for (int i = 0; i < files.size(); i++) {
            byte[] bytes = Files.readAllBytes(files.get(i));
            int partSize = s.body.path("files").get(i).path("part_size").asInt();
            int parts = Math.max(1, (bytes.length + partSize - 1) / partSize);
            List<Integer> nums = new ArrayList<>();
            for (int p = 1; p <= parts; p++) {
                nums.add(p);
            }
            Res urls = post("/uploads/sessions/" + sessionId + "/parts", Map.of("file_id", ids.get(i), "part_numbers", nums));
            List<Object> done = new ArrayList<>();
            for (JsonNode u : urls.body.path("part_urls")) {
                int p = u.path("part_number").asInt();
                int from = (p - 1) * partSize;
                byte[] chunk = java.util.Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + partSize));
                HttpResponse<byte[]> put = put(u.path("url").asText(), chunk);
                if (put.statusCode() != 200) {
                    throw new IllegalStateException("PUT " + put.statusCode() + " " + new String(put.body()));
                }
                done.add(Map.of("part_number", p, "e_tag", put.headers().firstValue("ETag").orElseThrow()));
            }
            Res c = post("/uploads/sessions/" + sessionId + "/complete", Map.of("file_id", ids.get(i), "parts", done));
            if (c.status != 200) {
                throw new IllegalStateException(c.body.toString());
            }
        }
        return ids;
    }
}
