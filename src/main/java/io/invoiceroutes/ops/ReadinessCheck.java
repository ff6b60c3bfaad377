package io.invoiceroutes.ops;

import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A check of the pipeline's surroundings (API, credits, job store, waiting batches): part of readiness only, as the
 * pipeline waits for them and resumes by itself, so a restart would not help.
 */
abstract class ReadinessCheck extends AbstractHealthCheck {
    ReadinessCheck(String id) {
        super("invoice", id);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }
}
