package io.invoiceroutes.pipeline;

import io.invoiceroutes.sandbox.SandboxConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Transient API failures are retried with the same idempotency keys and never duplicate work. */
class PipelineRetryTest {

    @Test
    void server_errors_and_dropped_connections_are_retried_without_duplicate_sessions_or_submissions(@TempDir Path work)
            throws Exception {
        SandboxConfig.Builder sandbox = SandboxConfig.builder().partSize(16 * 1024).processingMillis(1000)
                .serverErrorRate(0.15).dropConnectionRate(0.05).seed(7);
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox,
                Map.of("invoice.retry.max-attempts", "8", "invoice.retry.max-delay-ms", "1000"))) {
            List<Path> samples = PipelineHarness.samplePdfs();
            for (Path sample : samples) {
                pipeline.drop(sample, sample.getFileName().toString());
            }
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(120));
            assertThat(pipeline.query("select state from invoice_file")).hasSize(samples.size())
                    .allSatisfy(r -> assertThat(r.get("state")).isEqualTo("DELIVERED"));
            var recorder = pipeline.sandbox.recorder();
            // faults were really injected, and every retry reused the stored ids
            assertThat(recorder.requests().stream().filter(r -> r.status() >= 500 || r.status() == 0).count()).isPositive();
            assertThat(pipeline.query("select count(*) as n from batch").get(0).get("n")).isEqualTo(1L);
            assertThat(recorder.violations()).isEmpty();
        }
    }
}
