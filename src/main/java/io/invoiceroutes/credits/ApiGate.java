package io.invoiceroutes.credits;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pauses all API work while the key is refused (401): stages stop claiming batches, nothing fails, and a
 * probe reopens the gate once the key works again. Closing reports whether this call closed it, so the
 * operator is alerted once per outage.
 */
public class ApiGate {
    private final AtomicBoolean open = new AtomicBoolean(true);

    public boolean isOpen() {
        return open.get();
    }

    /** Closes the gate; true when it was open (the caller sends the one alert). */
    public boolean close() {
        return open.compareAndSet(true, false);
    }

    /** Opens the gate; true when it was closed. */
    public boolean reopen() {
        return open.compareAndSet(false, true);
    }
}
