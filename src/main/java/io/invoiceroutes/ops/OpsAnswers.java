package io.invoiceroutes.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON bodies of the status page's API: answers to actions, and errors with their HTTP status. */
public class OpsAnswers {

    /** What a cancel request did. */
    public Map<String, Object> cancel(String batchId, boolean accepted) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("batch_id", batchId);
        out.put("status", accepted ? 202 : 409);
        out.put("cancel", accepted ? "asked" : "refused");
        out.put("message", accepted ? "The poll stage cancels the extraction at the API and reports its files to errors/failed/."
                : "Only a batch whose extraction runs (SUBMITTED or QUESTIONS) and that no one asked to cancel yet can be cancelled.");
        return out;
    }

    /** What a replay request did: the files moved back to the inbox, and those that could not be. */
    public Map<String, Object> replay(List<Map<String, Object>> replayed, List<Map<String, Object>> refused) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", replayed.isEmpty() && !refused.isEmpty() ? 409 : 202);
        out.put("replayed", replayed);
        out.put("refused", refused);
        return out;
    }

    /** An error answer: 401/403 for a refused action, 404 for an unknown id, 409 for a refused replay, else 500. */
    public Map<String, Object> error(Throwable thrown) {
        Throwable e = thrown;
        while (e.getCause() != null && !(e instanceof OperatorToken.OperatorRefusedException
                || e instanceof StatusQueries.NotFoundException || e instanceof Replays.NotReplayableException)) {
            e = e.getCause();
        }
        int status = e instanceof OperatorToken.OperatorRefusedException r ? r.status()
                : e instanceof StatusQueries.NotFoundException ? 404
                : e instanceof Replays.NotReplayableException ? 409 : 500;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", status);
        out.put("error", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        return out;
    }
}
