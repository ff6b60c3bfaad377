package io.invoiceroutes.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.invoiceroutes.sandbox.SandboxConfig;
import io.invoiceroutes.testing.HostilePdfs;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingest with hostile PDFs: a decompression bomb and a broken cross-reference table are quarantined as
 * UNREADABLE_FILE (errors/encrypted) with their report - no file is left INGESTED - while a good invoice dropped with
 * them is extracted and delivered.
 */
class HostilePdfTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void a_decompression_bomb_and_a_broken_xref_become_unreadable_files_and_a_good_one_is_delivered(@TempDir Path work)
            throws Exception {
        Path made = Files.createDirectories(work.resolve("made"));
        Path bomb = HostilePdfs.decompressionBomb(made.resolve("bomb.pdf"), 2L * 1024 * 1024 * 1024);
        Path broken = HostilePdfs.brokenXref(made.resolve("broken-xref.pdf"));
        Map<String, String> props = Map.of("invoice.preflight.pdf-heap-mb", "64");
        try (PipelineHarness pipeline = PipelineHarness.start(work, SandboxConfig.builder().processingMillis(200), props)) {
            pipeline.drop(bomb, "bomb.pdf");
            pipeline.drop(broken, "broken-xref.pdf");
            Path good = PipelineHarness.samplePdfs().get(4);
            pipeline.drop(good, good.getFileName().toString());
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(60));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    pipeline.query("select file_id from invoice_file where state = 'FAILED'").size() == 2);

            for (String name : new String[]{"bomb.pdf", "broken-xref.pdf"}) {
                Path quarantined = work.resolve("errors").resolve("encrypted").resolve(name);
                assertThat(quarantined).as(name).exists();
                JsonNode report = json.readTree(quarantined.resolveSibling(name + ".error.json").toFile());
                assertThat(report.get("code").asText()).isEqualTo("UNREADABLE_FILE");
                assertThat(report.get("message").asText()).contains("'" + name + "'");
            }
            assertThat(pipeline.query("select original_name, state, error_code from invoice_file "))
                    .extracting(r -> r.get("original_name") + ":" + r.get("state") + ":" + r.get("error_code"))
                    .containsExactlyInAnyOrder(good.getFileName() + ":DELIVERED:null", "bomb.pdf:FAILED:UNREADABLE_FILE",
                            "broken-xref.pdf:FAILED:UNREADABLE_FILE");
            assertThat(pipeline.query("select file_id from invoice_file where state = 'INGESTED'")).isEmpty();
        }
    }
}
