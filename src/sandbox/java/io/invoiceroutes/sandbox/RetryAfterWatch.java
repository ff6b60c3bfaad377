package io.invoiceroutes.sandbox;

import java.util.HashMap;
import java.util.Map;

/** Remembers, per API key and endpoint group, until when the last 429's Retry-After asked the client to wait. */
final class RetryAfterWatch {
    private final Map<String, Long> notBefore = new HashMap<>();

    /** A 429 answered at {@code nowMillis} told the client to wait {@code seconds}. */
    synchronized void told(String key, String group, long nowMillis, long seconds) {
        notBefore.put(key + "\u0000" + group, nowMillis + seconds * 1000);
    }

    /** How many milliseconds early a request arriving now is, or 0 when it waited long enough (or was never told). */
    synchronized long early(String key, String group, long nowMillis) {
        Long until = notBefore.get(key + "\u0000" + group);
        return until == null ? 0 : Math.max(0, until - nowMillis);
    }

    synchronized void clear() {
        notBefore.clear();
    }
}
