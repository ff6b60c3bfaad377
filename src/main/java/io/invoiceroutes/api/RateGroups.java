package io.invoiceroutes.api;

import java.util.regex.Pattern;

/**
 * The contract's rate limits per API key and endpoint group (per minute): uploads 600 (shared by sessions,
 * parts and complete), status 120 (a held wait counts once), submit/cancel/answers/output/delete 30, and
 * results/list/details/balance 60. The client keeps under them so a steady run sees no 429.
 */
public class RateGroups {
    private static final Pattern STATUS = Pattern.compile("^/extractions/[^/]+$");
    private static final Pattern WRITES = Pattern.compile("^/extractions(/[^/]+/(cancel|answers|output))?$");
    private final double fraction;

    /** {@code fraction}: share of each published limit to use (below 1 leaves room for clock skew). */
    public RateGroups(double fraction) {
        if (fraction <= 0 || fraction > 1) {
            throw new IllegalArgumentException("invoice.rate-limit.fraction must be in (0, 1], got " + fraction);
        }
        this.fraction = fraction;
    }

    /** The endpoint group of a call, as the contract groups them. */
    public static String group(String method, String path) {
        String p = path == null ? "" : path;
        if (p.startsWith("/uploads/")) {
            return "uploads";
        }
        if (STATUS.matcher(p).matches()) {
            return "GET".equals(method) ? "status" : "writes";
        }
        if ("POST".equals(method) && WRITES.matcher(p).matches() || p.endsWith("/output")) {
            return "writes";
        }
        return "reads";
    }

    /** Requests allowed per minute for the group, after the fraction (at least 1). */
    public int perMinute(String group) {
        int published = switch (group) {
            case "uploads" -> 600;
            case "status" -> 120;
            case "writes" -> 30;
            default -> 60;
        };
        return Math.max(1, (int) Math.floor(published * fraction));
    }
}
