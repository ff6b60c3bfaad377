package io.invoiceroutes.store;

import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.util.UUID;

/** Who this instance is and until when a claim on a batch holds, so a dead instance's work is taken over. */
public class Leases {
    private final String owner;
    private final int leaseSeconds;

    public Leases(int leaseSeconds) {
        this.leaseSeconds = leaseSeconds;
        this.owner = ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
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
}
