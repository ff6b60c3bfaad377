package io.invoiceroutes.credits;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Credit arithmetic from the balance response: usable credits are {@code credits_balance - credits_reserved},
 * a batch needs one credit per page (an image is one page), and held batches are released oldest first while
 * the usable balance covers them.
 */
public class CreditCheck {

    public long usable(Map<String, Object> balance) {
        return number(balance, "credits_balance") - number(balance, "credits_reserved");
    }

    public boolean covers(Map<String, Object> balance, long needed) {
        return usable(balance) >= needed;
    }

    /** Refuses a batch the usable balance does not cover, so the failure policy holds it (details: the balance). */
    public void require(Map<String, Object> balance, long needed) {
        if (!covers(balance, needed)) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("credits_balance", number(balance, "credits_balance"));
            details.put("credits_reserved", number(balance, "credits_reserved"));
            details.put("credits_required", needed);
            throw new io.invoiceroutes.api.CreditsShortException(402, "INSUFFICIENT_CREDITS", "the usable balance ("
                    + usable(balance) + ") does not cover the batch's " + needed + " pages", details);
        }
    }

    /** The held batches (rows with batch_id, credits_needed, oldest first) that the balance covers together. */
    public List<String> releasable(List<Map<String, Object>> heldRows, Map<String, Object> balance) {
        long left = usable(balance);
        List<String> release = new ArrayList<>();
        for (Map<String, Object> row : heldRows) {
            long need = row.get("credits_needed") instanceof Number n ? n.longValue() : 0;
            if (need > left) {
                break;
            }
            left -= need;
            release.add(String.valueOf(row.get("batch_id")));
        }
        return release;
    }

    /** The state a batch held in {@code stage} resumes at: before its session (upload), or before its submit. */
    public String heldFrom(String stage) {
        return "upload".equals(stage) ? "SEALED" : "UPLOADED";
    }

    /** The alert sent to the credits endpoint when a batch is held. */
    public Map<String, Object> alert(String batchId, Map<String, Object> balance, long needed, String reason) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("alert", "insufficient-credits");
        alert.put("batch_id", batchId);
        alert.put("credits_balance", balance == null ? null : number(balance, "credits_balance"));
        alert.put("credits_reserved", balance == null ? null : number(balance, "credits_reserved"));
        alert.put("credits_needed", needed);
        alert.put("reason", reason);
        alert.put("message", "Batch " + batchId + " is held: it needs " + needed + " credits (one per page). Buy credits"
                + " in the vendor dashboard; the batch resumes by itself once the usable balance covers it.");
        alert.put("time", Instant.now().toString());
        return alert;
    }

    private static long number(Map<String, Object> map, String key) {
        return map.get(key) instanceof Number n ? n.longValue() : 0;
    }
}
