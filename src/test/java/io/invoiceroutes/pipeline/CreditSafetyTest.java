package io.invoiceroutes.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.invoiceroutes.sandbox.HoldControl;
import io.invoiceroutes.sandbox.SandboxConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Short credits hold a batch (never fail it), alert once, and the batch resumes by itself when credits allow. */
class CreditSafetyTest {
    private static final Map<String, String> FAST_RECHECK = Map.of("invoice.credits.recheck-ms", "500");
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void balance_below_need_holds_the_batch_and_it_completes_once_credits_are_raised(@TempDir Path work) throws Exception {
        SandboxConfig.Builder sandbox = SandboxConfig.builder().processingMillis(300).startingCredits(2);
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox, FAST_RECHECK)) {
            List<Path> samples = PipelineHarness.samplePdfs().subList(0, 3);
            for (Path sample : samples) {
                pipeline.drop(sample, sample.getFileName().toString());
            }
            pipeline.awaitBatches("HELD", 1, Duration.ofSeconds(30));
            Map<String, Object> batch = pipeline.query("select * from batch").get(0);
            assertThat(batch.get("held_from")).isEqualTo("SEALED");
            assertThat(((Number) batch.get("credits_needed")).intValue()).isGreaterThanOrEqualTo(3);
            JsonNode alert = json.readTree(work.resolve("errors/credits/" + batch.get("batch_id") + ".credits-alert.json").toFile());
            assertThat(alert.get("credits_balance").asLong()).isEqualTo(2);
            assertThat(alert.get("credits_reserved").asLong()).isZero();
            assertThat(alert.get("credits_needed").asLong()).isEqualTo(((Number) batch.get("credits_needed")).longValue());
            assertThat(alert.get("batch_id").asText()).isEqualTo(batch.get("batch_id"));
            // held, not failed: nothing was uploaded and no file is in an error folder
            assertThat(pipeline.sandbox.recorder().count("createUploadSession")).isZero();
            assertThat(pipeline.query("select state from invoice_file")).allSatisfy(r -> assertThat(r.get("state")).isEqualTo("BATCHED"));

            pipeline.sandbox.setCredits(PipelineHarness.KEY, 100);
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(60));
            assertThat(pipeline.sandbox.recorder().count("createUploadSession")).isEqualTo(1);
            assertThat(pipeline.sandbox.recorder().count("submitExtraction")).isEqualTo(1);
            assertThat(pipeline.query("select event from job_event where event in ('held-for-credits', 'released')"))
                    .extracting(r -> r.get("event")).containsExactly("held-for-credits", "released");
        }
    }

    @Test
    void a_402_at_session_creation_holds_the_batch_until_credits_return(@TempDir Path work) throws Exception {
        SandboxConfig.Builder sandbox = SandboxConfig.builder().processingMillis(300);
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox, FAST_RECHECK)) {
            // the balance check passes, then the credits are spent elsewhere before the session is created
            CompletableFuture<HoldControl.Held> balanceRead = pipeline.sandbox.hold("getCreditsBalance", "hold");
            Path sample = PipelineHarness.samplePdfs().get(0);
            pipeline.drop(sample, sample.getFileName().toString());
            balanceRead.get(30, TimeUnit.SECONDS);
            pipeline.sandbox.setCredits(PipelineHarness.KEY, 0);
            pipeline.sandbox.holds().releaseAll();

            pipeline.awaitBatches("HELD", 1, Duration.ofSeconds(30));
            assertThat(pipeline.sandbox.recorder().requests().stream()
                    .filter(r -> "createUploadSession".equals(r.operationId())).map(r -> r.status()))
                    .containsOnly(402);
            pipeline.sandbox.setCredits(PipelineHarness.KEY, 50);
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(60));
            assertThat(pipeline.sandbox.recorder().count("submitExtraction")).isEqualTo(1);
        }
    }

    @Test
    void an_extraction_failing_for_credits_is_held_and_resubmitted_under_a_new_submission_id(@TempDir Path work)
            throws Exception {
        SandboxConfig.Builder sandbox = SandboxConfig.builder().processingMillis(500);
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox, FAST_RECHECK)) {
            // the file is uploaded with credits to spare; they are gone by the time the extraction is submitted
            CompletableFuture<HoldControl.Held> completed = pipeline.sandbox.hold("completeFileUpload", "hold");
            Path sample = PipelineHarness.samplePdfs().get(0);
            pipeline.drop(sample, sample.getFileName().toString());
            completed.get(30, TimeUnit.SECONDS);
            pipeline.sandbox.setCredits(PipelineHarness.KEY, 0);
            pipeline.sandbox.holds().releaseAll();
            pipeline.awaitBatches("HELD", 1, Duration.ofSeconds(30));
            assertThat(pipeline.query("select held_from, submission_id from batch").get(0))
                    .containsEntry("held_from", "UPLOADED").containsEntry("submission_id", null);

            pipeline.sandbox.setCredits(PipelineHarness.KEY, 50);
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(60));
            // two submissions, each under its own submission_id, recorded before each request
            List<Map<String, Object>> submitted = pipeline.query(
                    "select detail from job_event where event = 'submitted' order by event_id");
            assertThat(submitted).hasSize(2);
            String first = ((String) submitted.get(0).get("detail")).split(",")[0];
            String second = ((String) submitted.get(1).get("detail")).split(",")[0];
            assertThat(first).startsWith("submission sub_").isNotEqualTo(second);
            assertThat(pipeline.sandbox.recorder().count("submitExtraction")).isEqualTo(2);
            assertThat(pipeline.sandbox.recorder().count("createUploadSession")).isEqualTo(1);
        }
    }
}
