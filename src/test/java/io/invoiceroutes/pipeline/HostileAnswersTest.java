package io.invoiceroutes.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.invoiceroutes.sandbox.SandboxConfig;
import io.invoiceroutes.sandbox.SandboxServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers the pipeline must not trust: a part URL aimed at the cloud metadata address is refused before anything is
 * sent; a gzip bomb as a download stops at the per-file cap and leaves nothing behind (the paid batch waits); a gzip
 * bomb as an API answer is refused at the answer cap, unread, and the call is tried again.
 */
class HostileAnswersTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void a_part_url_pointing_at_the_cloud_metadata_address_is_refused_before_any_request(@TempDir Path work) throws Exception {
        try (SandboxServer sandbox = new SandboxServer(SandboxConfig.builder().build()).start();
             ApiStandIn api = new ApiStandIn(sandbox.baseUrl())) {
            // the API (here its stand-in, on loopback) hands out part URLs at 169.254.169.254
            api.rewrite(answer -> answer.replaceAll("\"url\"\\s*:\\s*\"http://127\\.0\\.0\\.1:\\d+/storage/",
                    "\"url\":\"http://169.254.169.254/storage/"));
            try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox, Map.of("invoice.api.base-url", api.baseUrl()))) {
                Path sample = PipelineHarness.samplePdfs().get(0);
                pipeline.drop(sample, "metadata.pdf");
                pipeline.awaitBatches("FAILED", 1, Duration.ofSeconds(30));

                Path report = work.resolve("errors").resolve("failed").resolve("metadata.pdf.error.json");
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(report));
                JsonNode sidecar = json.readTree(report.toFile());
                assertThat(sidecar.get("code").asText()).isEqualTo("UNSAFE_STORAGE_URL");
                assertThat(sidecar.get("message").asText()).contains("169.254.169.254").contains("link-local")
                        .doesNotContain("X-Signature").doesNotContain("?");
                // the part URLs were asked for, and not one part went anywhere
                assertThat(api.seen).anyMatch(s -> s.path().endsWith("/parts"));
                assertThat(sandbox.recorder().requests()).noneMatch(r -> r.path().startsWith("/storage"));
                assertThat(pipeline.query("select event from job_event where event = 'uploaded'")).isEmpty();
            }
        }
    }

    @Test
    void a_gzip_bomb_download_stops_at_the_cap_and_the_paid_batch_waits(@TempDir Path work) throws Exception {
        long cap = 1024 * 1024;
        try (SandboxServer sandbox = new SandboxServer(SandboxConfig.builder().processingMillis(300).build()).start();
             ApiStandIn api = new ApiStandIn(sandbox.baseUrl());
             GzipBomb bomb = new GzipBomb()) {
            // the completed extraction's JSON output "is" a few MB that unpack to 2 GiB
            api.rewrite(answer -> answer.replaceAll("\"json_url\"\\s*:\\s*\"[^\"]*\"",
                    "\"json_url\":\"" + bomb.url("/outputs/output.json?sig=1") + "\""));
            Map<String, String> props = new HashMap<>();
            props.put("invoice.api.base-url", api.baseUrl());
            props.put("invoice.deliver.max-download-bytes", String.valueOf(cap));
            try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox, props)) {
                Path sample = PipelineHarness.samplePdfs().get(2);
                pipeline.drop(sample, sample.getFileName().toString());
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                        bomb.requests.get() >= 2 && !pipeline.query("select detail from job_event where event = 'retry-later'"
                                + " and stage = 'deliver'").isEmpty());
                Map<String, Object> batch = pipeline.query("select batch_id, state from batch").get(0);
                assertThat(batch.get("state")).isEqualTo("COMPLETED");
                assertThat(pipeline.query("select detail from job_event where event = 'retry-later' and stage = 'deliver'"))
                        .allSatisfy(r -> assertThat(r.get("detail").toString()).contains("max-download-bytes"));
                // nothing longer than the cap was kept, no partial file is left, nothing was quarantined
                Path outbox = work.resolve("outbox").resolve((String) batch.get("batch_id"));
                assertThat(PipelineHarness.files(outbox)).extracting(p -> p.getFileName().toString())
                        .doesNotContain("results.json").noneMatch(n -> n.startsWith(".tmp-"));
                for (Path file : PipelineHarness.files(work)) {
                    if (!file.toString().endsWith(".db")) {
                        assertThat(Files.size(file)).as("%s", file).isLessThanOrEqualTo(cap + 64 * 1024);
                    }
                }
                assertThat(PipelineHarness.files(work.resolve("errors"))).isEmpty();
                assertThat(pipeline.query("select state from invoice_file"))
                        .allSatisfy(r -> assertThat(r.get("state")).isEqualTo("SUBMITTED"));
            }
        }
    }

    @Test
    void a_gzip_bomb_api_answer_is_refused_at_the_cap_and_the_call_tried_again(@TempDir Path work) throws Exception {
        try (SandboxServer sandbox = new SandboxServer(SandboxConfig.builder().processingMillis(300).build()).start();
             ApiStandIn api = new ApiStandIn(sandbox.baseUrl());
             GzipBomb bomb = new GzipBomb()) {
            // about 2 MB on the wire that unpack to 2 GiB (more than a Java array holds); more bombs than the call has retries
            ApiStandIn.Scripted answer = ApiStandIn.Scripted.raw(200, Map.of("Content-Encoding", "gzip",
                    "Content-Type", "application/json"), bomb.bytes(128));
            api.script("GET", "/credits/balance", answer, answer, answer, answer);
            Map<String, String> props = new HashMap<>();
            props.put("invoice.api.base-url", api.baseUrl());
            props.put("invoice.api.max-answer-bytes", String.valueOf(64 * 1024));
            try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox, props)) {
                Path sample = PipelineHarness.samplePdfs().get(3);
                pipeline.drop(sample, sample.getFileName().toString());
                pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(60));
                // the bombs were decoded up to the cap and refused as too large (not as unparseable), then retried
                assertThat(pipeline.query("select detail from job_event where event = 'retry-later'"))
                        .anySatisfy(r -> assertThat(r.get("detail").toString()).contains("longer than 65536 bytes once decoded")
                                .contains("invoice.api.max-answer-bytes"));
                assertThat(api.seen).filteredOn(s -> s.path().endsWith("/credits/balance")).hasSizeGreaterThanOrEqualTo(5);
                assertThat(PipelineHarness.files(work.resolve("errors"))).isEmpty();
            }
        }
    }
}
