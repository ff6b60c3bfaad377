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

/** Batches respect the session's byte limit, and files that exhausted the rate-limit budget can be replayed. */
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

    @Test
    void a_file_that_exhausted_its_rate_limit_budget_is_replayable_from_the_inbox(@TempDir Path work) throws Exception {
        Path sample = PipelineHarness.samplePdfs().get(0);
        Path parked;
        try (PipelineHarness saturated = PipelineHarness.start(work, SandboxConfig.builder().rateLimitStormRate(1.0),
                Map.of("invoice.retry.max-retries", "1"))) {
            saturated.drop(sample, "x.pdf");
            saturated.awaitBatches("FAILED", 1, Duration.ofSeconds(30));
            parked = work.resolve("errors/rate-limited/x.pdf");
            assertThat(parked).exists();
            assertThat(Files.readString(work.resolve("errors/rate-limited/x.pdf.error.json"))).contains("RATE_LIMITED");
        }
        try (PipelineHarness calm = PipelineHarness.start(work, SandboxConfig.builder().processingMillis(300), Map.of())) {
            Files.move(parked, calm.inbox().resolve("x.pdf"));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    calm.query("select file_id from invoice_file where state = 'DELIVERED' and original_name = 'x.pdf'").size() == 1);
        }
    }
}
