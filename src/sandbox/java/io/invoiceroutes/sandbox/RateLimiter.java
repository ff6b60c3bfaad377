package io.invoiceroutes.sandbox;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Sliding 60-second windows per API key and endpoint group, as the API counts: a request is refused while the last
 * 60 seconds already hold the group's published limit (scaled by config) of accepted requests.
 */
public final class RateLimiter {
    /** The published per-minute limits per endpoint group. */
    public static final Map<String, Integer> LIMITS = Map.of(
            "uploads", 600, "status", 120, "writes", 30, "reads", 60, "import", 20);
    static final long WINDOW_MILLIS = 60_000;

    private final double scale;
    /** Accepted request times (epoch millis, oldest first) per key and group; refused requests are not counted. */
    private final Map<String, ArrayDeque<Long>> windows = new HashMap<>();

    public RateLimiter(double scale) {
        this.scale = scale;
    }

    public int limit(String group) {
        return Math.max(1, (int) Math.floor(LIMITS.get(group) * scale));
    }

    /**
     * Counts one request at {@code nowMillis}; returns 0 when it is accepted, otherwise the whole seconds (at least 1)
     * until the oldest request in the window leaves it, when a request would be accepted again.
     */
    public synchronized long acquire(String key, String group, long nowMillis) {
        ArrayDeque<Long> w = windows.computeIfAbsent(key + "\u0000" + group, k -> new ArrayDeque<>());
        while (!w.isEmpty() && w.peekFirst() <= nowMillis - WINDOW_MILLIS) {
            w.pollFirst();
        }
        if (w.size() >= limit(group)) {
            long leavesIn = w.peekFirst() + WINDOW_MILLIS - nowMillis;
            return Math.max(1, (leavesIn + 999) / 1000);
        }
        // callers read the clock before taking this lock, so keep the window ordered
        w.addLast(w.isEmpty() ? nowMillis : Math.max(nowMillis, w.peekLast()));
        return 0;
    }

    public synchronized void reset() {
        windows.clear();
    }

    /** The group of an operationId, or null when it is not rate limited. */
    public static String group(String operationId) {
        return switch (operationId) {
            case "createUploadSession", "getUploadPartUrls", "completeFileUpload" -> "uploads";
            case "importAttachedFiles" -> "import";
            case "getExtraction" -> "status";
            case "submitExtraction", "cancelExtraction", "answerExtractionQuestions", "getOutputDownloadUrl",
                 "deleteExtraction" -> "writes";
            case "getExtractionResults", "listExtractions", "getExtractionDetails", "getCreditsBalance" -> "reads";
            default -> null;
        };
    }
}
