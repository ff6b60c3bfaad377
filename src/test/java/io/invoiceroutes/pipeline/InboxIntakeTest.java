package io.invoiceroutes.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.invoiceroutes.sandbox.SandboxConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Files dropped straight into the inbox whose names or kind ingest used to stumble over, through the real pipeline. */
class InboxIntakeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SandboxConfig.Builder sandbox() {
        return SandboxConfig.builder().processingMillis(200);
    }

    private static int bytes(String name) {
        return name.getBytes(StandardCharsets.UTF_8).length;
    }

    private static JsonNode sidecar(Path dir, String name) throws Exception {
        return JSON.readTree(dir.resolve(name + ".error.json").toFile());
    }

    @Test
    void an_eighty_character_cjk_name_in_the_inbox_is_staged_and_delivered(@TempDir Path work) throws Exception {
        String name = "請求書".repeat(26) + "書.pdf"; // 80 characters before the extension, 244 bytes
        assertThat(bytes(name)).isGreaterThan(255 - "file_0123456789abcdef0123__".length());
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox(), Map.of())) {
            pipeline.drop(PipelineHarness.samplePdfs().get(0), name);

            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(40));
            Map<String, Object> file = pipeline.query("select original_name, api_file_name, state from invoice_file").get(0);
            assertThat(file.get("original_name")).isEqualTo(name);
            assertThat(file.get("api_file_name")).isEqualTo(name);
            assertThat(file.get("state")).isEqualTo("DELIVERED");
            assertThat(PipelineHarness.files(work.resolve("archive"))).singleElement()
                    .satisfies(p -> assertThat(bytes(p.getFileName().toString())).isLessThanOrEqualTo(255));
            assertThat(PipelineHarness.files(work.resolve("errors"))).isEmpty();
            assertThat(PipelineHarness.files(pipeline.inbox())).isEmpty();
        }
    }

    @Test
    void a_symlink_in_the_inbox_is_refused_with_a_clear_message_and_its_target_is_never_read(@TempDir Path work,
                                                                                               @TempDir Path outside)
            throws Exception {
        Path target = Files.copy(PipelineHarness.samplePdfs().get(1), outside.resolve("private.pdf"));
        byte[] before = Files.readAllBytes(target);
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox(), Map.of())) {
            Files.createDirectories(pipeline.inbox());
            Files.createSymbolicLink(pipeline.inbox().resolve("linked.pdf"), target);
            Path rejected = work.resolve("errors").resolve("rejected");

            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Files.exists(rejected.resolve("linked.pdf.error.json")));
            JsonNode report = sidecar(rejected, "linked.pdf");
            assertThat(report.get("code").asText()).isEqualTo("SYMLINK_REFUSED");
            assertThat(report.get("message").asText()).contains("symbolic link").contains("never followed");
            // the link itself was quarantined, not the file it points at
            assertThat(Files.isSymbolicLink(rejected.resolve("linked.pdf"))).isTrue();
            assertThat(Files.readAllBytes(target)).isEqualTo(before);
            assertThat(pipeline.query("select file_id from invoice_file")).isEmpty();
            assertThat(pipeline.sandbox.state().account(PipelineHarness.KEY).extractionCount()).isZero();
            assertThat(PipelineHarness.files(work.resolve("staging"))).isEmpty();
            assertThat(pipeline.inbox().resolve("linked.pdf")).doesNotExist();
        }
    }

    @Test
    void a_file_ingest_cannot_move_is_quarantined_as_cannot_ingest_once_instead_of_being_tried_on_every_poll(
            @TempDir Path work) throws Exception {
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox(), Map.of())) {
            // staging/ cannot be created (a plain file holds its name), so no inbox file can be moved there
            Path staging = work.resolve("staging");
            if (Files.isDirectory(staging)) {
                try (var listing = Files.list(staging)) {
                    assertThat(listing).isEmpty();
                }
                Files.delete(staging);
            }
            Files.writeString(staging, "not a folder");
            pipeline.drop(PipelineHarness.samplePdfs().get(2), "unmovable.pdf");
            Path rejected = work.resolve("errors").resolve("rejected");

            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Files.exists(rejected.resolve("unmovable.pdf.error.json")));
            JsonNode report = sidecar(rejected, "unmovable.pdf");
            assertThat(report.get("code").asText()).isEqualTo("CANNOT_INGEST");
            assertThat(report.get("message").asText()).contains("could not be taken from the inbox").contains("staging");
            assertThat(rejected.resolve("unmovable.pdf")).exists();
            assertThat(pipeline.inbox().resolve("unmovable.pdf")).doesNotExist();
            // quarantined once: later polls find nothing left to try
            Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(200))
                    .until(() -> PipelineHarness.files(rejected).size() == 2);
            List<Map<String, Object>> events = pipeline.query("select event from job_event where event like 'quarantined%'");
            assertThat(events).hasSize(1);
        }
    }
}
