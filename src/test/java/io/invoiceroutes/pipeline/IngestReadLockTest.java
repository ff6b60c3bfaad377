package io.invoiceroutes.pipeline;

import io.invoiceroutes.sandbox.SandboxConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A file still being written into the inbox is not taken until it has stopped changing. */
class IngestReadLockTest {

    @Test
    void file_still_being_written_is_not_picked_up_early(@TempDir Path work) throws Exception {
        Path sample = PipelineHarness.samplePdfs().get(0);
        byte[] bytes = Files.readAllBytes(sample);
        SandboxConfig.Builder sandbox = SandboxConfig.builder().processingMillis(500);
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox, Map.of("invoice.ingest.min-age-ms", "1500"))) {
            Files.createDirectories(pipeline.inbox());
            Path target = pipeline.inbox().resolve("slow-writer.pdf");
            int chunk = bytes.length / 10 + 1;
            try (OutputStream out = Files.newOutputStream(target)) {
                // about 3 s of writing, well past several consumer polls; nothing may be staged meanwhile
                for (int offset = 0; offset < bytes.length; offset += chunk) {
                    out.write(bytes, offset, Math.min(chunk, bytes.length - offset));
                    out.flush();
                    // a producer writing slowly; the consumer polls every 200 ms meanwhile
                    Thread.sleep(300);
                    assertThat(pipeline.query("select file_id from invoice_file")).as("staged while still written").isEmpty();
                    assertThat(target).exists();
                }
            }
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(60));
            Map<String, Object> file = pipeline.query("select size_bytes, state from invoice_file").get(0);
            assertThat(((Number) file.get("size_bytes")).longValue()).isEqualTo(bytes.length);
            assertThat(file.get("state")).isEqualTo("DELIVERED");
        }
    }
}
