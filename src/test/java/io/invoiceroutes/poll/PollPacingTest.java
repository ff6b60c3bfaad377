package io.invoiceroutes.poll;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PollPacingTest {

    @Test
    void long_polling_has_no_delay_and_asks_the_api_to_wait() {
        PollPacing pacing = new PollPacing(30, 10_000, 60);

        assertThat(pacing.delayMs()).isZero();
        assertThat(pacing.query()).isEqualTo("wait=30");
    }

    @Test
    void the_wait_bounds_one_and_45_are_accepted() {
        assertThat(new PollPacing(1, 0, 1).query()).isEqualTo("wait=1");
        assertThat(new PollPacing(45, 0, 1).query()).isEqualTo("wait=45");
    }

    @Test
    void plain_polling_uses_the_interval_and_no_query() {
        PollPacing pacing = new PollPacing(0, 15_000, 60);

        assertThat(pacing.delayMs()).isEqualTo(15_000);
        assertThat(pacing.query()).isNull();
    }

    @Test
    void plain_polling_never_waits_less_than_five_seconds() {
        assertThat(new PollPacing(0, 1000, 60).delayMs()).isEqualTo(5000);
        assertThat(new PollPacing(0, 0, 60).delayMs()).isEqualTo(5000);
        assertThat(new PollPacing(0, 5000, 60).delayMs()).isEqualTo(5000);
        assertThat(new PollPacing(0, 5001, 60).delayMs()).isEqualTo(5001);
    }

    @Test
    void rejects_a_wait_over_45() {
        assertThatThrownBy(() -> new PollPacing(46, 5000, 60))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("INVOICE_POLL_WAIT_SECONDS")
                .hasMessageContaining("46");
    }

    @Test
    void rejects_a_negative_wait() {
        assertThatThrownBy(() -> new PollPacing(-1, 5000, 60))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void deadline_is_the_configured_minutes_from_now() {
        PollPacing pacing = new PollPacing(30, 0, 90);

        long before = System.currentTimeMillis();
        long deadline = pacing.deadline();
        long after = System.currentTimeMillis();

        assertThat(deadline).isBetween(before + 90 * 60_000L, after + 90 * 60_000L);
    }

    @Test
    void deadline_is_at_least_one_minute() {
        long before = System.currentTimeMillis();

        assertThat(new PollPacing(30, 0, 0).deadline()).isGreaterThanOrEqualTo(before + 60_000L);
        assertThat(new PollPacing(30, 0, -5).deadline()).isLessThanOrEqualTo(System.currentTimeMillis() + 60_000L);
    }

    @Test
    void is_past_compares_the_deadline_with_now() {
        PollPacing pacing = new PollPacing(30, 0, 60);

        assertThat(pacing.isPast(System.currentTimeMillis() - 1000)).isTrue();
        assertThat(pacing.isPast(pacing.deadline())).isFalse();
        assertThat(pacing.isPast(Long.MAX_VALUE)).isFalse();
    }
}
