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
            // slow retried ingest may seal the files in more than one batch: every file delivered is what counts
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> pipeline.query("select file_id from invoice_file where state = 'DELIVERED'").size()
                            == samples.size());
            assertThat(pipeline.query("select state from invoice_file")).hasSize(samples.size());
            long batches = (Long) pipeline.query("select count(*) as n from batch").get(0).get("n");
            assertThat(pipeline.query("select state from batch"))
                    .allSatisfy(r -> assertThat(r.get("state")).isEqualTo("DELIVERED"));
            var recorder = pipeline.sandbox.recorder();
            // faults were really injected, and every retry reused the stored ids
            assertThat(recorder.requests().stream().filter(r -> r.status() >= 500 || r.status() == 0).count()).isPositive();
            // counted at the API: one session and one extraction per batch, whatever was retried
            var account = pipeline.sandbox.state().account(PipelineHarness.KEY);
            assertThat(account.sessionCount()).as("sessions at the API").isEqualTo((int) batches);
            assertThat(account.extractionCount()).as("extractions at the API").isEqualTo((int) batches);
            assertThat(recorder.violations()).isEmpty();
        }
    }

    /**
     * An API that answers nothing but 5xx for a long time: each call is retried a bounded number of times, then the
     * batch keeps its state and is tried again later (never quarantined); once the API answers again it is delivered.
     */
    @Test
    void a_failure_that_does_not_clear_keeps_the_batch_waiting_and_it_is_delivered_once_the_api_recovers(@TempDir Path work)
            throws Exception {
        Map<String, String> quick = Map.of("invoice.retry.max-retries", "2", "invoice.retry.initial-delay-ms", "100",
                "invoice.retry.later-initial-delay-ms", "200", "invoice.retry.later-max-delay-ms", "1000");
        Path sample = PipelineHarness.samplePdfs().get(0);
        try (PipelineHarness down = PipelineHarness.start(work, SandboxConfig.builder().serverErrorRate(1.0), quick)) {
            down.drop(sample, sample.getFileName().toString());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    down.query("select event from job_event where event = 'retry-later'").size() >= 3);
            // one attempt and two retries of the first call per round, every round waits its turn in the job store
            assertThat(down.sandbox.recorder().count("getCreditsBalance") % 3).isZero();
            assertThat(down.query("select state, attempts from batch")).singleElement().satisfies(b -> {
                assertThat(b.get("state")).isEqualTo("SEALED");
                assertThat(((Number) b.get("attempts")).intValue()).isGreaterThanOrEqualTo(3);
            });
            assertThat(PipelineHarness.files(work.resolve("errors"))).isEmpty();
            assertThat(down.query("select detail from job_event where event = 'retry-later'"))
                    .allSatisfy(r -> assertThat((String) r.get("detail")).contains("INTERNAL_ERROR"));
        }
        try (PipelineHarness up = PipelineHarness.start(work, SandboxConfig.builder().processingMillis(300), quick)) {
            up.awaitBatches("DELIVERED", 1, Duration.ofSeconds(60));
            assertThat(PipelineHarness.files(work.resolve("errors"))).isEmpty();
            assertThat(PipelineHarness.files(work.resolve("staging"))).isEmpty();
            assertThat(up.query("select attempts from batch").get(0).get("attempts")).isEqualTo(0);
        }
    }
}
