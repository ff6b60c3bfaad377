package io.invoiceroutes.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.invoiceroutes.sandbox.HoldControl;
import io.invoiceroutes.sandbox.SandboxConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A batch that makes no progress is reported (event log and the failed endpoint, with a reason), not waited on forever. */
class StuckWorkTest {

    /** Stuck work is reported (event and alert, with the reason), never moved: the batch goes on once the cause clears. */
    @Test
    void a_batch_without_progress_is_reported_stuck_with_a_reason_and_nothing_is_quarantined(@TempDir Path work)
            throws Exception {
        Map<String, String> props = Map.of("invoice.stuck.no-progress-seconds", "2", "invoice.stuck.check-ms", "500");
        try (PipelineHarness pipeline = PipelineHarness.start(work, SandboxConfig.builder().processingMillis(300), props)) {
            // the API never answers the session request: the batch stays SEALED with nothing changing
            CompletableFuture<HoldControl.Held> session = pipeline.sandbox.hold("createUploadSession", "hold");
            pipeline.drop(PipelineHarness.samplePdfs().get(0), "slow.pdf");
            session.get(30, TimeUnit.SECONDS);
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> !pipeline.query("select detail from job_event where event = 'stuck'").isEmpty());
            Path alert = Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                    () -> PipelineHarness.files(work.resolve("alerts")).stream()
                            .filter(p -> p.getFileName().toString().startsWith("batch-stuck")).findFirst(), Optional::isPresent).get();
            JsonNode report = new ObjectMapper().readTree(alert.toFile());
            assertThat(report.get("code").asText()).isEqualTo("BATCH_STUCK");
            assertThat(report.get("state").asText()).isEqualTo("SEALED");
            assertThat(report.get("message").asText()).contains("no progress").contains("nothing was moved");
            assertThat(PipelineHarness.files(work.resolve("errors"))).isEmpty();
            assertThat(pipeline.query("select state from batch").get(0).get("state")).isEqualTo("SEALED");

            pipeline.sandbox.holds().releaseAll();
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(60));
        }
    }

    @Test
    void a_cancelled_extraction_routes_its_files_with_the_reason(@TempDir Path work) throws Exception {
        try (PipelineHarness pipeline = PipelineHarness.start(work, SandboxConfig.builder().processingMillis(8000), Map.of())) {
            pipeline.drop(PipelineHarness.samplePdfs().get(0), "c.pdf");
            String extractionId = Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                    () -> pipeline.query("select extraction_id from batch where extraction_id is not null"),
                    rows -> !rows.isEmpty()).get(0).get("extraction_id").toString();
            // someone cancels it in the vendor's dashboard (here: the cancel endpoint with the same key)
            HttpResponse<String> cancel = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(pipeline.sandbox.baseUrl() + "/extractions/" + extractionId + "/cancel"))
                    .header("Authorization", "Bearer " + PipelineHarness.KEY)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(cancel.statusCode()).isEqualTo(200);
            Path sidecar = work.resolve("errors/failed/c.pdf.error.json");
            Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> Files.exists(sidecar));
            JsonNode report = new ObjectMapper().readTree(sidecar.toFile());
            assertThat(report.get("code").asText()).isEqualTo("EXTRACTION_CANCELLED");
            assertThat(report.get("message").asText()).contains("reason: user");
            assertThat(pipeline.query("select state from batch").get(0).get("state")).isEqualTo("FAILED");
        }
    }
}
