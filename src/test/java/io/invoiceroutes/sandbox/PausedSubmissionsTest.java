package io.invoiceroutes.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.invoiceroutes.testing.Samples;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.invoiceroutes.sandbox.SandboxServerTest.submission;
import static org.assertj.core.api.Assertions.assertThat;

/** submissionsPausedSeconds and the pause hooks: POST /extractions answers 503 SUBMISSIONS_PAUSED until resumes_at. */
class PausedSubmissionsTest {

    @Test
    void submitsArePausedAfterStartThenWorkAgainAndTheHooksPauseThemAtWill() throws Exception {
        Instant started = Instant.now();
        try (SandboxServer s = new SandboxServer(SandboxConfig.builder().submissionsPausedSeconds(2).processingMillis(100).build()).start()) {
            SandboxClient c = new SandboxClient(s.baseUrl(), "k");
            List<String> ids = c.upload("sess", List.of(Samples.invoice("coolblue1.pdf")));
            Map<String, Object> body = submission("sub_1", "sess", ids, "Extract totals", Map.of());

            JsonNode error = paused(c, body);
            String resumesText = error.path("details").path("resumes_at").asText();
            assertThat(resumesText).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            Instant resumesAt = Instant.parse(resumesText);
            assertThat(resumesAt).isAfter(Instant.now()).isBeforeOrEqualTo(started.plusSeconds(4));

            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Instant.now().isAfter(resumesAt));
            assertThat(c.post("/extractions", body).status()).isEqualTo(202);

            Instant end = s.pauseSubmissions(Duration.ofSeconds(60));
            Map<String, Object> next = submission("sub_2", "sess", ids, "Extract totals", Map.of());
            assertThat(Instant.parse(paused(c, next).path("details").path("resumes_at").asText())).isEqualTo(end);

            assertThat(admin(c, s, 0)).contains("\"paused\":false");
            assertThat(c.post("/extractions", next).status()).isEqualTo(202);
            assertThat(admin(c, s, 30)).contains("\"paused\":true");
            paused(c, submission("sub_3", "sess", ids, "Extract totals", Map.of()));
            assertThat(s.recorder().violations("response-self-check")).isEmpty();
        }
    }

    /** Submits, expecting the 503 (the client checks it against the contract); returns its error object. */
    private static JsonNode paused(SandboxClient c, Map<String, Object> body) throws Exception {
        var r = c.post("/extractions", body);
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(503);
        JsonNode error = r.body().path("error");
        assertThat(error.path("code").asText()).isEqualTo("SUBMISSIONS_PAUSED");
        assertThat(error.path("retryable").asBoolean()).isTrue();
        return error;
    }

    private static String admin(SandboxClient c, SandboxServer s, int seconds) throws Exception {
        var r = c.raw(HttpRequest.newBuilder(URI.create(s.origin() + "/_sandbox/pause-submissions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"seconds\": " + seconds + "}")).build());
        assertThat(r.statusCode()).isEqualTo(200);
        return new String(r.body());
    }
}
