package io.invoiceroutes.pipeline;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A loopback ERP webhook that checks each POST the way the README tells a receiver to: the HMAC of
 * {@code "<t>.<delivery id>.<body>"} (constant-time compare), {@code t} within a tolerance of its own clock, and every
 * delivery id processed once (a repeat is answered 200 and not processed again). It can be made to answer 500 to its
 * first valid attempts, to be down (503), or to refuse documents (422); it records every request.
 */
final class WebhookReceiver implements AutoCloseable {
    /** What the receiver made of one request. */
    enum Verdict { PROCESSED, DUPLICATE, BAD_SIGNATURE, STALE, FAILED_ON_PURPOSE, DOWN, REFUSED }

    record Received(int status, Verdict verdict, String deliveryId, Map<String, List<String>> headers, byte[] body) {
        boolean signatureValid() {
            return verdict != Verdict.BAD_SIGNATURE;
        }
    }

    static final Duration TOLERANCE = Duration.ofMinutes(5);
    final List<Received> received = new CopyOnWriteArrayList<>();
    private final String secret;
    private final AtomicInteger failuresLeft;
    private final Set<String> processedIds = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Supplier<Instant>> clock = new AtomicReference<>(Instant::now);
    private volatile boolean down;
    private volatile boolean refusing;
    private final HttpServer server;

    WebhookReceiver(String secret, int failures) throws IOException {
        this.secret = secret;
        this.failuresLeft = new AtomicInteger(failures);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/erp/invoices", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Headers headers = exchange.getRequestHeaders();
            Verdict verdict = down ? Verdict.DOWN : verify(headers, body);
            if (verdict == Verdict.PROCESSED && failuresLeft.getAndDecrement() > 0) {
                verdict = Verdict.FAILED_ON_PURPOSE;
            } else if (verdict == Verdict.PROCESSED && refusing) {
                verdict = Verdict.REFUSED;
            }
            if (verdict == Verdict.PROCESSED) {
                processedIds.add(headers.getFirst("X-Invoice-Delivery-Id"));
            }
            int status = switch (verdict) {
                case PROCESSED, DUPLICATE -> 200;
                case BAD_SIGNATURE, STALE -> 401;
                case FAILED_ON_PURPOSE -> 500;
                case DOWN -> 503;
                case REFUSED -> 422;
            };
            received.add(new Received(status, verdict, headers.getFirst("X-Invoice-Delivery-Id"), Map.copyOf(headers), body));
            byte[] answer = verdict == Verdict.REFUSED ? "{\"error\":\"Total Amount missing\"}".getBytes(StandardCharsets.UTF_8)
                    : new byte[0];
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        server.start();
    }

    /** The README's check: signature, then timestamp, then "seen this delivery id before?". */
    Verdict verify(Headers headers, byte[] body) {
        String signature = headers.getFirst("X-Invoice-Signature");
        String deliveryId = headers.getFirst("X-Invoice-Delivery-Id");
        if (signature == null || deliveryId == null) {
            return Verdict.BAD_SIGNATURE;
        }
        String t = null;
        String v1 = null;
        for (String part : signature.split(",")) {
            if (part.startsWith("t=")) {
                t = part.substring(2);
            } else if (part.startsWith("v1=")) {
                v1 = part.substring(3);
            }
        }
        if (t == null || v1 == null || !t.matches("\\d{1,12}")) {
            return Verdict.BAD_SIGNATURE;
        }
        byte[] expected = hmac(secret, (t + "." + deliveryId + ".").getBytes(StandardCharsets.UTF_8), body)
                .getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, v1.getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.BAD_SIGNATURE;
        }
        long age = clock.get().get().getEpochSecond() - Long.parseLong(t);
        if (Math.abs(age) > TOLERANCE.toSeconds()) {
            return Verdict.STALE;
        }
        return processedIds.contains(deliveryId) ? Verdict.DUPLICATE : Verdict.PROCESSED;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/erp/invoices";
    }

    /** Down: every request is answered 503 (the ERP is unavailable). */
    void down(boolean down) {
        this.down = down;
    }

    /** Refusing: every valid new document is answered 422 (the ERP refuses its content). */
    void refusing(boolean refusing) {
        this.refusing = refusing;
    }

    /** The receiver's clock, moved on: a request signed earlier is now that much older. */
    void clockAhead(Duration by) {
        clock.set(() -> Instant.now().plus(by));
    }

    List<Received> accepted() {
        return received.stream().filter(r -> r.status() / 100 == 2).toList();
    }

    List<Received> processed() {
        return received.stream().filter(r -> r.verdict() == Verdict.PROCESSED).toList();
    }

    static String hmac(String secret, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(prefix);
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
