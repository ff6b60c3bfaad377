package io.invoiceroutes.ops;

import org.apache.camel.health.HealthCheckResultBuilder;

import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Readiness: DOWN while the job store does not answer a trivial query within a few seconds (asked through
 * {@link BoundedCalls}, so a probe never waits for the pool's long connection timeout).
 */
public class JobStoreHealthCheck extends ReadinessCheck {
    private final StatusQueries queries;
    private final BoundedCalls calls;

    public JobStoreHealthCheck(StatusQueries queries, BoundedCalls calls) {
        super("invoice-job-store");
        this.queries = queries;
        this.calls = calls;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            calls.call(() -> {
                queries.ping();
                return null;
            });
            builder.up().message("The job store answers.");
        } catch (TimeoutException e) {
            builder.down().message("The job store does not answer within " + calls.timeoutMs() + " ms.");
        } catch (Exception e) {
            builder.down().message("The job store is unreachable: " + e.getMessage());
        }
    }
}
