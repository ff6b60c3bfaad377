package io.invoiceroutes.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.invoiceroutes.testing.Samples;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.invoiceroutes.sandbox.SandboxServerTest.submission;
import static io.invoiceroutes.sandbox.SandboxServerTest.waitFinal;
import static org.assertj.core.api.Assertions.assertThat;

/** maxRunningExtractions: a submit beyond the account's running extractions is accepted but failed at once. */
class ConcurrencyLimitTest {

    @Test
    void aSubmitBeyondTheLimitFailsAtOnceWithConcurrentTaskLimitAndChargesNothing() throws Exception {
        SandboxConfig config = SandboxConfig.builder().maxRunningExtractions(2).processingMillis(20_000).millisPerPage(0).build();
        try (SandboxServer s = new SandboxServer(config).start()) {
            SandboxClient c = new SandboxClient(s.baseUrl(), "k");
            List<String> ids = c.upload("sess", List.of(Samples.invoice("coolblue1.pdf")));
            String first = submit(c, "sub_1", ids);
            String second = submit(c, "sub_2", ids);

            String third = submit(c, "sub_3", ids);
            assertThat(third).isNotIn(first, second);
            JsonNode refused = c.get("/extractions/" + third).body();
            assertThat(refused.path("status").asText()).as("its first status is already final").isEqualTo("failed");
            assertThat(refused.path("success").asBoolean()).isFalse();
            JsonNode error = refused.path("error");
            assertThat(error.path("code").asText()).isEqualTo("CONCURRENT_TASK_LIMIT");
            assertThat(error.path("retryable").asBoolean()).isTrue();
            assertThat(error.path("message").asText()).contains("new submission_id").contains("pause");
            assertThat(error.path("details").path("running").asInt()).isEqualTo(2);
            assertThat(error.path("details").path("limit").asInt()).isEqualTo(2);
            assertThat(submit(c, "sub_3", ids)).as("idempotent by submission_id").isEqualTo(third);

            // a refused extraction is not running: the next one is refused for the same two
            String fourth = submit(c, "sub_4", ids);
            assertThat(c.get("/extractions/" + fourth).body().path("error").path("details").path("running").asInt()).isEqualTo(2);
            assertThat(c.get("/credits/balance").body().path("credits_balance").asLong()).isEqualTo(1000);

            assertThat(c.post("/extractions/" + first + "/cancel", null).status()).isEqualTo(200);
            assertThat(waitFinal(c, first).path("status").asText()).isEqualTo("cancelled");
            String fifth = submit(c, "sub_5", ids);
            assertThat(c.get("/extractions/" + fifth).body().path("status").asText()).isEqualTo("processing");

            for (String id : List.of(second, fifth)) {
                c.post("/extractions/" + id + "/cancel", null);
                assertThat(waitFinal(c, id).path("status").asText()).isEqualTo("cancelled");
            }
            JsonNode balance = c.get("/credits/balance").body();
            assertThat(balance.path("credits_balance").asLong()).isEqualTo(1000);
            assertThat(balance.path("credits_reserved").asLong()).isZero();
            assertThat(s.recorder().violations("response-self-check")).isEmpty();
        }
    }

    private static String submit(SandboxClient c, String submissionId, List<String> ids) throws Exception {
        var r = c.post("/extractions", submission(submissionId, "sess", ids, "Extract totals", Map.of()));
        assertThat(r.status()).as(r.body().toString()).isEqualTo(202);
        return r.body().path("extraction_id").asText();
    }
}
