package io.invoiceroutes.pipeline;

import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback ERP webhook: checks the HMAC of each POST, answers 500 to the first {@code failures} attempts, records all. */
final class WebhookReceiver implements AutoCloseable {
    record Received(int status, boolean signatureValid, Map<String, List<String>> headers, byte[] body) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final HttpServer server;

    WebhookReceiver(String secret, int failures) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/erp/invoices", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String signature = exchange.getRequestHeaders().getFirst("X-Invoice-Signature");
            boolean valid = ("sha256=" + hmac(secret, body)).equals(signature);
            int status = !valid ? 401 : attempts.incrementAndGet() <= failures ? 500 : 204;
            received.add(new Received(status, valid, Map.copyOf(exchange.getRequestHeaders()), body));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/erp/invoices";
    }

    List<Received> accepted() {
        return received.stream().filter(r -> r.status() / 100 == 2).toList();
    }

    static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
