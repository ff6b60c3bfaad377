package io.invoiceroutes.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.invoiceroutes.pipeline.PipelineHarness;
import io.invoiceroutes.sandbox.SandboxConfig;
import io.invoiceroutes.sandbox.SandboxServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health on the management server while the real pipeline runs: readiness follows the API key, the API, the job
 * store and the sources that are down; liveness stays up; few credits are a warning in the details, not DOWN.
 */
class OpsHealthTest {
    private static final String READY = "/observe/health/ready?exposureLevel=full&data=true";

    private static Map<String, String> props(int port, Map<String, String> more) {
        Map<String, String> p = new java.util.HashMap<>(Map.of("camel.management.port", String.valueOf(port),
                "invoice.ops.api-check-ms", "300", "invoice.ops.api-check-delay-ms", "0"));
        p.putAll(more);
        return p;
    }

    private static void awaitReady(OpsHttp http, int status, String check, String checkStatus) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResponse<String> r = http.get(READY);
            return r.statusCode() == status
                    && checkStatus.equals(OpsHttp.check(OpsHttp.parse(r.body()), check).path("status").asText());
        });
    }

    @Test
    void readiness_is_down_while_the_key_is_refused_or_the_api_is_unreachable_and_liveness_stays_up(@TempDir Path work)
            throws Exception {
        int port = OpsHttp.freePort();
        SandboxServer sandbox = new SandboxServer(SandboxConfig.builder().build()).start();
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox, props(port, Map.of()))) {
            OpsHttp http = new OpsHttp(port);
            awaitReady(http, 200, "invoice-api", "UP");
            assertThat(OpsHttp.check(http.json(READY), "invoice-api").path("message").asText()).contains("accepts the key");

            sandbox.revokeKey(PipelineHarness.KEY);
            awaitReady(http, 503, "invoice-api", "DOWN");
            assertThat(OpsHttp.check(http.json(READY), "invoice-api").path("message").asText()).contains("refuses the key");
            assertThat(http.get("/observe/health/live").statusCode()).isEqualTo(200);

            sandbox.restoreKey(PipelineHarness.KEY);
            awaitReady(http, 200, "invoice-api", "UP");

            sandbox.stop();
            awaitReady(http, 503, "invoice-api", "DOWN");
            JsonNode api = OpsHttp.check(http.json(READY), "invoice-api");
            assertThat(api.path("message").asText()).contains("cannot be reached");
            assertThat(api.path("data").path("outcome").asText()).isEqualTo("unreachable");
            HttpResponse<String> live = http.get("/observe/health/live");
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(OpsHttp.parse(live.body()).path("status").asText()).isEqualTo("UP");
        } finally {
            sandbox.stop();
        }
    }

    @Test
    void few_usable_credits_are_a_warning_in_the_details_and_one_credits_low_event_never_down(@TempDir Path work)
            throws Exception {
        int port = OpsHttp.freePort();
        SandboxServer sandbox = new SandboxServer(SandboxConfig.builder().build()).start();
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox, props(port, Map.of("invoice.ops.credits-warn-below", "100")))) {
            OpsHttp http = new OpsHttp(port);
            awaitReady(http, 200, "invoice-credits", "UP");
            assertThat(OpsHttp.check(http.json(READY), "invoice-credits").path("data").path("warning").asBoolean()).isFalse();

            sandbox.setCredits(PipelineHarness.KEY, 40);
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                    OpsHttp.check(http.json(READY), "invoice-credits").path("data").path("warning").asBoolean());
            HttpResponse<String> ready = http.get(READY);
            assertThat(ready.statusCode()).as("a warning is not DOWN").isEqualTo(200);
            JsonNode credits = OpsHttp.check(OpsHttp.parse(ready.body()), "invoice-credits");
            assertThat(credits.path("status").asText()).isEqualTo("UP");
            assertThat(credits.path("message").asText()).startsWith("WARN: 40 usable credits, below 100");
            assertThat(credits.path("data").path("usable").asLong()).isEqualTo(40);
            assertThat(OpsHttp.sample(http.get("/observe/metrics").body(), "invoice_credits_usable")).isEqualTo(40.0);

            // two more probes later, the crossing was recorded once (job_event, and so one credits.low event)
            for (int i = 0; i < 2; i++) {
                String seen = OpsHttp.check(http.json(READY), "invoice-api").path("data").path("probed_at").asText();
                Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                        !seen.equals(OpsHttp.check(http.json(READY), "invoice-api").path("data").path("probed_at").asText()));
            }
            assertThat(pipeline.query("select detail from job_event where event = 'credits-low'")).singleElement()
                    .satisfies(r -> assertThat((String) r.get("detail")).contains("usable credits 40").contains("below 100"));
        } finally {
            sandbox.stop();
        }
    }

    @Test
    void readiness_is_down_while_the_job_store_is_unreachable_and_up_again_when_it_is_back(@TempDir Path work,
                                                                                         @TempDir Path pgData) throws Exception {
        int port = OpsHttp.freePort();
        int pgPort = OpsHttp.freePort();
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(pgPort).setDataDirectory(pgData).setCleanDataDirectory(false).start();
        try (PipelineHarness pipeline = PipelineHarness.start(work, SandboxConfig.builder(), props(port, Map.of(
                "invoice.db.url", "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "invoice.db.user", "postgres",
                "invoice.db.password", "postgres", "invoice.ops.job-store-timeout-ms", "2000")))) {
            OpsHttp http = new OpsHttp(port);
            awaitReady(http, 200, "invoice-job-store", "UP");

            pg.close();
            awaitReady(http, 503, "invoice-job-store", "DOWN");
            assertThat(OpsHttp.check(http.json(READY), "invoice-job-store").path("message").asText()).contains("job store");
            assertThat(http.get("/observe/health/live").statusCode()).isEqualTo(200);
            // the status page's API says so at once instead of hanging on the pool
            HttpResponse<String> overview = http.get("/status/api/overview");
            assertThat(overview.statusCode()).isEqualTo(500);
            assertThat(OpsHttp.parse(overview.body()).path("error").asText()).isNotBlank();

            pg = EmbeddedPostgres.builder().setPort(pgPort).setDataDirectory(pgData).setCleanDataDirectory(false).start();
            awaitReady(http, 200, "invoice-job-store", "UP");
        } finally {
            pg.close();
        }
    }

    @Test
    void a_mailbox_that_is_down_at_start_shows_as_down_and_the_pipeline_keeps_working(@TempDir Path work) throws Exception {
        int port = OpsHttp.freePort();
        int closedPort = OpsHttp.freePort();
        try (PipelineHarness pipeline = PipelineHarness.start(work, SandboxConfig.builder().processingMillis(300), props(port,
                Map.of("invoice.mail.enabled", "true", "invoice.mail.protocol", "imap", "invoice.mail.host", "127.0.0.1",
                        "invoice.mail.port", String.valueOf(closedPort), "invoice.mail.poll-ms", "500",
                        "invoice.mail.connection-timeout-ms", "1000", "camel.routecontroller.back-off-delay", "500")))) {
            OpsHttp http = new OpsHttp(port);
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                HttpResponse<String> r = http.get(READY);
                JsonNode h = OpsHttp.parse(r.body());
                return r.statusCode() == 503 && ("DOWN".equals(OpsHttp.check(h, "consumer:intake-mail").path("status").asText())
                        || "DOWN".equals(OpsHttp.check(h, "route:intake-mail").path("status").asText()));
            });
            assertThat(http.get("/observe/health/live").statusCode()).isEqualTo(200);
            // the intake routes start under the supervising route controller (one that fails to start is retried in
            // the background and reported DOWN); the pipeline's own routes start as usual
            org.apache.camel.spi.SupervisingRouteController controller = pipeline.context().getRouteController()
                    .adapt(org.apache.camel.spi.SupervisingRouteController.class);
            assertThat(controller.isSupervising()).isTrue();
            assertThat(pipeline.context().getRoute("intake-mail").getProperties())
                    .containsEntry(org.apache.camel.Route.SUPERVISED, true);
            assertThat(controller.getNonControlledRouteIds()).contains("ingest", "poll").doesNotContain("intake-mail");
            // the rest of the pipeline works meanwhile
            pipeline.drop(PipelineHarness.samplePdfs().get(0), "while-mail-is-down.pdf");
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(60));
        }
    }
}
