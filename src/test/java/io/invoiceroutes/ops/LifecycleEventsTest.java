package io.invoiceroutes.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.invoiceroutes.pipeline.PipelineHarness;
import io.invoiceroutes.sandbox.SandboxConfig;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lifecycle events from the real pipeline to a loopback HTTP endpoint: CloudEvents JSON, in order, one per
 * job_event row and named after it, nothing missing for a quarantined file; a failing endpoint never holds up the
 * pipeline and what it refused is kept, logged and counted.
 */
class LifecycleEventsTest {
    private static final String LIFECYCLE = "event in ('submitted', 'progress', 'extraction completed', 'delivered-batch',"
            + " 'failed', 'held-for-credits', 'submissions-paused', 'credits-low') or event like 'quarantined:%'";

    private static Path locked(Path dir) throws Exception {
        Path locked = dir.resolve("locked.pdf");
        try (PDDocument doc = Loader.loadPDF(PipelineHarness.samplePdfs().get(0).toFile())) {
            doc.protect(new StandardProtectionPolicy("owner", "user", new AccessPermission()));
            doc.save(locked.toFile());
        }
        return locked;
    }

    @Test
    void events_reach_the_endpoint_in_order_named_after_their_job_event_with_nothing_missing_for_a_quarantined_file(
            @TempDir Path work, @TempDir Path made) throws Exception {
        try (EventReceiver receiver = new EventReceiver(204);
             PipelineHarness pipeline = PipelineHarness.start(work, SandboxConfig.builder().processingMillis(300), Map.of(
                     "invoice.events.endpoint", receiver.url(), "invoice.preflight.enabled", "false",
                     "invoice.batch.max-files", "3", "invoice.batch.timeout-ms", "20000"))) {
            // the API finds the encrypted file: it is quarantined, the rest of the batch is submitted again
            pipeline.drop(locked(made), "locked.pdf");
            pipeline.drop(PipelineHarness.samplePdfs().get(1), "a.pdf");
            pipeline.drop(PipelineHarness.samplePdfs().get(2), "b.pdf");
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(60));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received.stream()
                    .anyMatch(r -> r.body().contains("io.invoiceroutes.batch.delivered")));

            List<JsonNode> events = new ArrayList<>();
            for (EventReceiver.Received r : receiver.received) {
                assertThat(r.contentType()).startsWith("application/cloudevents+json");
                events.add(OpsHttp.parse(r.body()));
            }
            for (JsonNode e : events) {
                assertThat(e.path("specversion").asText()).isEqualTo("1.0");
                assertThat(e.path("source").asText()).isEqualTo("/invoice-extraction-routes");
                assertThat(e.path("type").asText()).startsWith("io.invoiceroutes.");
                assertThat(e.path("time").asText()).isNotBlank();
                assertThat(e.path("datacontenttype").asText()).isEqualTo("application/json");
                // named after its job_event row (review.needed rides on the delivery's row)
                String suffix = e.path("type").asText().endsWith("review.needed") ? "-review" : "";
                assertThat(e.path("id").asText()).isEqualTo(e.path("data").path("event_id").asLong() + suffix);
            }
            // one event per lifecycle row of the job store: nothing missing, nothing twice
            Set<String> rows = pipeline.query("select event_id from job_event where " + LIFECYCLE).stream()
                    .map(r -> String.valueOf(r.get("event_id"))).collect(Collectors.toSet());
            List<String> ids = events.stream().filter(e -> !e.path("type").asText().endsWith("review.needed"))
                    .map(e -> e.path("id").asText()).toList();
            assertThat(ids).doesNotHaveDuplicates();
            assertThat(Set.copyOf(ids)).isEqualTo(rows);

            List<String> types = events.stream().map(e -> e.path("type").asText().substring("io.invoiceroutes.".length())).toList();
            assertThat(types).containsSubsequence("batch.submitted", "file.quarantined", "batch.submitted", "batch.completed",
                    "batch.delivered");
            String lockedId = String.valueOf(pipeline.query("select file_id from invoice_file where original_name = 'locked.pdf'")
                    .get(0).get("file_id"));
            JsonNode quarantined = events.stream().filter(e -> e.path("type").asText().endsWith("file.quarantined"))
                    .findFirst().orElseThrow();
            assertThat(quarantined.path("subject").asText()).isEqualTo(lockedId);
            JsonNode data = quarantined.path("data");
            assertThat(data.path("file_id").asText()).isEqualTo(lockedId);
            assertThat(data.path("file_name").asText()).isEqualTo("locked.pdf");
            assertThat(data.path("error_class").asText()).isEqualTo("encrypted");
            assertThat(data.path("error_code").asText()).isEqualTo("ENCRYPTED_FILE");
            assertThat(data.path("reason").asText()).isEqualTo("errors/encrypted/locked.pdf");
            assertThat(data.path("batch_id").asText()).isNotBlank();
            JsonNode delivered = events.stream().filter(e -> e.path("type").asText().endsWith("batch.delivered"))
                    .reduce((a, b) -> b).orElseThrow();
            assertThat(delivered.path("data").path("batch").path("files").path("DELIVERED").asInt()).isEqualTo(2);
            assertThat(delivered.path("data").path("batch").path("files").path("FAILED").asInt()).isEqualTo(1);
        }
    }

    @Test
    void a_failing_event_endpoint_never_holds_up_the_pipeline_and_what_it_refused_is_kept_and_counted(@TempDir Path work)
            throws Exception {
        int port = OpsHttp.freePort();
        try (EventReceiver receiver = new EventReceiver(500);
             PipelineHarness pipeline = PipelineHarness.start(work, SandboxConfig.builder().processingMillis(300), Map.of(
                     "invoice.events.endpoint", receiver.url(), "invoice.events.max-retries", "1",
                     "invoice.events.retry-delay-ms", "100", "camel.management.port", String.valueOf(port)))) {
            pipeline.drop(PipelineHarness.samplePdfs().get(0), "one.pdf");
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(30));

            // one per lifecycle row, and review.needed when the delivered rows need review
            String batchId = String.valueOf(pipeline.query("select batch_id from batch").get(0).get("batch_id"));
            boolean review = java.nio.file.Files.exists(work.resolve("outbox").resolve(batchId).resolve("review.json"));
            int expected = pipeline.query("select event_id from job_event where " + LIFECYCLE).size() + (review ? 1 : 0);
            Path deadLetters = work.resolve("errors/events-dead-letter");
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> PipelineHarness.files(deadLetters).size() == expected);
            // each event was tried twice (one retry), then kept whole
            assertThat(receiver.received).hasSize(2 * expected);
            for (Path kept : PipelineHarness.files(deadLetters)) {
                JsonNode e = OpsHttp.parse(java.nio.file.Files.readString(kept));
                assertThat(kept.getFileName().toString()).isEqualTo(e.path("id").asText() + ".json");
            }
            String metrics = new OpsHttp(port).get("/observe/metrics").body();
            assertThat(OpsHttp.sample(metrics, "invoice_events_failed_total{type=\"io.invoiceroutes.batch.delivered\"}")).isEqualTo(1.0);
            // the pipeline did its work as usual: the batch and its file are delivered, nothing else failed
            assertThat(pipeline.query("select state from invoice_file")).singleElement()
                    .satisfies(r -> assertThat(r.get("state")).isEqualTo("DELIVERED"));
        }
    }
}
