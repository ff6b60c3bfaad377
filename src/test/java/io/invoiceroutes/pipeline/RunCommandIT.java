package io.invoiceroutes.pipeline;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's run command, as a user types it: {@code java -jar target/invoice-extraction-routes.jar} from the
 * repository root with no API key starts the local sandbox (the separate sandbox artifact) and processes a dropped sample end to end.
 */
class RunCommandIT {

    @Test
    void documented_command_with_no_key_processes_a_dropped_sample(@TempDir Path work) throws Exception {
        Path jar = Path.of(System.getProperty("app.jar", "target/invoice-extraction-routes.jar")).toAbsolutePath();
        assertThat(jar).exists();
        Path log = work.resolve("run.log");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                .directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("INVOICE_") || k.startsWith("SANDBOX_"));
        env.put("INVOICE_WORK_DIR", work.resolve("w").toString());
        // the management server on a free port, so a busy default port never fails the run
        env.put("CAMEL_MANAGEMENT_PORT", "0");
        env.put("INVOICE_BATCH_TIMEOUT_MS", "1000");
        env.put("SANDBOX_PROCESSING_MILLIS", "1000");
        Process process = builder.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.readString(log).contains("started the local sandbox at http://127.0.0.1:"));
            Path sample = PipelineHarness.samplePdfs().get(0);
            Path incoming = Files.createDirectories(work.resolve("incoming"));
            Path inbox = Files.createDirectories(work.resolve("w").resolve("inbox"));
            Path copy = Files.copy(sample, incoming.resolve(sample.getFileName()));
            Files.move(copy, inbox.resolve(sample.getFileName()), StandardCopyOption.ATOMIC_MOVE);

            Path outbox = work.resolve("w").resolve("outbox");
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(() -> PipelineHarness.files(outbox).stream()
                            .anyMatch(p -> p.getFileName().toString().equals("extraction.json")));
            List<String> delivered = PipelineHarness.files(outbox).stream().map(p -> p.getFileName().toString()).toList();
            assertThat(delivered).contains("results.json", "results.csv", "results.xlsx", "extraction.json");
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> PipelineHarness.files(work.resolve("w").resolve("archive")).size() == 1);
            assertThat(PipelineHarness.files(inbox)).isEmpty();
        } finally {
            process.destroy();
            boolean exited = process.waitFor(40, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            assertThat(exited).as("stops on SIGTERM; log:%n%s", Files.readString(log)).isTrue();
        }
    }
}
