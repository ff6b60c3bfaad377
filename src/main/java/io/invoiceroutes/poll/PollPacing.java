package io.invoiceroutes.poll;

/**
 * How status checks are paced: one check is one round for one batch, and the next is due after
 * {@link #nextDueMs}. A held long-poll ({@code wait}, 1..45 s) is followed at once; a plain call, or a held one
 * the API answered early, no sooner than the contract's 5 s after the last one started. Extractions waiting on
 * questions are looked at every {@code questionsRecheckMs}.
 */
public class PollPacing {
    static final long CONTRACT_MIN_INTERVAL_MS = 5000;
    private final int waitSeconds;
    private final long intervalMs;
    private final long deadlineMs;
    private final long questionsRecheckMs;

    public PollPacing(int waitSeconds, long intervalMs, double deadlineMinutes, long questionsRecheckMs) {
        if (waitSeconds < 0 || waitSeconds > 45) {
            throw new IllegalArgumentException("INVOICE_POLL_WAIT_SECONDS must be 0 (plain polling) or 1..45, got "
                    + waitSeconds);
        }
        this.waitSeconds = waitSeconds;
        this.intervalMs = Math.max(CONTRACT_MIN_INTERVAL_MS, intervalMs);
        if (deadlineMinutes <= 0) {
            throw new IllegalArgumentException("INVOICE_POLL_DEADLINE_MINUTES must be above 0, got " + deadlineMinutes);
        }
        this.deadlineMs = Math.round(deadlineMinutes * 60_000);
        this.questionsRecheckMs = Math.max(CONTRACT_MIN_INTERVAL_MS, questionsRecheckMs);
    }

    /** The {@code wait} of the next status call of a batch in {@code state}: held while processing, plain otherwise. */
    public int waitSeconds(String state) {
        return "SUBMITTED".equals(state) ? waitSeconds : 0;
    }

    /** How long after a status call that started at {@code callStartedMillis} (and ended now) the next one is due. */
    public long nextDueMs(String state, int waitUsed, long callStartedMillis) {
        return nextDueMs(state, waitUsed, callStartedMillis, System.currentTimeMillis());
    }

    long nextDueMs(String state, int waitUsed, long callStartedMillis, long nowMillis) {
        long callMs = Math.max(0, nowMillis - callStartedMillis);
        if ("QUESTIONS".equals(state)) {
            return questionsRecheckMs;
        }
        if (waitUsed > 0 && callMs >= waitUsed * 1000L - 1000L) {
            return 0;
        }
        long spacing = waitUsed > 0 ? CONTRACT_MIN_INTERVAL_MS : intervalMs;
        return Math.max(0, spacing - callMs);
    }

    /** This JVM's time in ms, to measure how long a status call took. */
    public long now() {
        return System.currentTimeMillis();
    }

    /** How long an extraction may run after its submit before it is cancelled at the API, in ms. */
    public long deadlineMs() {
        return deadlineMs;
    }
}
