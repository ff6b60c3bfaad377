package io.invoiceroutes.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Limiter refusals and early retries after a 429 are recorded as violations, and 429s are counted per group. */
class RateLimitRecordingTest {

    @Test
    void refusalsAndRequestsBeforeRetryAfterAreViolationsAndCountedPerGroup() throws Exception {
        try (SandboxServer s = new SandboxServer(SandboxConfig.builder().rateLimitScale(0.1).build()).start()) {
            SandboxClient c = new SandboxClient(s.baseUrl(), "k");
            for (int i = 0; i < 6; i++) {
                assertThat(c.get("/credits/balance").status()).isEqualTo(200);
            }
            var refused = c.get("/credits/balance");
            assertThat(refused.status()).isEqualTo(429);
            long retryAfter = Long.parseLong(refused.raw().headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, 60L);
            assertThat(refused.body().path("error").path("details").path("retry_after_seconds").asLong()).isEqualTo(retryAfter);
            assertThat(s.recorder().violations("rate-limit-exceeded")).hasSize(1);
            assertThat(s.recorder().violations("retry-after-ignored")).isEmpty();

            assertThat(c.get("/credits/balance").status()).isEqualTo(429);
            assertThat(s.recorder().violations("rate-limit-exceeded")).hasSize(2);
            assertThat(s.recorder().violations("retry-after-ignored")).hasSize(1)
                    .allSatisfy(v -> assertThat(v.message()).contains("reads").contains("repeated"));
            // another group of the same key was not told to wait
            assertThat(c.get("/extractions/" + UUID.randomUUID()).status()).isEqualTo(404);
            assertThat(s.recorder().violations("retry-after-ignored")).hasSize(1);
            // another request of the group is refused (the limit holds) but is no repeat of the refused one
            assertThat(c.get("/extractions").status()).isEqualTo(429);
            assertThat(s.recorder().violations("retry-after-ignored")).hasSize(1);

            assertThat(s.rateLimitedCounts()).containsEntry("reads", 3).doesNotContainKey("status");
            assertThat(s.busiestMinute("reads")).isEqualTo(6);
            assertThat(s.acceptedRequests().get("reads")).hasSize(6);
            assertThat(s.acceptedRequests().get("status")).hasSize(1);
            var rates = c.raw(HttpRequest.newBuilder(URI.create(s.origin() + "/_sandbox/rates")).build());
            JsonNode reads = SandboxClient.M.readTree(rates.body()).path("reads");
            assertThat(reads.path("limit_per_minute").asInt()).isEqualTo(6);
            assertThat(reads.path("accepted").asInt()).isEqualTo(6);
            assertThat(reads.path("busiest_minute").asInt()).isEqualTo(6);
            assertThat(reads.path("rate_limited").asInt()).isEqualTo(3);
        }
    }

    @Test
    void anInjectedStormIsNoLimiterRefusalButItsRetryAfterIsWatched() throws Exception {
        try (SandboxServer s = new SandboxServer(SandboxConfig.builder().rateLimitStormRate(1.0).build()).start()) {
            SandboxClient c = new SandboxClient(s.baseUrl(), "k");
            var storm = c.get("/credits/balance");
            assertThat(storm.status()).isEqualTo(429);
            assertThat(storm.raw().headers().firstValue("Retry-After")).hasValue("1");
            long answered = System.nanoTime();
            c.get("/credits/balance");
            assertThat(s.recorder().violations("retry-after-ignored")).hasSize(1);

            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> System.nanoTime() - answered > Duration.ofMillis(1100).toNanos());
            c.get("/credits/balance");
            assertThat(s.recorder().violations("retry-after-ignored")).as("waited the Retry-After").hasSize(1);
            assertThat(s.recorder().violations("rate-limit-exceeded")).isEmpty();
            assertThat(s.rateLimitedCounts()).containsEntry("reads", 3);
            assertThat(s.recorder().violations("response-self-check")).isEmpty();
        }
    }
}
