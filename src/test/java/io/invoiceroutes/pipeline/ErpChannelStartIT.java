package io.invoiceroutes.pipeline;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up refusals of the packaged jar: without an API key an ERP channel would receive the sandbox's made-up rows,
 * so the start is refused with the reason unless the sandbox is chosen on purpose; a channel missing its URL is
 * refused naming the setting. Both stop at once, before Camel or the job store starts.
 */
class ErpChannelStartIT {
    private static final Path JAR = Path.of(System.getProperty("app.jar", "target/invoice-extraction-routes.jar")).toAbsolutePath();

    @Test
    void no_key_and_an_sql_channel_refuse_the_start_and_say_why(@TempDir Path dir) throws Exception {
        Run run = run(dir, Map.of("INVOICE_DELIVER_CHANNELS", "sql"));
        assertThat(run.exit()).as(run.out()).isEqualTo(2);
        assertThat(run.out()).contains("INVOICE_API_KEY is not set").contains("INVOICE_DELIVER_CHANNELS=sql")
                .contains("made-up rows").contains("INVOICE_API_BASE_URL=sandbox")
                .doesNotContain("Exception").doesNotContain("started the local sandbox");
        assertThat(dir.resolve("work").resolve("db")).doesNotExist();
    }

    @Test
    void a_webhook_channel_without_its_url_refuses_the_start_naming_the_setting(@TempDir Path dir) throws Exception {
        Run run = run(dir, Map.of("INVOICE_API_BASE_URL", "sandbox", "INVOICE_DELIVER_CHANNELS", "webhook",
                "INVOICE_DELIVER_WEBHOOK_SECRET", "whsec-start"));
        assertThat(run.exit()).as(run.out()).isEqualTo(2);
        assertThat(run.out()).contains("cannot start: invoice.deliver.webhook.url (INVOICE_DELIVER_WEBHOOK_URL) is not set")
                .doesNotContain("\tat ").doesNotContain("whsec-start");
    }

    @Test
    void the_sandbox_chosen_on_purpose_delivers_to_an_sql_channel_even_with_a_key_set(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("run.log");
        // a real key in the environment does not stop the choice, and is not what the sandbox gets
        Process p = builder(dir, Map.of("INVOICE_API_BASE_URL", "sandbox", "INVOICE_DELIVER_CHANNELS", "sql",
                "INVOICE_API_KEY", "sk_live_START_5b1e", "INVOICE_BATCH_TIMEOUT_MS", "1000"), log).start();
        try {
            Path inbox = Files.createDirectories(dir.resolve("work").resolve("inbox"));
            Path incoming = Files.createDirectories(dir.resolve("incoming"));
            Path copy = Files.copy(PipelineHarness.samplePdfs().get(0), incoming.resolve("on-purpose.pdf"));
            Files.move(copy, inbox.resolve("on-purpose.pdf"));
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() ->
                    PipelineHarness.files(dir.resolve("work").resolve("archive")).size() == 1);
            assertThat(Files.readString(log)).contains("INVOICE_API_BASE_URL=sandbox: started the local sandbox")
                    .contains("Batch ").contains("rows written").doesNotContain("sk_live_START_5b1e");
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private record Run(int exit, String out) {
    }

    private static Run run(Path dir, Map<String, String> env) throws Exception {
        Path log = dir.resolve("run.log");
        Process p = builder(dir, env, log).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the start was not refused within 60 s: " + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log));
    }

    private static ProcessBuilder builder(Path dir, Map<String, String> env, Path log) {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()).directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("INVOICE_") || k.startsWith("SANDBOX_") || k.startsWith("CAMEL_"));
        builder.environment().put("INVOICE_WORK_DIR", dir.resolve("work").toString());
        builder.environment().putAll(env);
        return builder;
    }
}
