package io.invoiceroutes.ops;

import org.apache.camel.health.HealthCheckResultBuilder;

import java.util.Map;

/** The usable credits as the last balance probe saw them, a warning below the threshold but never DOWN (batches wait held). */
public class CreditsHealthCheck extends ReadinessCheck {
    private final ApiProbe probe;

    public CreditsHealthCheck(ApiProbe probe) {
        super("invoice-credits");
        this.probe = probe;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.up().detail("warn_below", probe.warnBelow());
        ApiProbe.Reading r = probe.last();
        if (r == null || r.usable() == null) {
            builder.message("The credits are not known yet.");
            return;
        }
        builder.detail("usable", r.usable()).detail("balance", r.balance()).detail("reserved", r.reserved());
        if (r.usable() < probe.warnBelow()) {
            builder.detail("warning", true).message("WARN: " + r.usable() + " usable credits, below " + probe.warnBelow()
                    + ". Buy credits in the vendor dashboard; batches that do not fit are held until then.");
        } else {
            builder.detail("warning", false).message(r.usable() + " usable credits.");
        }
    }
}
