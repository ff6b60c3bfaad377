package io.invoiceroutes.sandbox;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The state of one API key: credits, upload sessions and extractions; guard every access with the object's monitor. */
public final class Account {
    final String key;
    long creditsBalance;
    long creditsReserved;
    final Map<String, UploadSession> sessions = new HashMap<>();
    final Map<String, Extraction> extractions = new LinkedHashMap<>();
    final Map<String, String> submissions = new HashMap<>();
    final Map<String, Long> lastStatusCall = new HashMap<>();

    final String token;

    Account(String key, long credits) {
        this.key = key;
        this.token = tokenOf(key);
        this.creditsBalance = credits;
    }

    /** An opaque, URL-safe name of the key used in storage paths. */
    static String tokenOf(String key) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    long usable() {
        return creditsBalance - creditsReserved;
    }

    /** How many upload sessions this account created (idempotent repeats count once). */
    public synchronized int sessionCount() {
        return sessions.size();
    }

    /** How many extractions this account created (a repeated submission_id counts once). */
    public synchronized int extractionCount() {
        return extractions.size();
    }

    public synchronized long creditsBalance() {
        return creditsBalance;
    }

    public synchronized long creditsReserved() {
        return creditsReserved;
    }
}
