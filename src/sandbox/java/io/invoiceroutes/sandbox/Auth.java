package io.invoiceroutes.sandbox;

import com.sun.net.httpserver.HttpExchange;

/** Bearer-key authentication: any non-empty key by default, or only configured keys; expired/revoked lists. */
final class Auth {
    private final SandboxConfig config;
    private final SandboxState state;
    /** Keys revoked while the sandbox runs (a test can revoke a key and restore it). */
    private final java.util.Set<String> revokedNow = java.util.concurrent.ConcurrentHashMap.newKeySet();

    void revoke(String key) {
        revokedNow.add(key);
    }

    void restore(String key) {
        revokedNow.remove(key);
    }

    Auth(SandboxConfig config, SandboxState state) {
        this.config = config;
        this.state = state;
    }

    Account authenticate(HttpExchange ex) {
        String h = Http.header(ex, "Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7) || h.substring(7).isBlank()) {
            throw ApiError.of(401, "UNAUTHENTICATED",
                    "Missing or malformed API key: send the header 'Authorization: Bearer YOUR_API_KEY'.");
        }
        String key = h.substring(7).trim();
        if (config.expiredKeys().contains(key)) {
            throw ApiError.of(401, "API_KEY_EXPIRED", "This API key has expired; create a new key in the dashboard and use it instead.");
        }
        if (config.revokedKeys().contains(key) || revokedNow.contains(key)) {
            throw ApiError.of(401, "API_KEY_REVOKED", "This API key was revoked; create a new key in the dashboard and use it instead.");
        }
        if (!config.keys().isEmpty() && !config.keys().contains(key)) {
            throw ApiError.of(401, "UNAUTHENTICATED", "This API key is not valid; check the key or create a new one in the dashboard.");
        }
        return state.account(key);
    }
}
