package io.invoiceroutes.sandbox;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** roundTripMillis delays every /v1 and storage answer, and concurrent requests of one account wait side by side. */
class RoundTripTest {
    private static final long ROUND_TRIP = 1500;
    private static final int CONCURRENT = 4;

    @Test
    void everyAnswerWaitsTheRoundTripAndConcurrentRequestsOverlap() throws Exception {
        try (SandboxServer s = new SandboxServer(SandboxConfig.builder().roundTripMillis(ROUND_TRIP).build()).start()) {
            SandboxClient c = new SandboxClient(s.baseUrl(), "k");
            long before = System.nanoTime();
            var session = c.post("/uploads/sessions", Map.of("upload_session_id", "s", "files",
                    List.of(Map.of("file_id", "f", "file_name", "a.pdf", "file_size_bytes", 4))));
            assertThat(session.status()).isEqualTo(200);
            String url = c.post("/uploads/sessions/s/parts", Map.of("file_id", "f", "part_numbers", List.of(1)))
                    .body().path("part_urls").get(0).path("url").asText();
            long putStart = System.nanoTime();
            assertThat(c.put(url, new byte[4]).statusCode()).isEqualTo(200);
            assertThat(millisSince(putStart)).as("a storage PUT waits the round trip").isGreaterThanOrEqualTo(ROUND_TRIP);
            assertThat(millisSince(before)).as("three requests, three round trips").isGreaterThanOrEqualTo(3 * ROUND_TRIP);

            // the requests share one account; a delay taken under its lock would make them queue (4 x 1.5 s)
            ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT);
            try {
                long start = System.nanoTime();
                List<CompletableFuture<Long>> calls = new ArrayList<>();
                for (int i = 0; i < CONCURRENT; i++) {
                    calls.add(CompletableFuture.supplyAsync(() -> {
                        long t = System.nanoTime();
                        try {
                            assertThat(c.get("/credits/balance").status()).isEqualTo(200);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        return millisSince(t);
                    }, pool));
                }
                for (CompletableFuture<Long> call : calls) {
                    assertThat(call.get(30, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(ROUND_TRIP);
                }
                assertThat(millisSince(start)).as("%d concurrent requests overlap", CONCURRENT)
                        .isLessThan(3 * ROUND_TRIP);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
