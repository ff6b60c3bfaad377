package io.invoiceroutes.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Test-facing admin endpoints under /_sandbox: requests, violations, counts, timeline, rates, credits, reset, hooks. */
final class AdminApi {
    private final SandboxServer server;

    AdminApi(SandboxServer server) {
        this.server = server;
    }

    void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath().substring("/_sandbox".length());
        String method = ex.getRequestMethod();
        Object body;
        int status = 200;
        try {
            JsonNode in = method.equals("POST") ? readJson(ex) : null;
            body = switch (method + " " + path) {
                case "GET /requests" -> server.recorder().requests().stream().map(r -> Json.map("time", r.time().toString(),
                        "method", r.method(), "path", r.path(), "query", r.query(), "headers", r.headers(),
                        "status", r.status(), "operationId", r.operationId())).toList();
                case "GET /violations" -> server.recorder().violations().stream().map(v -> Json.map("time", v.time().toString(),
                        "kind", v.kind(), "message", v.message(), "method", v.method(), "path", v.path())).toList();
                case "GET /counts" -> server.recorder().counts();
                case "GET /timeline" -> timeline(server);
                case "GET /rates" -> rates(server);
                case "GET /held" -> Map.of("held", server.holds().held(), "armed", server.holds().armed());
                case "POST /credits" -> {
                    String key = in.path("key").asText();
                    server.state().setCredits(key, in.path("credits_balance").asLong(in.path("credits").asLong()));
                    yield Map.of("key", key, "credits_balance", server.state().credits(key));
                }
                case "POST /pause-submissions" -> {
                    if (!in.path("seconds").canConvertToLong()) {
                        throw new IllegalArgumentException("send {\"seconds\": N}; 0 resumes submissions");
                    }
                    java.time.Instant end = server.pauseSubmissions(java.time.Duration.ofSeconds(in.path("seconds").asLong()));
                    yield Json.map("paused", in.path("seconds").asLong() > 0, "resumes_at", end.toString());
                }
                case "POST /reset" -> {
                    server.reset();
                    yield Map.of("reset", true);
                }
                case "POST /hold" -> {
                    server.holds().arm(in.path("operation").asText(), in.path("action").asText("hold"), in.path("skip").asInt(0));
                    yield Map.of("armed", server.holds().armed());
                }
                case "POST /release" -> {
                    if (in.hasNonNull("operation")) {
                        server.holds().release(in.path("operation").asText());
                    } else {
                        server.holds().releaseAll();
                    }
                    yield Map.of("released", true);
                }
                default -> {
                    status = 404;
                    yield Map.of("error", "unknown admin endpoint " + method + " /_sandbox" + path);
                }
            };
        } catch (RuntimeException e) {
            status = 400;
            body = Map.of("error", String.valueOf(e.getMessage()));
        }
        Http.send(ex, status, "application/json", Json.bytes(body), Map.of());
    }

    private static Map<String, Object> timeline(SandboxServer s) {
        List<Map<String, Object>> extractions = s.extractionTimeline().stream().map(t -> Json.map(
                "extraction_id", t.extractionId(), "submission_id", t.submissionId(),
                "submitted_at", text(t.submittedAt()), "final_at", text(t.finalAt()), "final_status", t.finalStatus(),
                "first_learned_at", text(t.firstLearnedAt()), "first_output_download_at", text(t.firstOutputDownloadAt()))).toList();
        Map<String, List<String>> accepted = new TreeMap<>();
        s.acceptedRequests().forEach((g, times) -> accepted.put(g, times.stream().map(Instant::toString).toList()));
        return Json.map("extractions", extractions, "accepted_requests", accepted);
    }

    private static Map<String, Object> rates(SandboxServer s) {
        Map<String, List<Instant>> accepted = s.acceptedRequests();
        Map<String, Integer> refused = s.rateLimitedCounts();
        Map<String, Object> groups = new TreeMap<>();
        for (String g : RateLimiter.LIMITS.keySet()) {
            groups.put(g, Json.map("limit_per_minute", s.rateLimiter().limit(g),
                    "accepted", accepted.getOrDefault(g, List.of()).size(), "busiest_minute", s.busiestMinute(g),
                    "rate_limited", refused.getOrDefault(g, 0)));
        }
        return groups;
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }

    private static JsonNode readJson(HttpExchange ex) throws IOException {
        byte[] bytes = ex.getRequestBody().readNBytes(1 << 20);
        return bytes.length == 0 ? Json.obj() : Json.parse(bytes);
    }

    static ObjectNode info(SandboxServer s) {
        return Json.obj().put("base_url", s.baseUrl());
    }
}
