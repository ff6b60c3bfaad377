package io.invoiceroutes.ops;

import io.invoiceroutes.api.KeyRefusedException;
import io.invoiceroutes.api.TransientApiException;
import io.invoiceroutes.credits.CreditCheck;

import java.time.Instant;
import java.util.Map;

/**
 * What the last balance probe (a free {@code GET /credits/balance} the ops-api-probe route sends on a schedule) saw,
 * for the health checks, metrics and status page to read without calling the API themselves.
 */
public class ApiProbe {
    /** One probe's outcome: ok, key-refused, unreachable or error, with the credits when ok. */
    public record Reading(Instant at, String outcome, String message, Long balance, Long reserved, Long usable) {
        public boolean ok() {
            return "ok".equals(outcome);
        }
    }

    private final long warnBelow;
    private final CreditCheck credits = new CreditCheck();
    private volatile Reading last;
    private volatile boolean low;

    /** {@code warnBelow}: usable credits under this many are a warning (and a credits.low event). */
    public ApiProbe(long warnBelow) {
        this.warnBelow = warnBelow;
    }

    /** The last reading, or null before the first probe answered. */
    public Reading last() {
        return last;
    }

    public long warnBelow() {
        return warnBelow;
    }

    /** The API answered the balance; true when the usable credits just fell below the warning level. */
    public boolean answered(Map<String, Object> balance) {
        long b = number(balance, "credits_balance");
        long r = number(balance, "credits_reserved");
        long usable = credits.usable(balance);
        last = new Reading(Instant.now(), "ok", "the API accepts the key", b, r, usable);
        boolean wasLow = low;
        low = usable < warnBelow;
        return low && !wasLow;
    }

    /** The probe failed: the key refused (401), the API unreachable (transport, 5xx, 429), or another error. */
    public void failed(Throwable e) {
        String outcome = e instanceof KeyRefusedException ? "key-refused"
                : e instanceof TransientApiException || e instanceof java.io.IOException ? "unreachable" : "error";
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Reading before = last;
        last = new Reading(Instant.now(), outcome, message, before == null ? null : before.balance(),
                before == null ? null : before.reserved(), before == null ? null : before.usable());
    }

    /** The detail of the credits.low event: balance, reserved, usable and the warning level. */
    public String lowDetail() {
        Reading r = last;
        return r == null ? "" : "usable credits " + r.usable() + " (balance " + r.balance() + ", reserved " + r.reserved()
                + ") are below " + warnBelow;
    }

    private static long number(Map<String, Object> map, String key) {
        return map != null && map.get(key) instanceof Number n ? n.longValue() : 0;
    }
}
