package io.invoiceroutes.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Routes /v1 requests: faults, auth, rate limits, contract validation, the handler, self-check, hold hooks. */
final class ApiRouter {
    /** A /v1 operation handler. */
    interface Handler {
        Reply handle(Call call) throws IOException;
    }

    private record Route(String method, Pattern pattern, String operationId, Handler handler) {
    }

    private static final long MAX_JSON_BODY = 16L * 1024 * 1024;
    private static final Set<String> FINAL = Set.of("completed", "failed", "cancelled");
    private final List<Route> routes = new ArrayList<>();
    private final SandboxServer server;

    ApiRouter(SandboxServer server) {
        this.server = server;
    }

    void add(String method, String regex, String operationId, Handler handler) {
        routes.add(new Route(method, Pattern.compile(regex), operationId, handler));
    }

    void handle(HttpExchange ex) throws IOException {
        String rawPath = ex.getRequestURI().getRawPath();
        Call call = new Call(ex, ex.getRequestMethod(), rawPath.substring(3), ex.getRequestURI().getRawQuery());
        FaultInjector.Fault fault = server.faults().next(true);
        server.roundTrip().take();
        if (fault == FaultInjector.Fault.DROP_CONNECTION) {
            server.record(ex, 0, null);
            ex.close();
            return;
        }
        Reply reply;
        try {
            reply = route(call, fault);
        } catch (ApiError e) {
            reply = error(e);
        } catch (RuntimeException e) {
            reply = error(new ApiError(500, "INTERNAL_ERROR", "The sandbox failed unexpectedly (" + e
                    + "); retry after a short delay.", true, null));
        }
        if (reply.status() == 400 && "INVALID_INPUT".equals(reply.body().path("error").path("code").asText())) {
            server.recorder().violation("invalid-request", reply.body().path("error").path("details").toString(),
                    call.method, rawPath);
        }
        if (call.operationId != null && reply.status() != 401 && reply.status() != 404
                && server.config().selfCheck()) {
            for (String issue : server.contract().responseIssues(call.method, call.path, reply.status(), reply.body())) {
                server.recorder().violation("response-self-check", issue, call.method, rawPath);
            }
        }
        if ("getExtraction".equals(call.operationId) && call.account != null) {
            synchronized (call.account) {
                call.account.lastStatusCall.put(call.param(1), System.currentTimeMillis());
            }
        }
        String action = call.operationId == null ? null
                : server.holds().claim(call.operationId, reply.status(), call.method, rawPath);
        server.record(ex, reply.status(), call.operationId);
        if ("drop-response".equals(action)) {
            server.holds().dropped(call.operationId);
            ex.close();
            return;
        }
        if ("hold".equals(action)) {
            server.holds().awaitRelease(call.operationId);
        }
        if (reply.status() == 200 && FINAL.contains(reply.body().path("status").asText())
                && ("getExtraction".equals(call.operationId) || "answerExtractionQuestions".equals(call.operationId))) {
            server.recorder().timeline().learned(reply.body().path("extraction_id").asText(), Instant.now());
        }
        Http.send(ex, reply.status(), "application/json", Json.bytes(reply.body()), reply.headers());
    }

    private Reply route(Call call, FaultInjector.Fault fault) throws IOException {
        Route match = null;
        boolean pathKnown = false;
        for (Route r : routes) {
            Matcher m = r.pattern.matcher(call.path);
            if (m.matches()) {
                pathKnown = true;
                if (r.method.equals(call.method)) {
                    match = r;
                    call.params = m;
                    break;
                }
            }
        }
        if (match == null) {
            throw ApiError.of(404, "NOT_FOUND", pathKnown
                    ? call.method + " is not supported on " + "/v1" + call.path + "; check the method in the API reference."
                    : "No endpoint at /v1" + call.path + "; check the path against the API reference.");
        }
        call.operationId = match.operationId;
        call.account = server.auth().authenticate(call.exchange);
        String group = RateLimiter.group(call.operationId);
        long now = System.currentTimeMillis();
        call.rawBody = readRaw(call);
        if (group != null) {
            checkRetryAfter(call, group, now);
        }
        if (fault == FaultInjector.Fault.SERVER_ERROR) {
            throw new ApiError(500, "INTERNAL_ERROR", "Injected sandbox fault: an internal error occurred; retry after a short delay.", true, null);
        }
        if (fault == FaultInjector.Fault.RATE_LIMIT_STORM) {
            return tooMany(call, group, now, 1);
        }
        if (group != null) {
            long wait = server.rateLimiter().acquire(call.account.key, group, now);
            if (wait > 0) {
                server.recorder().violation("rate-limit-exceeded", call.method + " /v1" + call.path + " refused: the " + group
                        + " group of this key already had " + server.rateLimiter().limit(group)
                        + " requests in the last 60 s (its limit); Retry-After " + wait + " s", call.method, "/v1" + call.path);
                return tooMany(call, group, now, wait);
            }
            server.recorder().timeline().accepted(group, now);
        }
        call.body = readBody(call);
        List<Map<String, Object>> issues = server.contract().requestIssues(call);
        if (!issues.isEmpty()) {
            throw Errors.invalidIssues(issues);
        }
        if (call.operationId.equals("getExtraction") && call.queryValue("wait") == null) {
            checkPollPacing(call);
        }
        return match.handler.handle(call);
    }

    /** A request repeated before the Retry-After of the 429 it got last time has elapsed. */
    private void checkRetryAfter(Call call, String group, long now) {
        long early = server.retryAfterWatch().early(call.account.key, fingerprint(call), now);
        if (early > 0) {
            server.recorder().violation("retry-after-ignored", call.method + " /v1" + call.path + " (" + group
                    + " group) was repeated " + early + " ms before the Retry-After of the 429 it got had elapsed",
                    call.method, "/v1" + call.path);
        }
    }

    /** A 429 (limiter or injected storm): counted per group, and its Retry-After remembered for this request. */
    private Reply tooMany(Call call, String group, long now, long seconds) {
        if (group != null) {
            server.retryAfterWatch().told(call.account.key, fingerprint(call), now, seconds);
            server.recorder().timeline().rateLimited(group);
        }
        return error(Errors.rateLimited(seconds));
    }

    /** What makes a request the same request: method, path, query and the bytes of its body. */
    private static String fingerprint(Call call) {
        String query = call.exchange.getRequestURI().getRawQuery();
        return call.method + " " + call.path + (query == null ? "" : "?" + query) + " "
                + (call.rawBody == null ? "" : java.util.HexFormat.of().formatHex(sha256(call.rawBody)));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body of a POST, read once (capped); other methods have none. */
    private static byte[] readRaw(Call call) throws IOException {
        if (!call.method.equals("POST")) {
            return null;
        }
        try (InputStream in = call.exchange.getRequestBody()) {
            return in.readNBytes((int) MAX_JSON_BODY);
        }
    }

    private void checkPollPacing(Call call) {
        String id = call.param(1);
        Long last;
        synchronized (call.account) {
            last = call.account.lastStatusCall.get(id);
        }
        if (last != null && call.startMillis - last < 5000) {
            server.recorder().violation("poll-too-fast", "GET /v1/extractions/" + id + " without wait "
                    + (call.startMillis - last) + " ms after the previous status call (contract: at least 5 s)",
                    call.method, "/v1" + call.path);
        }
    }

    private JsonNode readBody(Call call) throws IOException {
        if (!call.method.equals("POST")) {
            return null;
        }
        byte[] bytes = call.rawBody == null ? new byte[0] : call.rawBody;
        if (bytes.length == 0) {
            return call.operationId.equals("cancelExtraction") ? null : failBody("The request body is empty; send a JSON object.");
        }
        try {
            return Json.parse(bytes);
        } catch (IOException e) {
            return failBody("The request body is not valid JSON: " + e.getMessage());
        }
    }

    private static JsonNode failBody(String message) {
        throw Errors.invalid(message, List.of());
    }

    static Reply error(ApiError e) {
        Map<String, String> headers = e.status() == 429
                ? Map.of("Retry-After", String.valueOf(e.details().get("retry_after_seconds")))
                : Map.of();
        return new Reply(e.status(), Errors.envelope(e), headers);
    }
}
