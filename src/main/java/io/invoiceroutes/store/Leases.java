package io.invoiceroutes.store;

import org.apache.camel.Exchange;

import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who this instance is and until when a claim on a batch holds, so a dead instance's work is taken over; the
 * batches this instance is working on right now, whose leases are renewed until the claiming exchange ends.
 */
public class Leases {
    private final String owner;
    private final int leaseSeconds;
    /** batch id -> exchanges of this instance holding it now (a stage may claim it before the previous one ends). */
    private final Map<String, Integer> held = new ConcurrentHashMap<>();

    public Leases(int leaseSeconds) {
        this(leaseSeconds, "");
    }

    /** A non-blank {@code instanceName} (e.g. the host) prefixes the owner id, so events show which instance worked. */
    public Leases(int leaseSeconds, String instanceName) {
        this.leaseSeconds = leaseSeconds;
        String base = instanceName == null || instanceName.isBlank()
                ? ManagementFactory.getRuntimeMXBean().getName() : instanceName.trim();
        this.owner = base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String owner() {
        return owner;
    }

    /** Now plus the lease time. */
    public Timestamp until() {
        return new Timestamp(System.currentTimeMillis() + leaseSeconds * 1000L);
    }

    /** Now, for comparisons in SQL, taken from this JVM so H2 and PostgreSQL agree. */
    public Timestamp now() {
        return new Timestamp(System.currentTimeMillis());
    }

    /** Now minus {@code millis}: rows last touched before this are considered abandoned. */
    public Timestamp ago(long millis) {
        return new Timestamp(System.currentTimeMillis() - millis);
    }

    /** Keeps renewing the lease on {@code batchId} until the exchange that claimed it is done, however it ends. */
    public void hold(String batchId, Exchange claiming) {
        held.merge(batchId, 1, Integer::sum);
        claiming.getExchangeExtension().addOnCompletion(new org.apache.camel.support.SynchronizationAdapter() {
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
