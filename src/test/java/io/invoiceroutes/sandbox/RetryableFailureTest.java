package io.invoiceroutes.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.invoiceroutes.testing.Samples;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.invoiceroutes.sandbox.SandboxServerTest.submission;
import static io.invoiceroutes.sandbox.SandboxServerTest.waitFinal;
import static org.assertj.core.api.Assertions.assertThat;

/** retryableFailureRate: that share of the started extractions fails part-way, retryable, with nothing charged. */
class RetryableFailureTest {

    @Test
    void decisionsAreEvenlySpacedAndAlternateTheirCodes() {
        FaultInjector faults = new FaultInjector(SandboxConfig.builder().retryableFailureRate(0.3).seed(7).build());
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String code = faults.failAfterStart();
            if (code != null) {
                codes.add(code);
            }
        }
        assertThat(codes).containsExactly("INTERNAL_ERROR", "SUBMISSION_STALLED", "INTERNAL_ERROR");
        assertThat(new FaultInjector(SandboxConfig.builder().build()).failAfterStart()).as("off by default").isNull();
    }

    @Test
    void threeOfTenExtractionsFailRetryablyAndReleaseTheirCredits() throws Exception {
        SandboxConfig config = SandboxConfig.builder().retryableFailureRate(0.3).processingMillis(300).millisPerPage(0).build();
        try (SandboxServer s = new SandboxServer(config).start()) {
            SandboxClient c = new SandboxClient(s.baseUrl(), "k");
            List<String> ids = c.upload("sess", List.of(Samples.invoice("coolblue1.pdf")));
            List<String> extractions = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                var r = c.post("/extractions", submission("sub_" + i, "sess", ids, "Extract totals", Map.of()));
                assertThat(r.status()).isEqualTo(202);
                extractions.add(r.body().path("extraction_id").asText());
            }
            List<JsonNode> failed = new ArrayList<>();
            for (String id : extractions) {
                JsonNode done = waitFinal(c, id);
                if (done.path("status").asText().equals("failed")) {
                    failed.add(done);
                } else {
                    assertThat(done.path("status").asText()).isEqualTo("completed");
                }
            }
            assertThat(failed).hasSize(3);
            assertThat(failed).allSatisfy(f -> {
                assertThat(f.path("success").asBoolean()).isFalse();
                assertThat(f.path("error").path("retryable").asBoolean()).isTrue();
                assertThat(f.path("error").path("code").asText()).isIn("INTERNAL_ERROR", "SUBMISSION_STALLED");
                assertThat(f.path("error").path("message").asText()).contains("new submission_id");
            });
            assertThat(failed).extracting(f -> f.path("error").path("code").asText())
                    .contains("INTERNAL_ERROR", "SUBMISSION_STALLED");
            JsonNode balance = c.get("/credits/balance").body();
            assertThat(balance.path("credits_balance").asLong()).as("only the 7 completed one-page extractions are charged")
                    .isEqualTo(1000 - 7);
            assertThat(balance.path("credits_reserved").asLong()).isZero();
            assertThat(s.recorder().violations("response-self-check")).isEmpty();
        }
    }
}
