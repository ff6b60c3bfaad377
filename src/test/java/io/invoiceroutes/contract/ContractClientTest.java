package io.invoiceroutes.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContractClientTest {
    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String reply = "{\"success\":true,\"credits_balance\":150,\"credits_reserved\":10}";
    private ContractClient client;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Retry-After", "7");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        client = new ContractClient("http://127.0.0.1:" + server.getAddress().getPort() + "/v1", "key_123");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void validCallPassesAndCarriesTheBearerKey() {
        ContractClient.Response response = client.get("/credits/balance");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("credits_balance").asInt()).isEqualTo(150);
        assertThat(response.header("retry-after")).isEqualTo("7");
        assertThat(seen).containsExactly("GET /v1/credits/balance Bearer key_123");
    }

    @Test
    void invalidRequestIsNotSent() {
        assertThatThrownBy(() -> client.get("/extractions/not-a-uuid?wait=46"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("extraction_id:").hasMessageContaining("wait:");
        assertThat(seen).isEmpty();
    }

    @Test
    void invalidRequestCanBeSentOnPurposeButTheResponseIsStillChecked() {
        status = 400;
        reply = "{\"success\":false,\"error\":{\"code\":\"INVALID_INPUT\",\"message\":\"bad\",\"retryable\":false,"
                + "\"details\":{\"issues\":[{\"message\":\"note: is not allowed\",\"path\":[\"note\"]}]}}}";
        ContractClient lenient = client.allowingInvalidRequests();
        assertThat(lenient.post("/uploads/sessions", "{\"note\":1}").status()).isEqualTo(400);
        reply = "{\"error\":\"bad\"}";
        assertThatThrownBy(() -> lenient.post("/uploads/sessions", "{\"note\":1}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("response 400");
    }

    @Test
    void responseThatBreaksTheContractFails() {
        status = 418;
        assertThatThrownBy(() -> client.get("/credits/balance"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("418");
        status = 200;
        reply = "not json";
        assertThatThrownBy(() -> client.get("/credits/balance"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("not JSON");
    }
}
