package io.invoiceroutes.ops;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Readiness: DOWN while the job store does not answer a trivial query within a few seconds. The query runs on
 * its own thread, so a probe never waits for the pool's long connection timeout.
 */
public class JobStoreHealthCheck extends AbstractHealthCheck {
    private final StatusQueries queries;
    private final long timeoutMs;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "job-store-health");
        t.setDaemon(true);
        return t;
    });
    private volatile Future<?> running;

    public JobStoreHealthCheck(StatusQueries queries, long timeoutMs) {
        super("invoice", "invoice-job-store");
        this.queries = queries;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public boolean isLiveness() {
        // the pipeline waits for its job store and resumes by itself; a restart would not help
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Future<?> check = running;
        if (check == null || check.isDone()) {
            check = worker.submit(queries::ping);
            running = check;
        }
        try {
            check.get(timeoutMs, TimeUnit.MILLISECONDS);
            builder.up().message("The job store answers.");
        } catch (TimeoutException e) {
            builder.down().message("The job store does not answer within " + timeoutMs + " ms.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            builder.down().message("Interrupted while asking the job store.");
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            builder.down().message("The job store is unreachable: " + cause.getMessage());
        }
    }
}
