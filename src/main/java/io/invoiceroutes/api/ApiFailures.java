package io.invoiceroutes.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one place that decides which kind of failure an API answer is, as a typed exception the failure policy
 * (routes/error-handling.camel.yaml) reacts to: wait and retry, resubmit, hold, or quarantine files or the batch.
 */
public final class ApiFailures {
    /** Upload calls of one file that refuse that file only (the rest of the batch goes on). */
    static final Set<String> ONE_FILE = Set.of("FILE_NOT_FOUND", "FILE_NOT_UPLOADABLE", "FILE_ABORTED",
            "INVALID_COMPLETION_PARTS", "OBJECT_SIZE_MISMATCH", "UPLOAD_ID_NOT_FOUND", "UPLOAD_COMPLETE_FAILED");
    /** How long a pause without {@code details.resumes_at} is assumed to last. */
    static final long DEFAULT_PAUSE_SECONDS = 120;

    private ApiFailures() {
    }

    /** The typed exception for an error envelope (or a transport answer without one). */
    public static ApiException of(int status, String code, String message, boolean retryable,
                                  Map<String, Object> details, Long retryAfterSeconds) {
        Map<String, Object> d = details == null ? Map.of() : details;
        if (status == 401) {
            return new KeyRefusedException(status, code, message, d);
        }
        if ("SUBMISSIONS_PAUSED".equals(code)) {
            return new SubmissionsPausedException(status, message, d, resumesAt(d, retryAfterSeconds));
        }
        if ("INSUFFICIENT_CREDITS".equals(code) || status == 402) {
            return new CreditsShortException(status, code, message, d);
        }
        if ("SESSION_ALREADY_INITIALIZED".equals(code)) {
            return new SessionConflictException(status, message, d);
        }
        if ("SUBMISSION_ID_ALREADY_USED".equals(code)) {
            return new SubmissionConflictException(status, message, d);
        }
        if (ApiResponses.STORAGE_URL_REFUSED.equals(code)) {
            return new StorageUrlRefusedException(status, message);
        }
        if (retryable || status >= 500 || status == 429) {
            return new TransientApiException(status, code, message, d, retryAfterSeconds);
        }
        if (ONE_FILE.contains(code)) {
            return new FileRefusedException(status, code, message, d);
        }
        List<String> named = fileNames(d);
        if (!named.isEmpty()) {
            return new FilesRefusedException(status, code, message, d, named);
        }
        return new BatchRefusedException(status, code, message, d);
    }

    /** The typed exception for the final status {@code failed} of an extraction (HTTP 200, success false). */
    public static ApiException extractionFailed(Map<String, Object> status) {
        if (!(status.get("error") instanceof Map<?, ?> e)) {
            return new RetryableExtractionFailure("INTERNAL_ERROR", "the extraction failed without an error object", Map.of());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> details = e.get("details") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        String code = String.valueOf(e.get("code"));
        String message = String.valueOf(e.get("message"));
        if (Boolean.TRUE.equals(e.get("retryable"))) {
            return new RetryableExtractionFailure(code, message, details);
        }
        if ("INSUFFICIENT_CREDITS".equals(code)) {
            return new CreditsShortException(200, code, message, details);
        }
        List<String> named = fileNames(details);
        if (!named.isEmpty()) {
            return new FilesRefusedException(200, code, message, details, named);
        }
        return new BatchRefusedException(200, code, message, details);
    }

    /** The typed exception for the final status {@code cancelled}: its files go to the class of the reason. */
    public static ApiException cancelled(Map<String, Object> status, String requestedReason) {
        Object reason = status.get("cancellation_reason");
        Object charged = status.get("credits_deducted");
        String code;
        String message;
        if ("unanswered".equals(reason)) {
            code = "QUESTIONS_UNANSWERED";
            message = "The extraction asked questions that were not answered by their answer_by time, so the API"
                    + " cancelled it; answer questions/<batch>.json in time or turn INVOICE_ASK_QUESTIONS off.";
        } else if ("answers_rejected".equals(reason)) {
            code = "ANSWERS_REJECTED";
            message = "The API refused three answers to its questions and cancelled the extraction.";
        } else if ("deadline".equals(requestedReason)) {
            code = "EXTRACTION_TIMED_OUT";
            message = "The extraction was still running past invoice.poll.deadline-minutes, so it was cancelled at"
                    + " the API (only the work done was charged).";
        } else if ("operator".equals(requestedReason)) {
            code = "EXTRACTION_CANCELLED";
            message = "An operator cancelled the extraction.";
        } else {
            code = "EXTRACTION_CANCELLED";
            message = "The extraction was cancelled outside this pipeline (reason: " + reason + ").";
        }
        return new BatchRefusedException(200, code, message + " Credits charged: " + charged + ".",
                Map.of("cancellation_reason", String.valueOf(reason)));
    }

    /** File names an error names in its details ({@code file_names}, or a single {@code file_name}). */
    static List<String> fileNames(Map<String, Object> details) {
        List<String> names = new ArrayList<>();
        if (details.get("file_names") instanceof List<?> list) {
            list.forEach(n -> names.add(String.valueOf(n)));
        } else if (details.get("file_name") instanceof String one && !one.isBlank()) {
            names.add(one);
        }
        return names;
    }

    private static Instant resumesAt(Map<String, Object> details, Long retryAfterSeconds) {
        if (details.get("resumes_at") instanceof String at) {
            try {
                return Instant.parse(at);
            } catch (DateTimeParseException ignored) {
                // not a time we can read: fall back below
            }
        }
        return Instant.now().plusSeconds(retryAfterSeconds != null ? retryAfterSeconds : DEFAULT_PAUSE_SECONDS);
    }
}
