package io.invoiceroutes.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Builds the contract's JSON views of an extraction: status, list item and details; call with the account lock held. */
final class ExtractionViews {
    private final SandboxServer server;

    ExtractionViews(SandboxServer server) {
        this.server = server;
    }

    static String ts(Instant i) {
        return i.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    ObjectNode status(Account a, Extraction e) {
        ObjectNode r = Json.obj();
        r.put("success", !e.status.equals("failed"));
        r.put("status", e.status);
        r.put("extraction_id", e.id);
        switch (e.status) {
            case "processing" -> r.put("progress", e.progress);
            case "input_required" -> {
                r.put("progress", e.progress);
                r.put("answer_by", ts(e.answerBy));
                r.set("questions", e.questions.deepCopy());
            }
            case "completed" -> {
                r.put("credits_deducted", e.creditsDeducted);
                r.put("credits_balance", a.creditsBalance);
                r.put("credits_reserved", a.creditsReserved);
                r.put("output_structure", e.resolvedStructure);
                r.put("output_expires_at", ts(e.outputExpiresAt()));
                r.set("pages", e.pages.deepCopy());
                r.set("ai_uncertainty_notes", e.notes.deepCopy());
                r.set("review_needed", review(e));
                ObjectNode out = r.putObject("output");
                for (String f : new String[]{"xlsx", "csv", "json"}) {
                    out.put(f + "_url", downloadUrl(a, e, f));
                }
            }
            case "failed" -> r.set("error", e.error.deepCopy());
            case "cancelled" -> {
                r.put("credits_deducted", e.creditsDeducted);
                r.put("cancellation_reason", e.cancellationReason);
                r.put("credits_balance", a.creditsBalance);
                r.put("credits_reserved", a.creditsReserved);
            }
            default -> { }
        }
        return r;
    }

    ObjectNode review(Extraction e) {
        ObjectNode rn = Json.obj();
        rn.put("count", e.reviewItems.size());
        rn.set("items", e.reviewItems.deepCopy());
        return rn;
    }

    /** The signed URL carried by status responses; expiredDownloadUrls makes these already expired. */
    String downloadUrl(Account a, Extraction e, String format) {
        return downloadUrl(a, e, format, server.config().expiredDownloadUrls());
    }

    /** A signed output URL; {@code expired} issues one that is already past its expiry (fault injection). */
    String downloadUrl(Account a, Extraction e, String format, boolean expired) {
        return server.signedUrl("GET", "/storage/outputs/" + a.token + "/" + e.id + "/output." + format,
                server.config().downloadUrlTtlSeconds(), expired);
    }

    private ObjectNode common(Extraction e) {
        ObjectNode r = Json.obj();
        r.put("extraction_id", e.id);
        r.put("submission_id", e.submissionId);
        r.put("task_name", e.taskName);
        r.put("status", e.status);
        r.put("created_at", ts(e.createdAt));
        r.put("submission_method", "api");
        r.put("file_count", e.fileNames.size());
        return r;
    }

    private String structure(Extraction e) {
        return e.resolvedStructure != null ? e.resolvedStructure : e.request.path("output_structure").asText();
    }

    ObjectNode listItem(Extraction e) {
        ObjectNode r = common(e);
        ArrayNode preview = r.putArray("file_names_preview");
        e.fileNames.stream().limit(5).forEach(preview::add);
        r.put("file_names_truncated", e.fileNames.size() > 5);
        r.put("output_structure", structure(e));
        statusExtras(e, r, false);
        return r;
    }

    ObjectNode details(Extraction e) {
        ObjectNode r = common(e);
        ArrayNode names = r.putArray("file_names");
        e.fileNames.forEach(names::add);
        r.put("output_structure", structure(e));
        r.set("prompt", e.request.path("prompt").deepCopy());
        ObjectNode o = r.putObject("options");
        var opts = e.options();
        ArrayNode ex = o.putArray("exclude_columns");
        opts.path("exclude_columns").forEach(ex::add);
        o.put("output_language", opts.path("output_language").asText("automatic"));
        o.put("review_needed_fill_color", opts.path("review_needed_fill_color").asText("orange"));
        o.put("affected_field_fill_color", opts.path("affected_field_fill_color").asText("orange"));
        o.put("send_completion_email", opts.path("send_completion_email").asBoolean(false));
        o.put("json_typed_values", opts.path("json_typed_values").asBoolean(false));
        o.put("ask_questions", opts.path("ask_questions").asBoolean(false));
        statusExtras(e, r, true);
        return r;
    }

    private void statusExtras(Extraction e, ObjectNode r, boolean full) {
        switch (e.status) {
            case "completed" -> {
                r.put("credits_deducted", e.creditsDeducted);
                r.putArray("available_outputs").add("xlsx").add("csv").add("json");
                r.put("output_expires_at", ts(e.outputExpiresAt()));
                if (full) {
                    r.set("pages", e.pages.deepCopy());
                    r.set("ai_uncertainty_notes", e.notes.deepCopy());
                    r.set("review_needed", review(e));
                }
            }
            case "processing" -> r.put("progress", e.progress);
            case "input_required" -> {
                r.put("progress", e.progress);
                r.put("answer_by", ts(e.answerBy));
                if (full) {
                    r.set("questions", e.questions.deepCopy());
                }
            }
            case "cancelled" -> {
                r.put("credits_deducted", e.creditsDeducted);
                r.put("cancellation_reason", e.cancellationReason);
            }
            case "failed" -> {
                if (full) {
                    r.set("error", e.error.deepCopy());
                } else {
                    r.putObject("error").put("code", e.error.path("code").asText()).put("retryable", e.error.path("retryable").asBoolean());
                }
            }
            default -> { }
        }
    }
}
