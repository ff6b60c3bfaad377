package io.invoiceroutes.sandbox;

import java.util.HashMap;
import java.util.Map;

/**
 * Remembers, per API key and request (method, path, query and body), until when the last 429's Retry-After asked
 * the client to wait, so a request repeated too soon is seen. Other requests of the group the client had already
 * sent when the 429 reached it cannot have honoured it, so only the repeat counts.
 */
final class RetryAfterWatch {
    private final Map<String, Long> notBefore = new HashMap<>();

    /** A 429 answered at {@code nowMillis} told the client to wait {@code seconds} before repeating this request. */
    synchronized void told(String key, String request, long nowMillis, long seconds) {
        notBefore.put(key + "\u0000" + request, nowMillis + seconds * 1000);
    }

    /** How many milliseconds early this request arrives, or 0 when it waited long enough (or was never told). */
    synchronized long early(String key, String request, long nowMillis) {
        Long until = notBefore.get(key + "\u0000" + request);
        return until == null ? 0 : Math.max(0, until - nowMillis);
    }

    synchronized void clear() {
        notBefore.clear();
    }
}
