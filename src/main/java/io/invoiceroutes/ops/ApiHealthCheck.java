package io.invoiceroutes.ops;

import io.invoiceroutes.credits.ApiGate;
import org.apache.camel.health.HealthCheckResultBuilder;

import java.util.Map;

/** Readiness: DOWN while the API refuses the key or cannot be reached, as the last balance probe saw it (no API call). */
public class ApiHealthCheck extends ReadinessCheck {
    private final ApiProbe probe;
    private final ApiGate gate;

    public ApiHealthCheck(ApiProbe probe, ApiGate gate) {
        super("invoice-api");
        this.probe = probe;
        this.gate = gate;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        ApiProbe.Reading r = probe.last();
        if (r != null) {
            builder.detail("probed_at", r.at().toString()).detail("outcome", r.outcome());
        }
        builder.detail("api_work", gate.isOpen() ? "running" : "paused");
        if (!gate.isOpen() || r != null && "key-refused".equals(r.outcome())) {
            builder.down().message("The API refuses the key: API work is paused until it is accepted again."
                    + " Set a valid INVOICE_API_KEY (see the alerts endpoint).");
        } else if (r == null) {
            builder.down().message("The API has not been probed yet.");
        } else if (!r.ok()) {
            builder.down().message("The API cannot be reached (" + r.outcome() + "): " + r.message());
        } else {
            builder.up().message("The API accepts the key.");
        }
    }
}
