package io.invoiceroutes.sandbox;

import java.util.Random;

/**
 * Deterministic (seeded) fault decisions: server errors and spurious 429s on /v1, dropped connections on /v1
 * and storage, extractions failing part-way. A rate r hits evenly spaced requests (one in 1/r, starting at an offset
 * drawn from the seed), so a run of any length sees its share of faults whatever the thread interleaving.
 */
public final class FaultInjector {
    /** What to do to one request. */
    public enum Fault { NONE, SERVER_ERROR, RATE_LIMIT_STORM, DROP_CONNECTION }

    private final SandboxConfig config;
    private final double dropOffset;
    private final double errorOffset;
    private final double stormOffset;
    private final double failureOffset;
    private long all;
    private long api;
    private long started;
    private long failures;

    public FaultInjector(SandboxConfig config) {
        this.config = config;
        Random random = new Random(config.seed());
        this.dropOffset = random.nextDouble();
        this.errorOffset = random.nextDouble();
        this.stormOffset = random.nextDouble();
        this.failureOffset = random.nextDouble();
    }

    /**
     * Decides for the next extraction that starts processing whether it fails part-way (retryableFailureRate):
     * null when it does not, else its retryable code, INTERNAL_ERROR and SUBMISSION_STALLED in turn.
     */
    public synchronized String failAfterStart() {
        if (!hits(started++, config.retryableFailureRate(), failureOffset)) {
            return null;
        }
        return failures++ % 2 == 0 ? "INTERNAL_ERROR" : "SUBMISSION_STALLED";
    }

    /** Decides the fault for the next request; {@code api} is true for /v1, false for storage URLs. */
    public synchronized Fault next(boolean api) {
        long n = all++;
        if (hits(n, config.dropConnectionRate(), dropOffset)) {
            return Fault.DROP_CONNECTION;
        }
        if (!api) {
            return Fault.NONE;
        }
        long m = this.api++;
        if (hits(m, config.serverErrorRate(), errorOffset)) {
            return Fault.SERVER_ERROR;
        }
        if (hits(m, config.rateLimitStormRate(), stormOffset)) {
            return Fault.RATE_LIMIT_STORM;
        }
        return Fault.NONE;
    }

    /** True for the n-th request when the running share of hits at rate r steps up here. */
    static boolean hits(long n, double rate, double offset) {
        if (rate <= 0) {
            return false;
        }
        if (rate >= 1) {
            return true;
        }
        return Math.floor((n + 1) * rate + offset) > Math.floor(n * rate + offset);
    }
}
