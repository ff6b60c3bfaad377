package io.invoiceroutes.sandbox;

import java.util.HashMap;
import java.util.Map;

/** Fixed 60-second windows per API key and endpoint group, with the published limits scaled by config. */
public final class RateLimiter {
    /** The published per-minute limits per endpoint group. */
    public static final Map<String, Integer> LIMITS = Map.of(
            "uploads", 600, "status", 120, "writes", 30, "reads", 60, "import", 20);

    private final double scale;
    private final Map<String, long[]> windows = new HashMap<>();

    public RateLimiter(double scale) {
        this.scale = scale;
    }

    public int limit(String group) {
        return Math.max(1, (int) Math.floor(LIMITS.get(group) * scale));
    }

    /** Counts one request; returns 0 when allowed, otherwise the seconds until the window resets. */
    public synchronized long acquire(String key, String group, long nowMillis) {
        long[] w = windows.computeIfAbsent(key + "\u0000" + group, k -> new long[]{nowMillis, 0});
        if (nowMillis - w[0] >= 60_000) {
            w[0] = nowMillis;
            w[1] = 0;
        }
        if (w[1] >= limit(group)) {
            return Math.max(1, (w[0] + 60_000 - nowMillis + 999) / 1000);
        }
        w[1]++;
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
