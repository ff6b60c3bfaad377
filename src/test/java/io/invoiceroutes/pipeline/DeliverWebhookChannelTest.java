package io.invoiceroutes.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.invoiceroutes.sandbox.SandboxConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook channel: one signed document per batch with a delivery id that stays the same across retries, retried
 * while the ERP answers 5xx, dead-lettered (and sent once) when the ERP refuses it, and replays detectable.
 */
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

            assertThat(erp.received).extracting(WebhookReceiver.Received::status).containsExactly(500, 500, 200);
            assertThat(erp.processed()).hasSize(1);
            // every attempt carries the same delivery id, so the ERP can tell a retry from a new document
            String deliveryId = erp.received.get(0).deliveryId();
            assertThat(deliveryId).isNotBlank();
            assertThat(erp.received).allSatisfy(r -> {
                assertThat(r.signatureValid()).isTrue();
                assertThat(r.deliveryId()).isEqualTo(deliveryId);
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
    void a_webhook_that_refuses_the_document_gets_it_once_and_it_is_dead_lettered(@TempDir Path work) throws Exception {
        try (WebhookReceiver erp = new WebhookReceiver(SECRET, 0);
             PipelineHarness pipeline = start(work, erp.url())) {
            erp.refusing(true);
            Path sample = PipelineHarness.samplePdfs().get(0);
            pipeline.drop(sample, sample.getFileName().toString());
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(40));
            String batchId = (String) pipeline.query("select batch_id from batch").get(0).get("batch_id");

            // a 422 refuses this document: retrying the same bytes cannot help, so it was sent once
            assertThat(erp.received).hasSize(1).allSatisfy(r -> assertThat(r.status()).isEqualTo(422));
            assertThat(pipeline.query("select state from invoice_file"))
                    .allSatisfy(r -> assertThat(r.get("state")).isEqualTo("DELIVERED"));
            Path deadLetter = work.resolve("errors").resolve("webhook-dead-letter");
            assertThat(PipelineHarness.files(deadLetter)).extracting(p -> p.getFileName().toString())
                    .containsExactlyInAnyOrder(batchId + ".json", batchId + ".json.error.json");
            assertThat(Files.readAllBytes(deadLetter.resolve(batchId + ".json"))).isEqualTo(erp.received.get(0).body());
            JsonNode sidecar = json.readTree(deadLetter.resolve(batchId + ".json.error.json").toFile());
            assertThat(sidecar.get("batch_id").asText()).isEqualTo(batchId);
            assertThat(sidecar.get("status_code").asInt()).isEqualTo(422);
            assertThat(sidecar.get("delivery_id").asText()).isEqualTo(erp.received.get(0).deliveryId());
            assertThat(sidecar.get("message").asText()).contains("Total Amount missing");
            assertThat(sidecar.toString()).doesNotContain(SECRET);
            assertThat(pipeline.query("select state, attempts from delivery_step where target = 'webhook'"))
                    .containsExactly(Map.of("state", "DEAD_LETTERED", "attempts", 1));
            // the originals were archived, none went to errors/
            assertThat(PipelineHarness.files(work.resolve("errors"))).allMatch(p -> p.startsWith(deadLetter));
        }
    }

    @Test
    void a_replayed_request_is_detected_by_its_delivery_id_and_a_stale_one_by_its_timestamp(@TempDir Path work)
            throws Exception {
        try (WebhookReceiver erp = new WebhookReceiver(SECRET, 0);
             PipelineHarness pipeline = start(work, erp.url())) {
            Path sample = PipelineHarness.samplePdfs().get(1);
            pipeline.drop(sample, sample.getFileName().toString());
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(40));
            assertThat(erp.processed()).hasSize(1);
            WebhookReceiver.Received original = erp.processed().get(0);
            String signature = original.headers().get("X-invoice-signature").get(0);
            assertThat(signature).matches("t=\\d+,v1=[0-9a-f]{64}");

            // an attacker who captured the request sends it again, byte for byte: same delivery id, not processed twice
            assertThat(replay(erp, original, signature, original.body())).isEqualTo(200);
            assertThat(erp.received.get(erp.received.size() - 1).verdict()).isEqualTo(WebhookReceiver.Verdict.DUPLICATE);
            // a changed body, or a fresh timestamp put in front of the old MAC, breaks the signature
            byte[] changed = new String(original.body(), StandardCharsets.UTF_8).replace("\"row_count\":", "\"row_count\":9")
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(replay(erp, original, signature, changed)).isEqualTo(401);
            String fresh = signature.replaceFirst("t=\\d+", "t=" + java.time.Instant.now().plusSeconds(60).getEpochSecond());
            assertThat(replay(erp, original, fresh, original.body())).isEqualTo(401);
            assertThat(erp.received.subList(erp.received.size() - 2, erp.received.size()))
                    .allSatisfy(r -> assertThat(r.verdict()).isEqualTo(WebhookReceiver.Verdict.BAD_SIGNATURE));
            // later than the tolerance, the same request is stale, even for a receiver that forgot the delivery id
            erp.clockAhead(WebhookReceiver.TOLERANCE.plusMinutes(1));
            assertThat(replay(erp, original, signature, original.body())).isEqualTo(401);
            assertThat(erp.received.get(erp.received.size() - 1).verdict()).isEqualTo(WebhookReceiver.Verdict.STALE);
            assertThat(erp.processed()).hasSize(1);
        }
    }

    private static int replay(WebhookReceiver erp, WebhookReceiver.Received original, String signature, byte[] body)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(erp.url()))
                .header("Content-Type", "application/json")
                .header("X-Invoice-Signature", signature)
                .header("X-Invoice-Delivery-Id", original.deliveryId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
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
