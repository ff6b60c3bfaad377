package io.invoiceroutes.ops;

import io.invoiceroutes.credits.ApiGate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The status page's one overview document: the API and credits, counts, recent batches, quarantined files. */
public class StatusOverview {
    private final StatusQueries queries;
    private final ApiProbe probe;
    private final ApiGate gate;
    private final OperatorToken token;
    private final int limit;
    private final BoundedCalls calls;

    public StatusOverview(StatusQueries queries, ApiProbe probe, ApiGate gate, OperatorToken token, int limit, BoundedCalls calls) {
        this.calls = calls;
        this.queries = queries;
        this.probe = probe;
        this.gate = gate;
        this.token = token;
        this.limit = limit;
    }

    /** The overview; while the job store does not answer in time, a 500 that says so instead of a hanging page. */
    public Map<String, Object> overview() throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("generated_at", Instant.now().toString());
        Map<String, Object> api = new LinkedHashMap<>();
        ApiProbe.Reading r = probe.last();
        api.put("work", gate.isOpen() ? "running" : "paused: the API refuses the key");
        api.put("outcome", r == null ? "not probed yet" : r.outcome());
        api.put("message", r == null ? null : r.message());
        api.put("probed_at", r == null ? null : r.at().toString());
        api.put("usable_credits", r == null ? null : r.usable());
        api.put("credits_warn_below", probe.warnBelow());
        api.put("credits_low", r != null && r.usable() != null && r.usable() < probe.warnBelow());
        out.put("api", api);
        out.put("operator_actions", token.configured());
        try {
            out.putAll(calls.call(() -> {
                Map<String, Object> db = new LinkedHashMap<>();
                db.put("files", queries.fileStates());
                db.put("batch_states", queries.batchStates());
                db.put("batches", queries.batches(limit));
                db.put("errors", queries.errors(limit));
                return db;
            }));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the job store does not answer within " + calls.timeoutMs() + " ms");
        }
        return out;
    }
}
