package io.invoiceroutes.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A deploy-style pause of POST /extractions: until it ends, submits answer 503 SUBMISSIONS_PAUSED with its end time. */
final class SubmissionPause {
    private volatile Instant resumesAt = Instant.EPOCH;

    /** Pauses submissions for this long from now (zero or negative resumes them); returns the end of the pause. */
    Instant pauseFor(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            clear();
            return Instant.now();
        }
        Instant end = Instant.now().plus(duration);
        // whole seconds, rounded up: details.resumes_at reads like 2026-11-29T21:30:00Z and is never early
        Instant whole = end.truncatedTo(ChronoUnit.SECONDS);
        resumesAt = whole.equals(end) ? whole : whole.plusSeconds(1);
        return resumesAt;
    }

    /** When the pause in force at {@code now} ends, or null when submissions are open. */
    Instant resumesAt(Instant now) {
        Instant end = resumesAt;
        return now.isBefore(end) ? end : null;
    }

    void clear() {
        resumesAt = Instant.EPOCH;
    }
}
