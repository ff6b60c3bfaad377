package io.invoiceroutes.sandbox;

/**
 * The network between client and API: a fixed delay before every /v1 and storage request is answered, taken on the
 * request's own thread before any lock, so concurrent requests wait side by side as they would across the internet.
 */
final class RoundTrip {
    private final long millis;

    RoundTrip(long millis) {
        this.millis = millis;
    }

    /** Waits out the round trip; callers must hold no account lock here, or concurrent requests would queue. */
    void take() {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
