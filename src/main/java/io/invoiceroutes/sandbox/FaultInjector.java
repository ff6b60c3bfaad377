package io.invoiceroutes.sandbox;

import java.util.Random;

/**
 * Deterministic (seeded) fault decisions: server errors and spurious 429s on /v1, dropped connections and
 * slow answers on /v1 and storage.
 */
public final class FaultInjector {
    /** What to do to one request. */
    public enum Fault { NONE, SERVER_ERROR, RATE_LIMIT_STORM, DROP_CONNECTION }

    private final SandboxConfig config;
    private final Random random;

    public FaultInjector(SandboxConfig config) {
        this.config = config;
        this.random = new Random(config.seed());
    }

    /** Decides the fault for the next request; {@code api} is true for /v1, false for storage URLs. */
    public synchronized Fault next(boolean api) {
        double drop = random.nextDouble();
        double err = random.nextDouble();
        double storm = random.nextDouble();
        if (drop < config.dropConnectionRate()) {
            return Fault.DROP_CONNECTION;
        }
        if (api && err < config.serverErrorRate()) {
            return Fault.SERVER_ERROR;
        }
        if (api && storm < config.rateLimitStormRate()) {
            return Fault.RATE_LIMIT_STORM;
        }
        return Fault.NONE;
    }

    public void slow() {
        if (config.slowMillis() > 0) {
            try {
                Thread.sleep(config.slowMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
