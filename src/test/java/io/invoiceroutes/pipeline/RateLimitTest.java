package io.invoiceroutes.pipeline;

import io.invoiceroutes.sandbox.SandboxConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The client-side limit per endpoint group keeps a steady run under the API's limits: no 429 at all. */
class RateLimitTest {

    @Test
    void a_run_needing_more_upload_calls_than_a_minute_allows_is_paced_and_never_sees_a_429(@TempDir Path work)
            throws Exception {
        // the sandbox allows a twentieth of the published limits (30 upload calls a minute); the client keeps
        // to 90 % of that, and this run needs about 40 upload calls (one URL request per 8 KiB part)
        SandboxConfig.Builder sandbox = SandboxConfig.builder().rateLimitScale(0.05).partSize(8 * 1024).processingMillis(300);
        Map<String, String> props = Map.of("invoice.rate-limit.fraction", "0.045", "invoice.upload.url-chunk", "1",
                "invoice.batch.max-files", "2", "invoice.batch.timeout-ms", "20000");
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox, props)) {
            long start = System.nanoTime();
            pipeline.drop(PipelineHarness.samples().resolve("AmazonWebServices.pdf"), "a.pdf");
            pipeline.drop(PipelineHarness.samples().resolve("NetpresseInvoice.pdf"), "b.pdf");
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(150));
            long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
            long uploadCalls = pipeline.sandbox.recorder().requests().stream()
                    .filter(r -> r.path().startsWith("/v1/uploads")).count();
            System.out.printf("rate-limit run: %d upload calls in %d s, 429s: %d%n", uploadCalls, seconds,
                    pipeline.sandbox.recorder().requests().stream().filter(r -> r.status() == 429).count());
            assertThat(uploadCalls).isGreaterThan(27);
            assertThat(pipeline.sandbox.recorder().requests()).noneMatch(r -> r.status() == 429);
            assertThat(seconds).as("paced over more than one minute window").isGreaterThanOrEqualTo(55);
        }
    }
}
