package io.invoiceroutes.pipeline;

import com.sun.net.httpserver.HttpServer;
import io.invoiceroutes.sandbox.SandboxConfig;
import io.invoiceroutes.sandbox.SandboxServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API key goes to the API and nowhere else: error reports and operator alerts sent to http: endpoints, right
 * after an API call failed in transport and then with an API error (a refusal, a refused key), carry no
 * Authorization header, no Bearer token and no key bytes - while the API itself did get the key.
 */
class KeyStaysWithTheApiTest {

    /** A loopback receiver for reports and alerts: records every request, answers 200. */
    static final class ReportReceiver implements AutoCloseable {
        record Request(String path, Map<String, List<String>> headers, String body) {
        }

        final List<Request> requests = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        ReportReceiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                requests.add(new Request(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void http_report_and_alert_endpoints_get_no_authorization_after_transport_and_api_errors(@TempDir Path work)
            throws Exception {
        try (SandboxServer sandbox = new SandboxServer(SandboxConfig.builder().processingMillis(200).build()).start();
             ApiStandIn api = new ApiStandIn(sandbox.baseUrl());
             ReportReceiver receiver = new ReportReceiver()) {
            // first batch: the session request dies in transport, then is refused (a report follows);
            // second batch: dies in transport, then the key is refused (an alert follows)
            api.script("POST", "/uploads/sessions", ApiStandIn.Scripted.drop(),
                    ApiStandIn.Scripted.error(400, "INVALID_INPUT", "files[0].file_name is not allowed", false),
                    ApiStandIn.Scripted.drop(),
                    ApiStandIn.Scripted.error(401, "UNAUTHENTICATED", "The API key is not valid", false));
            Map<String, String> props = new HashMap<>();
            props.put("invoice.api.base-url", api.baseUrl());
            for (String errorClass : List.of("credits", "encrypted", "rejected", "prompt", "failed")) {
                props.put("invoice.errors." + errorClass + ".endpoint", receiver.url("/errors/" + errorClass));
            }
            props.put("invoice.alerts.endpoint", receiver.url("/alerts"));
            props.put("invoice.auth.recheck-ms", "60000");
            try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox, props)) {
                pipeline.drop(PipelineHarness.samplePdfs().get(0), "first.pdf");
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                        receiver.requests.stream().anyMatch(r -> r.path().equals("/errors/rejected")));
                pipeline.drop(PipelineHarness.samplePdfs().get(1), "second.pdf");
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                        receiver.requests.stream().anyMatch(r -> r.path().equals("/alerts")));

                ReportReceiver.Request report = receiver.requests.stream().filter(r -> r.path().equals("/errors/rejected"))
                        .findFirst().orElseThrow();
                assertThat(report.body()).contains("INVALID_INPUT").contains("first.pdf");
                ReportReceiver.Request alert = receiver.requests.stream().filter(r -> r.path().equals("/alerts"))
                        .findFirst().orElseThrow();
                assertThat(alert.body()).contains("UNAUTHENTICATED");
                assertThat(receiver.requests).allSatisfy(r -> {
                    assertThat(r.headers().keySet()).noneMatch(h -> h.equalsIgnoreCase("Authorization"))
                            .noneMatch(h -> h.toLowerCase().startsWith("camel")).noneMatch(h -> h.toLowerCase().startsWith("x-sdk"));
                    assertThat(r.headers().toString()).doesNotContain(PipelineHarness.KEY).doesNotContainIgnoringCase("bearer");
                    assertThat(r.body()).doesNotContain(PipelineHarness.KEY).doesNotContainIgnoringCase("bearer");
                });
                // the scripted failures happened, and the API did get the key on its own requests
                // a refusal right after a transport error is not sent again: two session requests per batch
                assertThat(api.seen).filteredOn(s -> s.path().endsWith("/uploads/sessions")).hasSize(4);
                assertThat(api.seen).allSatisfy(s -> assertThat(s.headers().get("Authorization"))
                        .containsExactly("Bearer " + PipelineHarness.KEY));
            }
        }
    }
}
