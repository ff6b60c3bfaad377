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

/** Batches respect the session's byte limit, and a file the API keeps rate limiting waits instead of failing. */
class BatchingTest {

    @Test
    void a_batch_stays_within_the_session_byte_limit_and_the_rest_follow_in_the_next(@TempDir Path work) throws Exception {
        Map<String, String> props = Map.of("invoice.batch.max-bytes", "100000", "invoice.batch.max-files", "4",
                "invoice.batch.timeout-ms", "2000", "invoice.batch.recover-ms", "500",
                "invoice.batch.orphan-age-ms", "500");
        try (PipelineHarness pipeline = PipelineHarness.start(work, SandboxConfig.builder().processingMillis(300), props)) {
            for (String name : List.of("AzureInterior.pdf", "FlipkartInvoice.pdf", "SammyMaystoneLinesTest.pdf", "coolblue1.pdf")) {
                pipeline.drop(PipelineHarness.samples().resolve(name), name);
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).until(() ->
                    pipeline.query("select file_id from invoice_file where state = 'DELIVERED'").size() == 4);
            List<Map<String, Object>> sizes = pipeline.query(
                    "select batch_id, sum(size_bytes) as total, count(*) as files from invoice_file group by batch_id");
            assertThat(sizes).hasSizeGreaterThanOrEqualTo(2).allSatisfy(b -> {
                if (((Number) b.get("files")).intValue() > 1) {
                    assertThat(((Number) b.get("total")).longValue()).isLessThanOrEqualTo(100_000);
                }
            });
            assertThat(pipeline.sandbox.recorder().violations()).isEmpty();
        }
    }

    /** A 429 is waited out, never turned into a quarantined file: the batch keeps its state until the API lets it through. */
    @Test
    void a_file_the_api_keeps_rate_limiting_waits_in_its_state_and_is_delivered_once_the_api_lets_it_through(
            @TempDir Path work) throws Exception {
        Path sample = PipelineHarness.samplePdfs().get(0);
        Map<String, String> quickRetries = Map.of("invoice.retry.max-retries", "1", "invoice.retry.initial-delay-ms", "100",
                "invoice.retry.later-initial-delay-ms", "200", "invoice.retry.later-max-delay-ms", "1000");
        try (PipelineHarness saturated = PipelineHarness.start(work, SandboxConfig.builder().rateLimitStormRate(1.0),
                quickRetries)) {
            saturated.drop(sample, "x.pdf");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    saturated.query("select event from job_event where event = 'retry-later'").size() >= 3);
            assertThat(saturated.query("select state from batch")).extracting(r -> r.get("state")).containsExactly("SEALED");
            assertThat(saturated.query("select state from invoice_file")).extracting(r -> r.get("state"))
                    .containsExactly("BATCHED");
            assertThat(PipelineHarness.files(work.resolve("errors"))).isEmpty();
            assertThat(saturated.query("select detail from job_event where event = 'retry-later'"))
                    .allSatisfy(r -> assertThat((String) r.get("detail")).contains("RATE_LIMITED"));
        }
        try (PipelineHarness calm = PipelineHarness.start(work, SandboxConfig.builder().processingMillis(300), quickRetries)) {
            calm.awaitBatches("DELIVERED", 1, Duration.ofSeconds(60));
            assertThat(calm.query("select original_name, state from invoice_file")).singleElement()
                    .satisfies(r -> assertThat(r).containsEntry("original_name", "x.pdf").containsEntry("state", "DELIVERED"));
            assertThat(PipelineHarness.files(work.resolve("errors"))).isEmpty();
        }
    }
}
