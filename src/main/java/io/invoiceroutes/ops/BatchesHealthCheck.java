package io.invoiceroutes.ops;

import org.apache.camel.health.HealthCheckResultBuilder;

import java.util.List;
import java.util.Map;

/** Details (always UP) on the batches that wait on someone: held for credits, reported stuck, or asking questions. */
public class BatchesHealthCheck extends ReadinessCheck {
    private final StatusQueries queries;
    private final BoundedCalls calls;
    private final long stuckSeconds;

    public BatchesHealthCheck(StatusQueries queries, BoundedCalls calls, long stuckSeconds) {
        super("invoice-batches");
        this.queries = queries;
        this.calls = calls;
        this.stuckSeconds = stuckSeconds;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.up();
        try {
            Map<String, Object> waiting = calls.call(() -> queries.waiting(stuckSeconds));
            List<?> held = (List<?>) waiting.get("held");
            List<?> stuck = (List<?>) waiting.get("stuck");
            List<?> questions = (List<?>) waiting.get("questions");
            builder.detail("held", held.size()).detail("stuck", stuck.size()).detail("questions", questions.size());
            if (!stuck.isEmpty()) {
                builder.detail("stuck_batches", String.join(",", stuck.stream().map(String::valueOf).toList()));
            }
            if (!held.isEmpty()) {
                builder.detail("held_batches", String.join(",", held.stream()
                        .map(h -> String.valueOf(((Map<?, ?>) h).get("batch_id"))).toList()));
            }
            builder.message(held.size() + " held for credits, " + stuck.size() + " reported stuck, " + questions.size()
                    + " waiting on questions (see /status)");
        } catch (Exception e) {
            // the job store check reports an unreachable store; this one only has nothing to say then
            builder.message("unknown while the job store does not answer");
        }
    }
}
