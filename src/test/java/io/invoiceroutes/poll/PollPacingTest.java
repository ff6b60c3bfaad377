package io.invoiceroutes.poll;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PollPacingTest {
    private static final long T0 = 1_000_000L;

    @Test
    void a_running_extraction_is_checked_with_a_held_request_and_a_waiting_one_with_a_plain_one() {
        PollPacing pacing = new PollPacing(25, 5000, 60, 300_000);

        assertThat(pacing.waitSeconds("SUBMITTED")).isEqualTo(25);
        assertThat(pacing.waitSeconds("QUESTIONS")).isZero();
    }

    @Test
    void a_held_request_that_lasted_its_wait_is_followed_at_once() {
        PollPacing pacing = new PollPacing(25, 5000, 60, 300_000);

        assertThat(pacing.nextDueMs("SUBMITTED", 25, T0, T0 + 25_000)).isZero();
        assertThat(pacing.nextDueMs("SUBMITTED", 25, T0, T0 + 24_100)).isZero();
    }

    @Test
    void a_held_request_the_api_answered_early_is_not_repeated_sooner_than_five_seconds_after_it_started() {
        PollPacing pacing = new PollPacing(25, 5000, 60, 300_000);

        assertThat(pacing.nextDueMs("SUBMITTED", 25, T0, T0 + 300)).isEqualTo(4700);
        assertThat(pacing.nextDueMs("SUBMITTED", 25, T0, T0 + 7000)).isZero();
    }

    @Test
    void plain_polling_keeps_the_interval_and_never_less_than_five_seconds() {
        assertThat(new PollPacing(0, 15_000, 60, 300_000).nextDueMs("SUBMITTED", 0, T0, T0 + 1000)).isEqualTo(14_000);
        assertThat(new PollPacing(0, 1000, 60, 300_000).nextDueMs("SUBMITTED", 0, T0, T0 + 200)).isEqualTo(4800);
        assertThat(new PollPacing(0, 0, 60, 300_000).waitSeconds("SUBMITTED")).isZero();
    }

    @Test
    void questions_are_looked_at_again_after_the_recheck_and_never_sooner_than_five_seconds() {
        assertThat(new PollPacing(25, 5000, 60, 120_000).nextDueMs("QUESTIONS", 0, T0, T0 + 100)).isEqualTo(120_000);
        assertThat(new PollPacing(25, 5000, 60, 10).nextDueMs("QUESTIONS", 0, T0, T0 + 100)).isEqualTo(5000);
    }

    @Test
    void the_wait_bounds_one_and_45_are_accepted_and_others_refused_naming_the_setting() {
        assertThat(new PollPacing(1, 0, 1, 0).waitSeconds("SUBMITTED")).isEqualTo(1);
        assertThat(new PollPacing(45, 0, 1, 0).waitSeconds("SUBMITTED")).isEqualTo(45);
        assertThatThrownBy(() -> new PollPacing(46, 5000, 60, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("INVOICE_POLL_WAIT_SECONDS").hasMessageContaining("46");
        assertThatThrownBy(() -> new PollPacing(-1, 5000, 60, 0)).hasMessageContaining("-1");
    }

    @Test
    void the_deadline_is_in_minutes_with_decimals_and_must_be_positive() {
        assertThat(new PollPacing(25, 0, 90, 0).deadlineMs()).isEqualTo(90 * 60_000L);
        assertThat(new PollPacing(25, 0, 0.1, 0).deadlineMs()).isEqualTo(6_000L);
        assertThatThrownBy(() -> new PollPacing(25, 0, 0, 0)).hasMessageContaining("INVOICE_POLL_DEADLINE_MINUTES");
    }
}
