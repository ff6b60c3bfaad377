package io.invoiceroutes.sandbox;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The limits and slow paths are settings: builder defaults as the contract says, CLI options and SANDBOX_* variables. */
class SandboxOptionsTest {
    private static final Map<String, String> OPTIONS = Map.of(
            "max-running-extractions", "SANDBOX_MAX_RUNNING_EXTRACTIONS",
            "retryable-failure-rate", "SANDBOX_RETRYABLE_FAILURE_RATE",
            "submissions-paused-seconds", "SANDBOX_SUBMISSIONS_PAUSED_SECONDS",
            "answer-by-seconds", "SANDBOX_ANSWER_BY_SECONDS",
            "millis-per-page", "SANDBOX_MILLIS_PER_PAGE",
            "round-trip-millis", "SANDBOX_ROUND_TRIP_MILLIS");

    @Test
    void defaultsFollowTheContract() {
        SandboxConfig c = SandboxConfig.builder().build();
        assertThat(c.maxRunningExtractions()).isEqualTo(15);
        assertThat(c.answerBySeconds()).isEqualTo(40 * 3600);
        assertThat(c.millisPerPage()).isEqualTo(200);
        assertThat(c.retryableFailureRate()).isZero();
        assertThat(c.submissionsPausedSeconds()).isZero();
        assertThat(c.roundTripMillis()).isZero();
    }

    @Test
    void everySettingHasAnOptionAndAnEnvironmentVariableListedInHelp() {
        String help = SandboxMain.help();
        OPTIONS.forEach((option, env) -> assertThat(help).contains("--" + option).contains(env));
        assertThat(help).doesNotContain("slow-millis");

        SandboxConfig cli = SandboxMain.parse(List.of("--max-running-extractions", "3", "--retryable-failure-rate=0.25",
                "--submissions-paused-seconds", "7", "--answer-by-seconds", "60", "--millis-per-page", "50",
                "--round-trip-millis", "150"), Map.of());
        SandboxConfig env = SandboxMain.parse(List.of(), Map.of("SANDBOX_MAX_RUNNING_EXTRACTIONS", "3",
                "SANDBOX_RETRYABLE_FAILURE_RATE", "0.25", "SANDBOX_SUBMISSIONS_PAUSED_SECONDS", "7",
                "SANDBOX_ANSWER_BY_SECONDS", "60", "SANDBOX_MILLIS_PER_PAGE", "50", "SANDBOX_ROUND_TRIP_MILLIS", "150"));
        for (SandboxConfig c : List.of(cli, env)) {
            assertThat(c.maxRunningExtractions()).isEqualTo(3);
            assertThat(c.retryableFailureRate()).isEqualTo(0.25);
            assertThat(c.submissionsPausedSeconds()).isEqualTo(7);
            assertThat(c.answerBySeconds()).isEqualTo(60);
            assertThat(c.millisPerPage()).isEqualTo(50);
            assertThat(c.roundTripMillis()).isEqualTo(150);
        }
    }

    @Test
    void impossibleValuesAndTheOldSlowMillisAreRefused() {
        assertThatThrownBy(() -> SandboxMain.parse(List.of("--slow-millis", "400"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> SandboxMain.parse(List.of("--retryable-failure-rate", "1.5"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SandboxMain.parse(List.of("--max-running-extractions", "0"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SandboxConfig.builder().roundTripMillis(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
