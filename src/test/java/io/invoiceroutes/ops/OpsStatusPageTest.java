package io.invoiceroutes.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.invoiceroutes.pipeline.PipelineHarness;
import io.invoiceroutes.sandbox.SandboxConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status page and its actions on the management server of the real pipeline: an operator cancels a running
 * extraction and replays its quarantined file, which is delivered the second time; the page itself, loaded in a
 * real headless Chromium, shows batches, errors by class and an invoice's history; without a token it is read-only.
 */
class OpsStatusPageTest {
    private static final String TOKEN = "ops-token-7f3a9c";

    private static Map<String, String> props(int port, Map<String, String> more) {
        Map<String, String> p = new java.util.HashMap<>(Map.of("camel.management.port", String.valueOf(port),
                "invoice.ops.token", TOKEN, "invoice.ops.api-check-ms", "500",
                "invoice.ops.api-check-delay-ms", "0"));
        p.putAll(more);
        return p;
    }

    private static String one(PipelineHarness pipeline, String sql) throws Exception {
        List<Map<String, Object>> rows = pipeline.query(sql);
        return rows.isEmpty() ? null : String.valueOf(rows.get(0).values().iterator().next());
    }

    @Test
    void an_operator_cancels_a_running_extraction_and_its_replayed_file_is_then_delivered(@TempDir Path work) throws Exception {
        int port = OpsHttp.freePort();
        SandboxConfig.Builder sandbox = SandboxConfig.builder().processingMillis(10_000).millisPerPage(0);
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox, props(port, Map.of("invoice.poll.wait-seconds", "2")))) {
            OpsHttp http = new OpsHttp(port);
            pipeline.drop(PipelineHarness.samplePdfs().get(0), "x.pdf");
            pipeline.awaitBatches("SUBMITTED", 1, Duration.ofSeconds(30));
            String batchId = one(pipeline, "select batch_id from batch");
            String cancel = "/status/api/batches/" + batchId + "/cancel";

            assertThat(http.post(cancel, Map.of()).statusCode()).isEqualTo(401);
            assertThat(http.post(cancel, Map.of("Authorization", "Bearer not-the-token")).statusCode()).isEqualTo(401);
            HttpResponse<String> asked = http.post(cancel, Map.of("Authorization", "Bearer " + TOKEN));
            assertThat(asked.statusCode()).isEqualTo(202);
            assertThat(OpsHttp.parse(asked.body()).path("cancel").asText()).isEqualTo("asked");
            assertThat(http.post(cancel, Map.of("Authorization", "Bearer " + TOKEN)).statusCode()).as("asked once").isEqualTo(409);

            // the poll stage cancels it at the API and reports the file
            Path quarantined = work.resolve("errors/failed/x.pdf");
            Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> Files.exists(quarantined)
                    && "FAILED".equals(one(pipeline, "select state from batch")));
            assertThat(pipeline.sandbox.recorder().count("cancelExtraction")).isEqualTo(1);
            assertThat(pipeline.query("select event from job_event where event in ('cancel-asked', 'cancel-requested')")).hasSize(2);
            String oldId = one(pipeline, "select file_id from invoice_file");
            JsonNode failed = http.json("/status/api/overview").path("errors").path("failed");
            assertThat(failed).hasSize(1);
            assertThat(failed.get(0).path("file_id").asText()).isEqualTo(oldId);
            assertThat(failed.get(0).path("replayable").asBoolean()).isTrue();

            // replayed from the page's API with the token: back through the inbox as a new file
            HttpResponse<String> replay = http.post("/status/api/files/" + oldId + "/replay", Map.of("X-Operator-Token", TOKEN));
            assertThat(replay.statusCode()).isEqualTo(202);
            assertThat(OpsHttp.parse(replay.body()).path("replayed").get(0).path("to").asText()).isEqualTo("inbox/x.pdf");
            assertThat(quarantined).doesNotExist();
            assertThat(work.resolve("errors/failed/replayed/x.pdf.error.json")).exists();
            assertThat(http.post("/status/api/files/" + oldId + "/replay", Map.of("X-Operator-Token", TOKEN)).statusCode())
                    .as("a file is replayed once").isEqualTo(409);

            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
                    "DELIVERED".equals(one(pipeline, "select state from invoice_file where replay_of = '" + oldId + "'")));
            String newId = one(pipeline, "select file_id from invoice_file where replay_of = '" + oldId + "'");
            assertThat(newId).isNotEqualTo(oldId);
            assertThat(one(pipeline, "select state from invoice_file where file_id = '" + oldId + "'")).isEqualTo("FAILED");
            assertThat(pipeline.query("select event, detail from job_event where file_id = '" + oldId + "' order by event_id"))
                    .extracting(r -> r.get("event")).containsSubsequence("quarantined:failed", "replay-requested", "replayed-as");
            assertThat(one(pipeline, "select detail from job_event where file_id = '" + oldId + "' and event = 'replayed-as'"))
                    .isEqualTo(newId);
            JsonNode history = http.json("/status/api/files/" + newId);
            assertThat(history.path("replay_of").asText()).isEqualTo(oldId);
            assertThat(history.path("events").findValuesAsText("event")).containsSubsequence("replay-of", "staged", "delivered");
            assertThat(http.json("/status/api/files/" + oldId).path("replayed_by").asText()).isEqualTo(newId);
            assertThat(PipelineHarness.files(work.resolve("outbox"))).anyMatch(p -> p.getFileName().toString().equals("results.json"));
        }
    }

    @Test
    void the_status_page_in_a_headless_browser_shows_batches_errors_by_class_and_an_invoice_history(@TempDir Path work,
                                                                                                 @TempDir Path browser) throws Exception {
        HeadlessChromium chromium = HeadlessChromium.find(browser.resolve("profile"));
        int port = OpsHttp.freePort();
        try (PipelineHarness pipeline = PipelineHarness.start(work, SandboxConfig.builder().processingMillis(300), props(port, Map.of()))) {
            OpsHttp http = new OpsHttp(port);
            pipeline.drop(PipelineHarness.samplePdfs().get(1), "good.pdf");
            Path notPdf = Files.writeString(browser.resolve("notes.pdf"), "meeting notes, not an invoice");
            pipeline.drop(notPdf, "notes.pdf");
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(60));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    "FAILED".equals(one(pipeline, "select state from invoice_file where original_name = 'notes.pdf'")));
            String batchId = one(pipeline, "select batch_id from batch");
            String badId = one(pipeline, "select file_id from invoice_file where original_name = 'notes.pdf'");

            // the whole class is replayed from the page's API: the file is refused again, its history linked
            HttpResponse<String> replay = http.post("/status/api/errors/rejected/replay", Map.of("Authorization", "Bearer " + TOKEN));
            assertThat(replay.statusCode()).isEqualTo(202);
            assertThat(OpsHttp.parse(replay.body()).path("replayed")).hasSize(1);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    "FAILED".equals(one(pipeline, "select state from invoice_file where replay_of = '" + badId + "'")));
            String againId = one(pipeline, "select file_id from invoice_file where replay_of = '" + badId + "'");

            String text = HeadlessChromium.text(chromium.dumpDom(http.url("/status?file=" + againId)));
            assertThat(text).contains("Invoice extraction - status", "API work: running", "last probe: ok",
                    "Cancel and replay are enabled.", "DELIVERED: 1", batchId, "DELIVERED", "errors/rejected/", "notes.pdf",
                    "CONTENT_MISMATCH", "Replay all of rejected", "replayed as " + againId,
                    "Invoice history: notes.pdf", "replay-of", badId, "quarantined:rejected");

            Path png = Path.of("target", "status-page.png");
            Files.createDirectories(png.getParent());
            Files.deleteIfExists(png);
            chromium.screenshot(http.url("/status?file=" + againId), png, 1280, 1400);
            byte[] head = Files.readAllBytes(png);
            assertThat(head).hasSizeGreaterThan(20_000);
            assertThat(new String(head, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
        }
    }

    @Test
    void without_a_token_the_page_is_read_only(@TempDir Path work) throws Exception {
        int port = OpsHttp.freePort();
        Map<String, String> p = new java.util.HashMap<>(props(port, Map.of()));
        p.put("invoice.ops.token", "");
        try (PipelineHarness pipeline = PipelineHarness.start(work, SandboxConfig.builder(), p)) {
            OpsHttp http = new OpsHttp(port);
            assertThat(http.json("/status/api/overview").path("operator_actions").asBoolean()).isFalse();
            HttpResponse<String> cancel = http.post("/status/api/batches/any/cancel", Map.of("Authorization", "Bearer " + TOKEN));
            assertThat(cancel.statusCode()).isEqualTo(403);
            assertThat(OpsHttp.parse(cancel.body()).path("error").asText()).contains("INVOICE_OPS_TOKEN");
            assertThat(http.post("/status/api/errors/failed/replay", Map.of()).statusCode()).isEqualTo(403);
            assertThat(http.get("/status/api/files/no-such-file").statusCode()).isEqualTo(404);
            assertThat(http.get("/status").body()).contains("<title>Invoice extraction - status</title>");
        }
    }
}
