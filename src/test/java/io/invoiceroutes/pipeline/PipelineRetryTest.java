package io.invoiceroutes.pipeline;

import io.invoiceroutes.sandbox.SandboxConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
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
                Map.of("invoice.retry.max-retries", "8", "invoice.retry.max-delay-ms", "1000"))) {
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

    @Test
    void a_failure_that_never_clears_is_retried_a_bounded_number_of_times_then_lands_in_failed(@TempDir Path work)
            throws Exception {
        SandboxConfig.Builder sandbox = SandboxConfig.builder().processingMillis(300).serverErrorRate(1.0);
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox,
                Map.of("invoice.retry.max-retries", "2", "invoice.retry.initial-delay-ms", "100"))) {
            Path sample = PipelineHarness.samplePdfs().get(0);
            pipeline.drop(sample, sample.getFileName().toString());
            pipeline.awaitBatches("FAILED", 1, Duration.ofSeconds(30));
            // one attempt and two retries of the first call, then the batch's file is quarantined, not retried again
            assertThat(pipeline.sandbox.recorder().count("getCreditsBalance")).isEqualTo(3);
            Path failed = work.resolve("errors/failed").resolve(sample.getFileName());
            assertThat(failed).exists();
            assertThat(Files.readString(work.resolve("errors/failed").resolve(sample.getFileName() + ".error.json")))
                    .contains("\"code\" : \"INTERNAL_ERROR\"").contains("\"stage\" : \"upload\"");
            assertThat(PipelineHarness.files(work.resolve("staging"))).isEmpty();
        }
    }
}
