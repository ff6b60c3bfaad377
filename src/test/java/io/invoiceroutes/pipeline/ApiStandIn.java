package io.invoiceroutes.pipeline;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * A stand-in for the API on loopback that passes every request on to the sandbox and its answer back, except what
 * a test scripts: the next answers to a method and path (drop the connection, or answer a given status and body),
 * and a rewrite of the sandbox's JSON answers (e.g. to hand out other storage URLs). It records what it was sent.
 */
final class ApiStandIn implements AutoCloseable {
    /** One scripted answer: {@code status} 0 drops the connection without answering (a transport error). */
    record Scripted(int status, String body, Map<String, String> headers, byte[] rawBody) {
        static Scripted drop() {
            return new Scripted(0, null, Map.of(), null);
        }

        static Scripted error(int status, String code, String message, boolean retryable) {
            return new Scripted(status, "{\"success\":false,\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message
                    + "\",\"retryable\":" + retryable + ",\"details\":{}}}", Map.of("Content-Type", "application/json"), null);
        }

        static Scripted raw(int status, Map<String, String> headers, byte[] body) {
            return new Scripted(status, null, headers, body);
        }
    }

    record Seen(String method, String path, Map<String, List<String>> headers) {
    }

    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "transfer-encoding",
            "upgrade", "expect", "keep-alive", "te", "trailer");
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, ConcurrentLinkedQueue<Scripted>> scripts = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicReference<UnaryOperator<String>> rewrite = new AtomicReference<>(UnaryOperator.identity());
    private final String target;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final HttpServer server;

    /** In front of {@code targetBaseUrl} (the sandbox's base URL, ending in /v1). */
    ApiStandIn(String targetBaseUrl) throws IOException {
        this.target = targetBaseUrl.replaceAll("/v1/?$", "");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(16));
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The next answers to {@code method} on a path ending in {@code pathSuffix}, in order; then the sandbox answers. */
    void script(String method, String pathSuffix, Scripted... answers) {
        scripts.computeIfAbsent(method + " " + pathSuffix, k -> new ConcurrentLinkedQueue<>()).addAll(List.of(answers));
    }

    /** Rewrites the text of every JSON answer the sandbox gives from now on. */
    void rewrite(UnaryOperator<String> change) {
        rewrite.set(change);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            seen.add(new Seen(method, path, Map.copyOf(exchange.getRequestHeaders())));
            byte[] body = exchange.getRequestBody().readAllBytes();
            Scripted scripted = next(method, path);
            if (scripted != null) {
                if (scripted.status() == 0) {
                    return;   // closed without an answer: the client sees a transport error
                }
                byte[] out = scripted.rawBody() != null ? scripted.rawBody() : scripted.body().getBytes(StandardCharsets.UTF_8);
                scripted.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                exchange.sendResponseHeaders(scripted.status(), out.length == 0 ? -1 : out.length);
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(out);
                }
                return;
            }
            forward(exchange, method, body);
        }
    }

    private Scripted next(String method, String path) {
        for (Map.Entry<String, ConcurrentLinkedQueue<Scripted>> e : scripts.entrySet()) {
            String[] key = e.getKey().split(" ", 2);
            if (key[0].equals(method) && path.endsWith(key[1])) {
                Scripted s = e.getValue().poll();
                if (s != null) {
                    return s;
                }
            }
        }
        return null;
    }

    private void forward(HttpExchange exchange, String method, byte[] body) throws IOException {
        URI uri = URI.create(target + exchange.getRequestURI().toString());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(90))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase())) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        byte[] out = response.body();
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (type.contains("json")) {
            out = rewrite.get().apply(new String(out, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                values.forEach(v -> exchange.getResponseHeaders().add(name, v));
            }
        });
        exchange.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
