package io.invoiceroutes.ops;

import java.util.Map;
import java.util.Optional;

/** Why a batch waits or stopped, in words, and what an operator can do about it (shown on the status page). */
public record Advice(String reason, String action) {

    /** The advice for one batch row of {@link StatusQueries#batches}, or empty when it simply moves on. */
    public static Optional<Advice> of(Map<String, Object> b) {
        String state = String.valueOf(b.get("state"));
        boolean waiting = Boolean.TRUE.equals(b.get("waiting"));
        int attempts = b.get("attempts") instanceof Number n ? n.intValue() : 0;
        String lastEvent = String.valueOf(b.get("last_event"));
        switch (state) {
            case "HELD":
                return Optional.of(new Advice("held: the usable credits do not cover its " + b.get("credits_needed") + " pages",
                        "Buy credits in the vendor dashboard; the batch resumes by itself, oldest first."));
            case "QUESTIONS":
                return Optional.of(new Advice("the extraction asks questions (questions/" + b.get("batch_id") + ".json)"
                        + (b.get("answer_by") == null ? "" : ", to be answered by " + b.get("answer_by")),
                        "Drop answers/" + b.get("batch_id") + ".json or answer in the vendor dashboard; or cancel it."));
            case "FAILED":
                return Optional.of(new Advice("failed: " + b.get("error_code") + (b.get("error_message") == null ? ""
                        : " - " + b.get("error_message")), "Its files are in errors/" + b.get("error_class")
                        + "/ - fix what the report says, then replay them below."));
            default:
                break;
        }
        if ("submissions-paused".equals(lastEvent) && waiting) {
            return Optional.of(new Advice("the API paused submissions until " + b.get("not_before"),
                    "Nothing to do: it is submitted by itself when the pause ends."));
        }
        if (attempts > 0 && waiting) {
            return Optional.of(new Advice("retrying after a transient failure (" + attempts + " in a row): "
                    + b.get("error_message"), "Nothing to do unless it persists: then check the API's status and the log."));
        }
        if ("stuck".equals(lastEvent)) {
            return Optional.of(new Advice("reported stuck: no progress for a long time",
                    "Read the alert in alerts/ and the log; the batch is not moved by itself."));
        }
        if ("operator".equals(b.get("cancel_reason"))) {
            return Optional.of(new Advice("an operator asked to cancel the extraction",
                    "Nothing to do: the poll stage cancels it and reports its files to errors/failed/."));
        }
        return Optional.empty();
    }
}
