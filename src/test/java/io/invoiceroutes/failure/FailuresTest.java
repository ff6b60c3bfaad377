package io.invoiceroutes.failure;

import io.invoiceroutes.api.ApiFailures;
import io.invoiceroutes.store.LeaseLostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The failure policy's decision table: each kind of failure gets exactly one reaction. */
class FailuresTest {
    private final Failures failures = new Failures(1000, 60_000, 10_000, 300_000, 5);

    private Failure api(int status, String code, boolean retryable, Map<String, Object> details, String state) {
        return failures.of(ApiFailures.of(status, code, "m", retryable, details, null), "b", "upload", state);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "401, API_KEY_REVOKED, KEY_REFUSED",
            "402, INSUFFICIENT_CREDITS, HOLD_CREDITS",
            "503, SUBMISSIONS_PAUSED, SUBMISSIONS_PAUSED",
            "409, SESSION_ALREADY_INITIALIZED, NEW_SESSION",
            "409, SUBMISSION_ID_ALREADY_USED, ADOPT_EXTRACTION",
            "400, INVALID_INPUT, QUARANTINE_BATCH",
            "404, EXTRACTION_NOT_FOUND, QUARANTINE_BATCH",
            "500, INTERNAL_ERROR, RETRY_LATER",
            "429, RATE_LIMITED, RETRY_LATER",
            "502, ANYTHING, RETRY_LATER"})
    void each_api_answer_has_one_reaction(int status, String code, Reaction expected) {
        assertThat(api(status, code, status >= 500 || status == 429, Map.of(), "SEALED").reaction()).isEqualTo(expected);
    }

    @Test
    void transport_database_and_disk_failures_and_anything_unexpected_are_retried_later() {
        for (Exception e : List.of(new IOException("connection reset"), new java.sql.SQLTransientConnectionException("pool"),
                new java.nio.file.FileSystemException("No space left on device"), new IllegalStateException("bug"))) {
            Failure f = failures.of(new RuntimeException("wrapped", e), "b", "poll", "SUBMITTED");
            assertThat(f.reaction()).as(e.toString()).isEqualTo(Reaction.RETRY_LATER);
            assertThat(f.code()).isEqualTo(e.getClass().getSimpleName());
        }
    }

    @Test
    void a_paid_batch_is_never_quarantined_whatever_the_answer() {
        assertThat(api(400, "INVALID_INPUT", false, Map.of(), "COMPLETED").reaction()).isEqualTo(Reaction.RETRY_LATER);
        assertThat(api(404, "OUTPUT_EXPIRED", false, Map.of(), "COMPLETED").reaction()).isEqualTo(Reaction.RETRY_LATER);
        assertThat(api(400, "ENCRYPTED_FILE", false, Map.of("file_names", List.of("a.pdf")), "COMPLETED").reaction())
                .isEqualTo(Reaction.RETRY_LATER);
        assertThat(api(401, "API_KEY_REVOKED", false, Map.of(), "COMPLETED").reaction()).isEqualTo(Reaction.KEY_REFUSED);
    }

    @Test
    void extraction_outcomes_resubmit_hold_or_quarantine() {
        Failure stalled = failures.of(ApiFailures.extractionFailed(status("SUBMISSION_STALLED", true, null)), "b", "poll", "SUBMITTED");
        Failure limit = failures.of(ApiFailures.extractionFailed(status("CONCURRENT_TASK_LIMIT", true, null)), "b", "poll", "SUBMITTED");
        Failure credits = failures.of(ApiFailures.extractionFailed(status("INSUFFICIENT_CREDITS", false, null)), "b", "poll", "SUBMITTED");
        Failure encrypted = failures.of(ApiFailures.extractionFailed(status("ENCRYPTED_FILE", false,
                Map.of("file_names", List.of("x.pdf")))), "b", "poll", "SUBMITTED");
        Failure prompt = failures.of(ApiFailures.extractionFailed(status("PROMPT_UNCLEAR", false, null)), "b", "poll", "SUBMITTED");

        assertThat(stalled.reaction()).isEqualTo(Reaction.RESUBMIT);
        assertThat(stalled.accountLimit()).isFalse();
        assertThat(limit.reaction()).isEqualTo(Reaction.RESUBMIT);
        assertThat(limit.accountLimit()).isTrue();
        assertThat(credits.reaction()).isEqualTo(Reaction.HOLD_CREDITS);
        assertThat(encrypted.reaction()).isEqualTo(Reaction.QUARANTINE_FILES);
        assertThat(encrypted.fileNames()).containsExactly("x.pdf");
        assertThat(prompt.reaction()).isEqualTo(Reaction.QUARANTINE_BATCH);
        assertThat(prompt.errorClass()).isEqualTo("prompt");
    }

    @Test
    void a_cancelled_extraction_reports_its_reason_in_the_right_class() {
        Map<String, Object> unanswered = Map.of("status", "cancelled", "cancellation_reason", "unanswered", "credits_deducted", 0);
        Map<String, Object> user = Map.of("status", "cancelled", "cancellation_reason", "user", "credits_deducted", 2);

        Failure questions = failures.of(ApiFailures.cancelled(unanswered, null), "b", "poll", "QUESTIONS");
        Failure deadline = failures.of(ApiFailures.cancelled(user, "deadline"), "b", "poll", "SUBMITTED");

        assertThat(questions.code()).isEqualTo("QUESTIONS_UNANSWERED");
        assertThat(questions.errorClass()).isEqualTo("prompt");
        assertThat(deadline.code()).isEqualTo("EXTRACTION_TIMED_OUT");
        assertThat(deadline.errorClass()).isEqualTo("failed");
        assertThat(deadline.message()).contains("Credits charged: 2");
    }

    @Test
    void paused_submissions_wait_until_the_time_the_api_gave() {
        Failure paused = api(503, "SUBMISSIONS_PAUSED", true, Map.of("resumes_at", "2026-11-30T10:00:00Z"), "SUBMITTING");

        assertThat(paused.resumesAt()).isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));
    }

    @Test
    void a_lost_lease_stops_the_worker() {
        assertThat(failures.of(new LeaseLostException("b"), "b", "upload", "SEALED").reaction()).isEqualTo(Reaction.LEASE_LOST);
    }

    @Test
    void retry_delays_grow_with_the_attempts_and_retry_after_wins_when_longer() {
        Failure plain = api(500, "INTERNAL_ERROR", true, Map.of(), "SEALED");
        Failure told = failures.of(ApiFailures.of(429, "RATE_LIMITED", "m", true, Map.of(), 90L), "b", "upload", "SEALED");

        assertThat(failures.retryDelayMs(plain, 0)).isBetween(750L, 1250L);
        assertThat(failures.retryDelayMs(plain, 3)).isBetween(6000L, 10_000L);
        assertThat(failures.retryDelayMs(plain, 30)).isBetween(45_000L, 75_000L);
        assertThat(failures.retryDelayMs(told, 0)).isEqualTo(90_250L);
    }

    @Test
    void resubmissions_are_bounded_and_their_pause_grows() {
        assertThat(failures.mayResubmit(4)).isTrue();
        assertThat(failures.mayResubmit(5)).isFalse();
        assertThat(failures.resubmitPauseMs(0)).isBetween(7500L, 12_500L);
        assertThat(failures.resubmitPauseMs(2)).isBetween(30_000L, 50_000L);
        assertThat(failures.attemptCodes(null, "INTERNAL_ERROR")).isNull();
        assertThat(failures.attemptCodes("SUBMISSION_STALLED", "INTERNAL_ERROR")).isEqualTo("SUBMISSION_STALLED,INTERNAL_ERROR");
    }

    private static Map<String, Object> status(String code, boolean retryable, Map<String, Object> details) {
        Map<String, Object> error = new java.util.HashMap<>();
        error.put("code", code);
        error.put("message", "m");
        error.put("retryable", retryable);
        error.put("details", details);
        return Map.of("status", "failed", "error", error);
    }
}
