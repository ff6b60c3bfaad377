package io.invoiceroutes.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.invoiceroutes.sandbox.RequestRecorder.RecordedRequest;
import io.invoiceroutes.sandbox.SandboxConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The documented settings change what the pipeline sends and writes. */
class PipelineOptionsTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void plain_polling_never_calls_status_sooner_than_five_seconds_apart(@TempDir Path work) throws Exception {
        try (PipelineHarness pipeline = PipelineHarness.start(work, SandboxConfig.builder().processingMillis(12_000),
                Map.of("invoice.poll.wait-seconds", "0", "invoice.poll.interval-ms", "1000"))) {
            pipeline.drop(PipelineHarness.samplePdfs().get(0), "a.pdf");
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(60));
            List<RecordedRequest> status = pipeline.sandbox.recorder().requests().stream()
                    .filter(r -> "getExtraction".equals(r.operationId())).toList();
            assertThat(status).hasSizeGreaterThanOrEqualTo(2).allSatisfy(r -> assertThat(r.query() == null ? "" : r.query()).doesNotContain("wait"));
            for (int i = 1; i < status.size(); i++) {
                // an interval configured below the contract's 5 s is raised to it
                assertThat(Duration.between(status.get(i - 1).time(), status.get(i).time())).isGreaterThanOrEqualTo(Duration.ofMillis(4900));
            }
            assertThat(pipeline.sandbox.recorder().violations()).isEmpty();
        }
    }

    @Test
    void formats_structure_and_a_json_prompt_file_shape_the_request_and_the_outbox(@TempDir Path work, @TempDir Path made)
            throws Exception {
        Path prompt = Files.writeString(made.resolve("prompt.json"),
                "{\"fields\":[{\"name\":\"Invoice Number\"},{\"name\":\"Total Amount\",\"prompt\":\"the grand total\"}],"
                        + "\"general_prompt\":\"Amounts as numbers.\"}");
        Map<String, String> props = Map.of("invoice.output-formats", "json,csv", "invoice.output-structure", "per_line_item",
                "invoice.prompt-file", prompt.toString());
        try (PipelineHarness pipeline = PipelineHarness.start(work, SandboxConfig.builder().processingMillis(300), props)) {
            pipeline.drop(PipelineHarness.samples().resolve("coolblue1.pdf"), "c.pdf");
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(60));
            String batchId = (String) pipeline.query("select batch_id from batch").get(0).get("batch_id");
            Path outbox = work.resolve("outbox").resolve(batchId);
            assertThat(outbox.resolve("results.xlsx")).doesNotExist();
            JsonNode rows = json.readTree(outbox.resolve("results.json").toFile());
            assertThat(rows.size()).isGreaterThan(1);
            assertThat(rows.get(0).has("Invoice Number")).isTrue();
            assertThat(rows.get(0).has("Vendor Name")).isFalse();
            JsonNode extraction = json.readTree(outbox.resolve("extraction.json").toFile());
            assertThat(extraction.get("output_structure").asText()).isEqualTo("per_line_item");
            assertThat(Files.readAllLines(outbox.resolve("results.csv")).get(0)).startsWith("Invoice Number,Total Amount");
        }
    }
}
