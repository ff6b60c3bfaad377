package io.invoiceroutes.pipeline;

import io.invoiceroutes.sandbox.SandboxConfig;
import io.invoiceroutes.sandbox.SandboxServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With DEBUG logging of the HTTP client (camel-http and Apache HttpClient, headers and wire) switched on, a real run
 * of the packaged jar - an upload, a webhook delivery, a log file of its own - writes neither the API key nor the
 * webhook secret to any log, while the same run shows it did log the HTTP headers it sent.
 */
class DebugLoggingSecretsIT {
    private static final String KEY = "sk_live_DEBUG_8e41c2a9f0";
    private static final String WEBHOOK_SECRET = "whsec_DEBUG_77a1b3";

    @Test
    void debug_logging_of_the_http_client_never_prints_the_key(@TempDir Path work) throws Exception {
        SandboxServer sandbox = new SandboxServer(SandboxConfig.builder().processingMillis(300)
                .keys(java.util.Set.of(KEY)).build()).start();
        Path console = work.resolve("console.log");
        Path logFile = work.resolve("file.log");
        Path w = work.resolve("w");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.log.org.apache.hc=debug",
                "-Dorg.slf4j.simpleLogger.log.org.apache.hc.client5.http.wire=debug",
                "-Dorg.slf4j.simpleLogger.log.org.apache.hc.client5.http.headers=debug",
                "-Dorg.slf4j.simpleLogger.log.org.apache.camel.component.http=debug",
                "-Dorg.slf4j.simpleLogger.log.org.apache.camel.http=debug",
                "-jar", Path.of(System.getProperty("app.jar", "target/invoice-extraction-routes.jar")).toAbsolutePath().toString()));
        try (WebhookReceiver erp = new WebhookReceiver(WEBHOOK_SECRET, 0)) {
            Process first = start(cmd, console, w, sandbox, erp, null);
            try {
                drop(work, w, "one.pdf", PipelineHarness.samplePdfs().get(0));
                Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() ->
                        PipelineHarness.files(w.resolve("archive")).size() == 1);
            } finally {
                stop(first);
            }
            // the same with the log written to a file of its own (slf4j-simple's logFile)
            Process second = start(cmd, console, w, sandbox, erp, logFile);
            try {
                drop(work, w, "two.pdf", PipelineHarness.samplePdfs().get(1));
                Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() ->
                        PipelineHarness.files(w.resolve("archive")).size() == 2);
            } finally {
                stop(second);
                sandbox.stop();
            }
            assertThat(erp.processed()).hasSize(2);
        }
        String out = Files.readString(console);
        String file = Files.readString(logFile);
        // the run did log what it sent: the wire and header loggers were on, and reached both outputs
        assertThat(out).contains("Apache Camel").contains("http-outgoing").containsIgnoringCase("authorization")
                .contains("X-Invoice-Signature");
        assertThat(file).contains("http-outgoing").containsIgnoringCase("authorization");
        for (String log : List.of(out, file)) {
            assertThat(log).doesNotContain(KEY).doesNotContain(WEBHOOK_SECRET).doesNotContain(KEY.substring(0, 16));
        }
    }

    private static Process start(List<String> cmd, Path console, Path w, SandboxServer sandbox, WebhookReceiver erp,
                                 Path logFile) throws Exception {
        List<String> command = new ArrayList<>(cmd);
        if (logFile != null) {
            command.add(1, "-Dorg.slf4j.simpleLogger.logFile=" + logFile);
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("INVOICE_") || k.startsWith("SANDBOX_") || k.startsWith("CAMEL_"));
        env.put("INVOICE_API_KEY", KEY);
        env.put("INVOICE_API_BASE_URL", sandbox.baseUrl());
        env.put("INVOICE_WORK_DIR", w.toString());
        env.put("INVOICE_BATCH_TIMEOUT_MS", "1000");
        env.put("INVOICE_DELIVER_CHANNELS", "webhook");
        env.put("INVOICE_DELIVER_WEBHOOK_URL", erp.url());
        env.put("INVOICE_DELIVER_WEBHOOK_SECRET", WEBHOOK_SECRET);
        return builder.start();
    }

    private static void drop(Path work, Path w, String name, Path source) throws Exception {
        Path incoming = Files.createDirectories(work.resolve("incoming"));
        Path inbox = Files.createDirectories(w.resolve("inbox"));
        Path copy = Files.copy(source, incoming.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        Files.move(copy, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
