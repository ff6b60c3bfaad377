package io.invoiceroutes.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.invoiceroutes.sandbox.SandboxConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The webhook channel: one signed document per batch, retried on 5xx, dead-lettered when the ERP keeps refusing. */
class DeliverWebhookChannelTest {
    private static final String SECRET = "whsec-test-5f2a";
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void webhook_failing_twice_then_accepting_gets_exactly_one_signed_document(@TempDir Path work) throws Exception {
        try (WebhookReceiver erp = new WebhookReceiver(SECRET, 2);
             PipelineHarness pipeline = start(work, erp.url())) {
            List<Path> samples = PipelineHarness.samplePdfs().subList(0, 3);
            for (Path sample : samples) {
                pipeline.drop(sample, sample.getFileName().toString());
            }
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(40));
            String batchId = (String) pipeline.query("select batch_id from batch").get(0).get("batch_id");
            Path outbox = work.resolve("outbox").resolve(batchId);

            assertThat(erp.received).extracting(WebhookReceiver.Received::status).containsExactly(500, 500, 204);
            assertThat(erp.received).allSatisfy(r -> {
                assertThat(r.signatureValid()).isTrue();
                assertThat(r.headers().keySet()).noneMatch(h -> h.equalsIgnoreCase("Authorization"));
                assertThat(r.headers().keySet()).noneMatch(h -> h.toLowerCase().startsWith("camel"));
                assertThat(r.headers().get("X-invoice-batch")).containsExactly(batchId);
            });
            // every attempt carried the same bytes, so the signature is over exactly what was accepted
            assertThat(erp.received).extracting(r -> new String(r.body())).containsOnly(new String(erp.accepted().get(0).body()));

            JsonNode doc = json.readTree(erp.accepted().get(0).body());
            JsonNode results = json.readTree(outbox.resolve("results.json").toFile());
            JsonNode extraction = json.readTree(outbox.resolve("extraction.json").toFile());
            assertThat(doc.get("batch_id").asText()).isEqualTo(batchId);
            assertThat(doc.get("extraction_id").asText()).isEqualTo(extraction.get("extraction_id").asText());
            assertThat(doc.get("rows")).hasSize(results.size());
            for (int i = 0; i < results.size(); i++) {
                JsonNode row = doc.get("rows").get(i);
                assertThat(row.get("row_number").asInt()).isEqualTo(i + 1);
                assertThat(row.get("values")).isEqualTo(results.get(i));
                assertThat(row.get("review_needed").asBoolean()).isEqualTo(!results.get(i).path("Review Needed").isNull());
            }
            // the prompt asks for a field no sample has, so every row needs review: flagged, listed and routed
            assertThat(doc.get("review_needed").get("count").asInt()).isEqualTo(results.size());
            assertThat(doc.get("review_needed").get("items")).isEqualTo(extraction.get("review_needed").get("items"));
            assertThat(doc.get("pages").get("failed_count")).isEqualTo(extraction.get("pages").get("failed_count"));
            assertThat(doc.get("pages").has("failure_reasons")).isTrue();
            assertThat(doc.get("credits").get("deducted")).isEqualTo(extraction.get("credits_deducted"));
            JsonNode review = json.readTree(outbox.resolve("review.json").toFile());
            assertThat(review.get("count").asInt()).isEqualTo(results.size());
            assertThat(review.get("rows").get(0).get("row")).isEqualTo(results.get(0));
            assertThat(json.readTree(work.resolve("review").resolve(batchId + "-review.json").toFile())).isEqualTo(review);
            assertThat(PipelineHarness.files(work.resolve("errors"))).isEmpty();
        }
    }

    @Test
    void webhook_that_always_fails_is_dead_lettered_and_the_batch_is_still_delivered(@TempDir Path work) throws Exception {
        try (WebhookReceiver erp = new WebhookReceiver(SECRET, Integer.MAX_VALUE);
             PipelineHarness pipeline = start(work, erp.url())) {
            Path sample = PipelineHarness.samplePdfs().get(0);
            pipeline.drop(sample, sample.getFileName().toString());
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(40));
            String batchId = (String) pipeline.query("select batch_id from batch").get(0).get("batch_id");

            assertThat(erp.received).hasSize(3).allSatisfy(r -> assertThat(r.status()).isEqualTo(500));
            assertThat(PipelineHarness.files(work.resolve("outbox").resolve(batchId)))
                    .extracting(p -> p.getFileName().toString())
                    .contains("results.json", "results.csv", "results.xlsx", "extraction.json");
            assertThat(pipeline.query("select state from invoice_file"))
                    .allSatisfy(r -> assertThat(r.get("state")).isEqualTo("DELIVERED"));

            Path deadLetter = work.resolve("errors").resolve("webhook-dead-letter");
            assertThat(PipelineHarness.files(deadLetter)).extracting(p -> p.getFileName().toString())
                    .containsExactlyInAnyOrder(batchId + ".json", batchId + ".json.error.json");
            byte[] kept = Files.readAllBytes(deadLetter.resolve(batchId + ".json"));
            assertThat(kept).isEqualTo(erp.received.get(0).body());
            JsonNode sidecar = json.readTree(deadLetter.resolve(batchId + ".json.error.json").toFile());
            assertThat(sidecar.get("batch_id").asText()).isEqualTo(batchId);
            assertThat(sidecar.get("status_code").asInt()).isEqualTo(500);
            assertThat(sidecar.get("attempts").asInt()).isEqualTo(3);
            assertThat(sidecar.toString()).doesNotContain(SECRET);
            assertThat(pipeline.query("select event from job_event where event = 'webhook dead-lettered'")).hasSize(1);
        }
    }

    private static PipelineHarness start(Path work, String url) throws Exception {
        Path prompt = Files.writeString(Files.createDirectories(work.resolve("config")).resolve("prompt.json"),
                "{\"fields\":[{\"name\":\"Invoice Number\"},{\"name\":\"Total Amount\"},{\"name\":\"Cost Centre\"}]}");
        Map<String, String> props = new HashMap<>();
        props.put("invoice.deliver.channels", "webhook");
        props.put("invoice.deliver.webhook.url", url);
        props.put("invoice.deliver.webhook.secret", SECRET);
        props.put("invoice.deliver.webhook.max-retries", "2");
        props.put("invoice.deliver.webhook.initial-delay-ms", "100");
        props.put("invoice.deliver.review-endpoint", "file:" + work.resolve("review"));
        props.put("invoice.prompt-file", prompt.toString());
        return PipelineHarness.start(work, SandboxConfig.builder().processingMillis(500), props);
    }
}
