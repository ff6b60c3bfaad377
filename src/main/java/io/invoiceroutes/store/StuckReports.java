package io.invoiceroutes.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The report (event and operator alert) on a batch whose state has not changed for too long; it moves nothing. */
public class StuckReports {

    /** From a row (batch_id, state, attempts, error_message) and the threshold in seconds. */
    public Map<String, Object> of(Map<String, Object> row, long seconds) {
        Map<String, Object> report = new LinkedHashMap<>();
        String batchId = String.valueOf(row.get("batch_id"));
        Object attempts = row.get("attempts");
        Object lastError = row.get("error_message");
        report.put("alert", "batch-stuck");
        report.put("code", "BATCH_STUCK");
        report.put("batch_id", batchId);
        report.put("state", row.get("state"));
        report.put("attempts", attempts);
        report.put("last_error", lastError);
        report.put("message", "Batch " + batchId + " has made no progress in state " + row.get("state") + " for "
                + seconds + " seconds" + (attempts instanceof Number n && n.intValue() > 0
                ? " (" + n + " failed attempts, the last: " + lastError + ")" : "") + "; it keeps being tried, nothing"
                + " was moved.");
        report.put("action", "Read the batch's job_event rows and the log. When the cause is fixed the batch goes on by"
                + " itself; an extraction can be cancelled from the status page.");
        report.put("time", Instant.now().toString());
        return report;
    }
}
