package io.invoiceroutes.files;

import io.invoiceroutes.api.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorReportsTest {
    private final ErrorReports reports = new ErrorReports(Map.of("credits", "file:errors/credits", "alerts", "mock:alerts"));

    private static ApiException credits() {
        return new ApiException(200, "INSUFFICIENT_CREDITS", "Not enough credits", false,
                Map.of("credits_required", 12), null);
    }

    @Test
    void class_of_an_api_exception_is_the_folder_of_its_code() {
        assertThat(reports.classOf(credits(), null)).isEqualTo("credits");
        assertThat(reports.classOf(new ApiException(429, "RATE_LIMITED", "slow", true, null, 3L), ""))
                .isEqualTo("rate-limited");
    }

    @Test
    void class_of_a_local_code_wins_over_the_exception() {
        assertThat(reports.classOf(credits(), "ENCRYPTED_FILE")).isEqualTo("encrypted");
        assertThat(reports.classOf(null, "UNSUPPORTED_FILE")).isEqualTo("rejected");
    }

    @Test
    void class_of_a_plain_exception_or_nothing_is_failed() {
        assertThat(reports.classOf(new IllegalStateException("boom"), null)).isEqualTo("failed");
        assertThat(reports.classOf(null, null)).isEqualTo("failed");
        assertThat(reports.classOf(null, "   ")).isEqualTo("failed");
    }

    @Test
    void sidecar_of_an_api_exception_carries_its_code_message_flag_and_details() {
        Instant before = Instant.now();

        Map<String, Object> sidecar = reports.sidecar("credits", credits(), null, null, "poll", "batch_1",
                "file_1", "a.pdf");

        assertThat(sidecar).containsEntry("file_name", "a.pdf")
                .containsEntry("class", "credits")
                .containsEntry("code", "INSUFFICIENT_CREDITS")
                .containsEntry("message", "Not enough credits")
                .containsEntry("retryable", false)
                .containsEntry("details", Map.of("credits_required", 12))
                .containsEntry("stage", "poll")
                .containsEntry("batch_id", "batch_1")
                .containsEntry("file_id", "file_1");
        assertThat((String) sidecar.get("action")).contains("Top up credits");
        Instant time = Instant.parse((String) sidecar.get("time"));
        assertThat(time).isBetween(before.minus(Duration.ofSeconds(1)), Instant.now().plus(Duration.ofSeconds(1)));
        assertThat(sidecar.keySet()).containsExactly("file_name", "class", "code", "message", "retryable", "details",
                "action", "stage", "batch_id", "file_id", "time");
    }

    @Test
    void sidecar_of_a_retryable_api_exception_without_details_has_no_details_field() {
        ApiException e = new ApiException(503, "INTERNAL_ERROR", "down", true, Map.of(), null);

        Map<String, Object> sidecar = reports.sidecar("failed", e, null, null, "upload", "b", "f", "x.pdf");

        assertThat(sidecar).containsEntry("retryable", true).containsEntry("message", "down")
                .doesNotContainKey("details");
    }

    @Test
    void sidecar_of_a_local_code_uses_the_local_message_and_is_not_retryable() {
        Map<String, Object> sidecar = reports.sidecar("encrypted", new RuntimeException("ignored"), "ENCRYPTED_FILE",
                "the PDF is password protected", "ingest", null, "file_2", "secret.pdf");

        assertThat(sidecar).containsEntry("class", "encrypted")
                .containsEntry("code", "ENCRYPTED_FILE")
                .containsEntry("message", "the PDF is password protected")
                .containsEntry("retryable", false)
                .containsEntry("stage", "ingest")
                .containsEntry("batch_id", null)
                .containsEntry("file_id", "file_2")
                .doesNotContainKey("details");
        assertThat((String) sidecar.get("action")).contains("encrypted");
    }

    @Test
    void sidecar_of_a_plain_exception_names_its_type_and_message() {
        Map<String, Object> sidecar = reports.sidecar("failed", new IllegalStateException("disk full"), null, null,
                "deliver", "batch_9", "file_9", "z.png");

        assertThat(sidecar).containsEntry("code", "IllegalStateException")
                .containsEntry("message", "disk full")
                .containsEntry("retryable", false)
                .containsEntry("class", "failed");
        assertThat((String) sidecar.get("action")).startsWith("Processing failed");
        assertThat(sidecar).containsKeys("time", "stage", "batch_id", "file_id");
    }

    @Test
    void sidecar_without_any_failure_uses_the_local_message() {
        Map<String, Object> sidecar = reports.sidecar("failed", null, null, "stuck past the deadline", "poll", "b",
                "f", "n.pdf");

        assertThat(sidecar).containsEntry("code", "UNKNOWN").containsEntry("message", "stuck past the deadline");
    }

    @Test
    void every_class_has_its_own_action() {
        assertThat(ErrorReports.actionFor("credits")).contains("credits");
        assertThat(ErrorReports.actionFor("encrypted")).contains("password");
        assertThat(ErrorReports.actionFor("rate-limited")).contains("later");
        assertThat(ErrorReports.actionFor("rejected")).contains("type, size and name");
        assertThat(ErrorReports.actionFor("prompt")).contains("INVOICE_PROMPT_FILE");
        assertThat(ErrorReports.actionFor("failed")).contains("retry");
        assertThat(ErrorReports.actionFor("anything")).isEqualTo(ErrorReports.actionFor("failed"));
    }

    @Test
    void endpoint_per_class_comes_from_configuration_and_a_missing_one_names_its_property() {
        assertThat(reports.endpointFor("credits")).isEqualTo("file:errors/credits");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reports.endpointFor("prompt"))
                .hasMessageContaining("invoice.errors.prompt.endpoint");
    }

    @Test
    void reaction_holds_for_credits_pauses_for_401_and_fails_otherwise() {
        assertThat(reports.reaction(credits())).isEqualTo("credits");
        assertThat(reports.reaction(new ApiException(401, "API_KEY_REVOKED", "revoked", false, null, null))).isEqualTo("auth");
        assertThat(reports.reaction(new ApiException(400, "INVALID_INPUT", "bad", false, null, null))).isEqualTo("fail");
        assertThat(reports.reaction(new IllegalStateException("x"))).isEqualTo("fail");
    }
}
