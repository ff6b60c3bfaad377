package io.invoiceroutes.sandbox;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Low-level helpers for answering a JDK HttpExchange and describing its request. */
final class Http {
    private Http() {
    }

    static void send(HttpExchange ex, int status, String contentType, byte[] body, Map<String, String> headers) throws IOException {
        try (ex) {
            if (contentType != null) {
                ex.getResponseHeaders().set("Content-Type", contentType);
            }
            headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            drain(ex.getRequestBody());
            boolean empty = body == null || body.length == 0 || ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(status, empty ? -1 : body.length);
            if (!empty) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(body);
                }
            }
        }
    }

    static void sendText(HttpExchange ex, int status, String contentType, String body) throws IOException {
        send(ex, status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static void drain(InputStream in) {
        try (in) {
            byte[] buf = new byte[8192];
            long total = 0;
            int n;
            while (total < 64L * 1024 * 1024 && (n = in.read(buf)) > 0) {
                total += n;
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }

    /** The request headers with names lower-cased and the Authorization value masked. */
    static Map<String, List<String>> maskedHeaders(HttpExchange ex) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> {
            String name = k.toLowerCase(Locale.ROOT);
            m.put(name, name.equals("authorization") ? List.of("<present, masked>") : List.copyOf(v));
        });
        return m;
    }

    static String header(HttpExchange ex, String name) {
        return ex.getRequestHeaders().getFirst(name);
    }
}
