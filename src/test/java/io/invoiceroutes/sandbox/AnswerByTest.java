package io.invoiceroutes.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.invoiceroutes.testing.Samples;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.invoiceroutes.sandbox.SandboxServerTest.submission;
import static io.invoiceroutes.sandbox.SandboxServerTest.waitFinal;
import static org.assertj.core.api.Assertions.assertThat;

/** answerBySeconds: answer_by is that long after the questions; still unanswered then, the extraction is cancelled. */
class AnswerByTest {

    @Test
    void questionsNotAllAnsweredByAnswerByCancelTheExtractionAsUnanswered() throws Exception {
        SandboxConfig config = SandboxConfig.builder().answerBySeconds(2).processingMillis(200).millisPerPage(0).build();
        try (SandboxServer s = new SandboxServer(config).start()) {
            SandboxClient c = new SandboxClient(s.baseUrl(), "k");
            List<String> ids = c.upload("sess", List.of(Samples.invoice("coolblue1.pdf")));
            Instant submitted = Instant.now();
            String id = c.post("/extractions", submission("sub", "sess", ids, "Extract totals", Map.of("ask_questions", true)))
                    .body().path("extraction_id").asText();
            JsonNode asking = waitFinal(c, id);
            Instant seen = Instant.now();
            assertThat(asking.path("status").asText()).isEqualTo("input_required");
            Instant answerBy = Instant.parse(asking.path("answer_by").asText());
            assertThat(answerBy).isAfterOrEqualTo(submitted.plusSeconds(2).minusMillis(1)).isBeforeOrEqualTo(seen.plusSeconds(2));
            var partial = c.post("/extractions/" + id + "/answers", Map.of("answers", List.of(Map.of("question_id", "q_1", "choice_id", "a"))));
            assertThat(partial.body().path("status").asText()).isEqualTo("input_required");
            assertThat(c.get("/credits/balance").body().path("credits_reserved").asLong()).isEqualTo(1);

            JsonNode cancelled = Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                    .until(() -> c.get("/extractions/" + id + "?wait=1").body(), b -> b.path("status").asText().equals("cancelled"));
            assertThat(Instant.now()).isAfterOrEqualTo(answerBy);
            assertThat(cancelled.path("cancellation_reason").asText()).isEqualTo("unanswered");
            assertThat(cancelled.path("credits_deducted").asLong()).as("no page was processed yet").isZero();
            assertThat(cancelled.path("credits_reserved").asLong()).isZero();
            assertThat(cancelled.path("credits_balance").asLong()).isEqualTo(1000);
            var late = c.post("/extractions/" + id + "/answers", Map.of("answers", List.of(Map.of("question_id", "q_2", "accept_recommended", true))));
            assertThat(late.body().path("status").asText()).as("a late answer resumes nothing").isEqualTo("cancelled");
            assertThat(s.recorder().violations("response-self-check")).isEmpty();
        }
    }

    @Test
    void byDefaultAnswerByIsFortyHoursAfterTheQuestions() throws Exception {
        try (SandboxServer s = new SandboxServer(SandboxConfig.builder().processingMillis(200).build()).start()) {
            SandboxClient c = new SandboxClient(s.baseUrl(), "k");
            List<String> ids = c.upload("sess", List.of(Samples.invoice("coolblue1.pdf")));
            Instant submitted = Instant.now();
            String id = c.post("/extractions", submission("sub", "sess", ids, "Extract totals", Map.of("ask_questions", true)))
                    .body().path("extraction_id").asText();
            JsonNode asking = waitFinal(c, id);
            assertThat(asking.path("status").asText()).isEqualTo("input_required");
            assertThat(Instant.parse(asking.path("answer_by").asText()))
                    .isBetween(submitted.plus(Duration.ofHours(40)).minusSeconds(1), Instant.now().plus(Duration.ofHours(40)));
        }
    }
}
