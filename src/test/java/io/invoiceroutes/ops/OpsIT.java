package io.invoiceroutes.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.invoiceroutes.pipeline.PipelineHarness;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar, operated from outside while it works: health and Prometheus metrics read over HTTP on the
 * management port given as CAMEL_MANAGEMENT_PORT change as files flow (pages charged end equal to what the API
 * charged), and camel-cli-connector publishes the running app's routes, health and inflight exchanges under
 * ~/.camel/ for the Camel CLI (camel get route|health|inflight), removed when the app stops.
 */
class OpsIT {
    private static final String KEY = "ops-it-key-5e2b";
    private static final Map<String, String> SECRETS = Map.of("INVOICE_OPS_TOKEN", "ops-token-91d0c7",
            "INVOICE_DELIVER_WEBHOOK_SECRET", "webhook-secret-3a7f", "INVOICE_SFTP_PASSWORD", "sftp-password-8c21",
            "INVOICE_MAIL_PASSWORD", "mail-password-4b9e");

    @Test
    void health_metrics_and_the_cli_status_follow_a_real_run_of_the_packaged_jar(@TempDir Path work) throws Exception {
        Path jar = Path.of(System.getProperty("app.jar", "target/invoice-extraction-routes.jar")).toAbsolutePath();
        assertThat(jar).exists();
        int port = OpsHttp.freePort();
        OpsHttp http = new OpsHttp(port);
        Path log = work.resolve("app.log");
        try (SandboxServer sandbox = new SandboxServer(SandboxConfig.builder().processingMillis(800).build()).start()) {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-jar", jar.toString())
                    .directory(new File(System.getProperty("user.dir"))).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(k -> k.startsWith("INVOICE_") || k.startsWith("SANDBOX_") || k.startsWith("CAMEL_"));
            env.put("INVOICE_API_KEY", KEY);
            env.put("INVOICE_API_BASE_URL", sandbox.baseUrl());
            env.put("INVOICE_WORK_DIR", work.resolve("w").toString());
            env.put("INVOICE_BATCH_TIMEOUT_MS", "1000");
            env.put("INVOICE_OPS_API_CHECK_MS", "500");
            env.put("INVOICE_OPS_METRICS_REFRESH_MS", "200");
            env.put("CAMEL_MANAGEMENT_PORT", String.valueOf(port));
            // secrets that must never reach what the CLI connector publishes
            SECRETS.forEach(env::put);
            Process app = builder.start();
            Path status = Path.of(System.getProperty("user.home"), ".camel", app.pid() + "-status.json");
            try {
                Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                        .until(() -> http.get("/observe/health/ready").statusCode() == 200);
                assertThat(http.get("/observe/health/live").statusCode()).isEqualTo(200);
                String before = http.get("/observe/metrics").body();
                assertThat(OpsHttp.sample(before, "invoice_files{state=\"DELIVERED\"}")).isEqualTo(0.0);
                assertThat(OpsHttp.sample(before, "invoice_pages_charged_total")).isEqualTo(0.0);
                assertThat(OpsHttp.sample(before, "invoice_credits_usable")).isEqualTo(1000.0);

                Path incoming = Files.createDirectories(work.resolve("incoming"));
                Path inbox = Files.createDirectories(work.resolve("w").resolve("inbox"));
                List<Path> samples = PipelineHarness.samplePdfs().subList(0, 3);
                for (Path sample : samples) {
                    Path copy = Files.copy(sample, incoming.resolve(sample.getFileName()));
                    Files.move(copy, inbox.resolve(sample.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                }
                // the meters move as the files flow
                Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() ->
                        OpsHttp.sample(http.get("/observe/metrics").body(), "invoice_files{state=\"DELIVERED\"}") == 3.0);
                long charged = 1000 - sandbox.state().account(KEY).creditsBalance();
                assertThat(charged).isPositive();
                Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
                    String m = http.get("/observe/metrics").body();
                    return OpsHttp.sample(m, "invoice_pages_charged_total") == charged
                            && OpsHttp.sample(m, "invoice_credits_usable") == 1000.0 - charged;
                });
                String after = http.get("/observe/metrics").body();
                assertThat(OpsHttp.sample(after, "invoice_batches{state=\"DELIVERED\"}")).isGreaterThanOrEqualTo(1.0);
                assertThat(OpsHttp.sample(after, "invoice_extraction_duration_seconds_count")).isGreaterThanOrEqualTo(1.0);
                assertThat(OpsHttp.sample(after, "invoice_completion_to_delivery_seconds_count")).isGreaterThanOrEqualTo(1.0);
                assertThat(OpsHttp.sample(after, "invoice_extractions_in_flight")).isEqualTo(0.0);
                assertThat(OpsHttp.sample(after, "invoice_extractions_limit{kind=\"configured\"}")).isEqualTo(12.0);
                assertThat(after.lines().filter(l -> l.startsWith("camel_exchanges_total{") && l.contains("routeId=\"deliver-batch\""))
                        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum()).isGreaterThanOrEqualTo(1.0);
                JsonNode ready = http.json("/observe/health/ready?exposureLevel=full&data=true");
                assertThat(OpsHttp.check(ready, "invoice-api").path("status").asText()).isEqualTo("UP");
                assertThat(OpsHttp.check(ready, "invoice-credits").path("data").path("usable").asLong()).isEqualTo(1000 - charged);

                // what `camel get route`, `camel get health` and `camel get inflight` read
                Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
                        OpsHttp.parse(Files.readString(status)).path("routes").size() > 40);
                JsonNode cli = OpsHttp.parse(Files.readString(status));
                assertThat(cli.path("runtime").path("pid").asLong()).isEqualTo(app.pid());
                assertThat(cli.path("context").path("name").asText()).isEqualTo("invoice-extraction-routes");
                assertThat(cli.path("routes").findValuesAsText("routeId")).contains("ingest", "poll", "deliver", "ops-status");
                assertThat(cli.path("healthChecks").toString()).contains("invoice-api", "invoice-job-store");
                assertThat(cli.has("inflight")).isTrue();
                // what it publishes never carries a secret (Camel's own properties console would show them all)
                String published = Files.readString(status);
                assertThat(published).doesNotContain(KEY).doesNotContain(SECRETS.values());
                assertThat(published).contains("\"invoice.api.key\"", "\"invoice.ops.token\"");
            } finally {
                app.destroy();
                boolean exited = app.waitFor(40, TimeUnit.SECONDS);
                if (!exited) {
                    app.destroyForcibly();
                }
                assertThat(exited).as("stops on SIGTERM; log:%n%s", Files.readString(log)).isTrue();
            }
            // the connector cleans up after itself
            assertThat(status).doesNotExist();
            assertThat(Files.readString(log)).contains("Camel JBang CLI enabled").doesNotContain(KEY).doesNotContain(SECRETS.values());
        }
    }
}
