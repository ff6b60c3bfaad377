package io.invoiceroutes.pipeline;

import io.invoiceroutes.sandbox.SandboxConfig;
import io.invoiceroutes.sandbox.SandboxServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API key is a secret: a real run of the packaged jar (good files, bad files, an expired output URL, a
 * retry) writes it to no log line, no file and no database byte, and sends it nowhere but the API.
 */
class SecretsIT {
    private static final String KEY = "sk_live_SECRET_4f9a1c7e2b";

    @Test
    void the_api_key_appears_in_no_log_file_or_database_row(@TempDir Path work, @TempDir Path made) throws Exception {
        SandboxConfig config = SandboxConfig.builder().processingMillis(300).expiredDownloadUrls(true)
                .serverErrorRate(0.1).seed(3).partSize(16 * 1024).build();
        SandboxServer sandbox = new SandboxServer(config).start();
        Path log = work.resolve("run.log");
        Path w = work.resolve("w");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of(System.getProperty("app.jar", "target/invoice-extraction-routes.jar")).toAbsolutePath().toString())
                .directory(new File(System.getProperty("user.dir"))).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("INVOICE_") || k.startsWith("SANDBOX_"));
        env.put("INVOICE_API_KEY", KEY);
        env.put("CAMEL_MANAGEMENT_PORT", "0");
        env.put("INVOICE_API_BASE_URL", sandbox.baseUrl());
        env.put("INVOICE_WORK_DIR", w.toString());
        env.put("INVOICE_BATCH_TIMEOUT_MS", "1500");
        env.put("INVOICE_RETRY_INITIAL_DELAY_MS", "200");
        Process process = builder.start();
        try {
            Path incoming = Files.createDirectories(work.resolve("incoming"));
            Path inbox = Files.createDirectories(w.resolve("inbox"));
            List<Path> inputs = List.of(PipelineHarness.samplePdfs().get(0), PipelineHarness.samplePdfs().get(1),
                    Files.writeString(made.resolve("bad.pdf"), "not a pdf"), Files.writeString(made.resolve("x.docx"), "x"));
            for (Path input : inputs) {
                Path copy = Files.copy(input, incoming.resolve(input.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                Files.move(copy, inbox.resolve(input.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            }
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() ->
                    PipelineHarness.files(w.resolve("archive")).size() == 2
                            && PipelineHarness.files(w.resolve("errors")).size() == 4);
        } finally {
            process.destroy();
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            sandbox.stop();
        }
        byte[] secret = KEY.getBytes(StandardCharsets.UTF_8);
        assertThat(Files.readString(log)).contains("Apache Camel").doesNotContain(KEY);
        List<Path> written = PipelineHarness.files(w);
        Path db = written.stream().filter(p -> p.toString().endsWith(".mv.db")).findFirst().orElseThrow();
        // the scan can see stored text: a value the job store does hold is found in the same bytes
        assertThat(indexOf(Files.readAllBytes(db), "x.docx".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(-1);
        for (Path file : written) {
            assertThat(indexOf(Files.readAllBytes(file), secret)).as("key bytes in %s", file).isEqualTo(-1);
        }
        // the key went only to the API: every storage request came without an Authorization header
        assertThat(sandbox.recorder().requests()).filteredOn(r -> r.path().startsWith("/storage")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.headers().keySet()).noneMatch(h -> h.equalsIgnoreCase("Authorization")));
        assertThat(sandbox.recorder().violations()).isEmpty();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
