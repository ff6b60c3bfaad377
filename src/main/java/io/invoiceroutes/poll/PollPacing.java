package io.invoiceroutes.poll;

/**
 * How the status loop is paced: a held long-poll ({@code wait}, 1..45 s) needs no delay between calls; plain
 * polling waits at least the contract's 5 s between status calls for the same extraction.
 */
public class PollPacing {
    static final long CONTRACT_MIN_INTERVAL_MS = 5000;
    private final int waitSeconds;
    private final long intervalMs;
    private final long deadlineMs;

    public PollPacing(int waitSeconds, long intervalMs, long deadlineMinutes) {
        if (waitSeconds < 0 || waitSeconds > 45) {
            throw new IllegalArgumentException("INVOICE_POLL_WAIT_SECONDS must be 0 (plain polling) or 1..45, got "
                    + waitSeconds);
        }
        this.waitSeconds = waitSeconds;
        this.intervalMs = Math.max(CONTRACT_MIN_INTERVAL_MS, intervalMs);
        this.deadlineMs = Math.max(1, deadlineMinutes) * 60_000L;
    }

    /** Delay before each status call: 0 when long-polling, else the plain interval (never under 5 s). */
    public long delayMs() {
        return waitSeconds > 0 ? 0 : intervalMs;
    }

    /** The status call's query string: {@code wait=N}, or null for a plain call. */
    public String query() {
        return waitSeconds > 0 ? "wait=" + waitSeconds : null;
    }

    /** The moment (epoch ms) after which an extraction still processing counts as stuck. */
    public long deadline() {
        return System.currentTimeMillis() + deadlineMs;
    }

    public boolean isPast(long deadline) {
        return System.currentTimeMillis() > deadline;
    }
}
