package io.invoiceroutes.sandbox;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The limiter counts a sliding 60 seconds per key and group, as the API does, not fixed minutes. */
class RateLimiterTest {

    @Test
    void aRequestIsRefusedWhileTheLastSixtySecondsHoldTheLimit() {
        RateLimiter limiter = new RateLimiter(0.1);
        assertThat(limiter.limit("reads")).isEqualTo(6);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("k", "reads", 0)).isZero();
        }
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("k", "reads", 30_000)).isZero();
        }
        assertThat(limiter.acquire("k", "reads", 30_000)).as("until the oldest leaves at 60 s").isEqualTo(30);
        assertThat(limiter.acquire("k", "reads", 59_001)).as("at least one whole second").isEqualTo(1);
        assertThat(limiter.acquire("other", "reads", 59_001)).as("another key has its own window").isZero();
        assertThat(limiter.acquire("k", "writes", 59_001)).as("another group has its own window").isZero();

        // at 60 s the three from 0 s have left, the three from 30 s have not: a fixed minute would allow six again
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("k", "reads", 60_000)).isZero();
        }
        assertThat(limiter.acquire("k", "reads", 60_000)).isEqualTo(30);
        assertThat(limiter.acquire("k", "reads", 89_999)).isEqualTo(1);
        assertThat(limiter.acquire("k", "reads", 90_000)).isZero();
    }
}
