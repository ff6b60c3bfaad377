package io.invoiceroutes.store;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who this instance is, how long its claim on a batch holds, and which batches it is working on right now
 * (their leases are renewed until the exchange that claimed them is done, however it ends). Times are the
 * database's: the ledger adds the lease to CURRENT_TIMESTAMP.
 */
public class Leases {
    private final String owner;
    private final int leaseSeconds;
    /** batch id -> exchanges of this instance holding it now. */
    private final Map<String, Integer> held = new ConcurrentHashMap<>();

    public Leases(int leaseSeconds) {
        this(leaseSeconds, "");
    }

    /** A non-blank {@code instanceName} (e.g. the host) prefixes the owner id, so events show which instance worked. */
    public Leases(int leaseSeconds, String instanceName) {
        if (leaseSeconds < 2) {
            throw new IllegalArgumentException("invoice.stage.lease-seconds must be at least 2, got " + leaseSeconds);
        }
        this.leaseSeconds = leaseSeconds;
        String base = instanceName == null || instanceName.isBlank()
                ? ManagementFactory.getRuntimeMXBean().getName() : instanceName.trim();
        this.owner = base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String owner() {
        return owner;
    }

    public int leaseSeconds() {
        return leaseSeconds;
    }

    /** Keeps renewing the lease on {@code batchId} until the exchange that claimed it is done (handed over by seda). */
    public void hold(String batchId, Exchange claiming) {
        held.merge(batchId, 1, Integer::sum);
        claiming.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange exchange) {
                held.computeIfPresent(batchId, (id, n) -> n > 1 ? n - 1 : null);
            }
        });
    }

    /** The batches whose leases this instance renews now. */
    public List<String> held() {
        return new ArrayList<>(held.keySet());
    }
}
