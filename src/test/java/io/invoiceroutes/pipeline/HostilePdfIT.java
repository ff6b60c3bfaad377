package io.invoiceroutes.pipeline;

import io.invoiceroutes.sandbox.SandboxConfig;
import io.invoiceroutes.sandbox.SandboxServer;
import io.invoiceroutes.testing.HostilePdfs;
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
 * The packaged jar with a small heap (160 MB) takes a PDF decompression bomb (2 GiB unpacked), a broken
 * cross-reference table and a good invoice: the two are quarantined as UNREADABLE_FILE, the good one is delivered,
 * no OutOfMemoryError is logged and the process keeps running.
 */
class HostilePdfIT {

    @Test
    void a_small_heap_run_quarantines_a_pdf_bomb_and_a_broken_xref_without_running_out_of_memory(@TempDir Path work)
            throws Exception {
        Path made = Files.createDirectories(work.resolve("made"));
        List<Path> inputs = List.of(HostilePdfs.decompressionBomb(made.resolve("bomb.pdf"), 2L * 1024 * 1024 * 1024),
                HostilePdfs.brokenXref(made.resolve("broken-xref.pdf")), PipelineHarness.samplePdfs().get(5));
        Path log = work.resolve("run.log");
        Path w = work.resolve("w");
        try (SandboxServer sandbox = new SandboxServer(SandboxConfig.builder().processingMillis(300).build()).start()) {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx160m", "-XX:+UseSerialGC", "-jar",
                    Path.of(System.getProperty("app.jar", "target/invoice-extraction-routes.jar")).toAbsolutePath().toString())
                    .directory(new File(System.getProperty("user.dir"))).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(k -> k.startsWith("INVOICE_") || k.startsWith("SANDBOX_") || k.startsWith("CAMEL_"));
            env.put("INVOICE_API_KEY", "sk_hostile_pdf_1");
            env.put("INVOICE_API_BASE_URL", sandbox.baseUrl());
            env.put("INVOICE_WORK_DIR", w.toString());
            env.put("INVOICE_BATCH_TIMEOUT_MS", "1000");
            Process process = builder.start();
            try {
                Path incoming = Files.createDirectories(work.resolve("incoming"));
                Path inbox = Files.createDirectories(w.resolve("inbox"));
                for (Path input : inputs) {
                    Path copy = Files.copy(input, incoming.resolve(input.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    Files.move(copy, inbox.resolve(input.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                }
                Path encrypted = w.resolve("errors").resolve("encrypted");
                Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() ->
                        PipelineHarness.files(w.resolve("archive")).size() == 1 && PipelineHarness.files(encrypted).size() == 4);
                for (String name : List.of("bomb.pdf", "broken-xref.pdf")) {
                    assertThat(Files.readString(encrypted.resolve(name + ".error.json"))).contains("UNREADABLE_FILE");
                }
                assertThat(process.isAlive()).isTrue();
            } finally {
                process.destroy();
                if (!process.waitFor(40, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
        assertThat(Files.readString(log)).contains("Apache Camel").doesNotContain("OutOfMemoryError");
    }
}
