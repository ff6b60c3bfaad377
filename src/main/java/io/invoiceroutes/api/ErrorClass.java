package io.invoiceroutes.api;

import java.util.Locale;
import java.util.Map;

/**
 * The error classes every failure maps to, each with its own endpoint; the single mapping table from
 * API error codes, extraction failure codes and local checks to a class lives here.
 */
public enum ErrorClass {
    /** The account is out of credits: top up, nothing is wrong with the files. */
    CREDITS,
    /** Encrypted or unreadable input (corrupt, no pages): fix the file and drop it again. */
    ENCRYPTED,
    /** Input the API or our checks refuse (type, size, name, upload mismatch). */
    REJECTED,
    /** The prompt was unclear or rejected, or questions were left unanswered. */
    PROMPT,
    /** Anything else that is not retryable, or whose retries ran out. */
    FAILED;

    private static final Map<String, ErrorClass> BY_CODE = Map.ofEntries(
            Map.entry("INSUFFICIENT_CREDITS", CREDITS),
            Map.entry("ENCRYPTED_FILE", ENCRYPTED),
            Map.entry("NO_PAGES_FOUND", ENCRYPTED),
            Map.entry("UNREADABLE_FILE", ENCRYPTED),
            Map.entry("INVALID_INPUT", REJECTED),
            Map.entry("UNSUPPORTED_FILE", REJECTED),
            Map.entry("EMPTY_FILE", REJECTED),
            Map.entry("CONTENT_MISMATCH", REJECTED),
            Map.entry("DUPLICATE_FILE_NAME", REJECTED),
            Map.entry("DUPLICATE_FILE_ID", REJECTED),
            Map.entry("FILE_TOO_LARGE", REJECTED),
            Map.entry("TOTAL_UPLOAD_SIZE_LIMIT_EXCEEDED", REJECTED),
            Map.entry("FILE_PAGE_LIMIT_EXCEEDED", REJECTED),
            Map.entry("FILE_SIZE_LIMIT_EXCEEDED", REJECTED),
            Map.entry("PROCESSING_FILE_SIZE_LIMIT_EXCEEDED", REJECTED),
            Map.entry("INVALID_COMPLETION_PARTS", REJECTED),
            Map.entry("OBJECT_SIZE_MISMATCH", REJECTED),
            Map.entry("VALIDATION_FAILED", REJECTED),
            Map.entry("PROMPT_REJECTED", PROMPT),
            Map.entry("PROMPT_UNCLEAR", PROMPT),
            Map.entry("QUESTIONS_UNANSWERED", PROMPT),
            Map.entry("ANSWERS_REJECTED", PROMPT),
            Map.entry("DUPLICATE_CONTENT", REJECTED),
            Map.entry("FILE_NAME_TOO_LONG", REJECTED),
            Map.entry("SYMLINK_REFUSED", REJECTED),
            // intake: a file ingest could not move or record; mail parts that were not invoices
            Map.entry("CANNOT_INGEST", REJECTED),
            Map.entry("NO_ATTACHMENTS", REJECTED),
            Map.entry("PARTS_SKIPPED", REJECTED));

    /**
     * Codes that deliberately land in FAILED (or never reach a file): failures the pipeline retries, waits out
     * or holds for, and answers that mean a bug or an outside change. Every code the contract lists is either in
     * the table above or here, so a code added to the contract is noticed (ErrorClassTest).
     */
    private static final java.util.Set<String> DELIBERATELY_FAILED = java.util.Set.of(
            "INTERNAL_ERROR", "RATE_LIMITED", "CONCURRENT_TASK_LIMIT", "SUBMISSION_STALLED", "SUBMISSIONS_PAUSED",
            "UNAUTHENTICATED", "API_KEY_EXPIRED", "API_KEY_REVOKED", "SESSION_ALREADY_INITIALIZED",
            "SUBMISSION_ID_ALREADY_USED", "EXTRACTION_NOT_FOUND", "NOT_FOUND", "FORBIDDEN", "FILE_NOT_FOUND",
            "FILE_NOT_UPLOADABLE", "FILE_ABORTED", "UPLOAD_ID_NOT_FOUND", "UPLOAD_COMPLETE_FAILED",
            "OUTPUT_NOT_AVAILABLE", "OUTPUT_EXPIRED", "EXTRACTION_IN_PROGRESS", "EXTRACTION_NOT_CANCELLABLE",
            "EXTRACTION_CANCELLED", "EXTRACTION_TIMED_OUT", "BATCH_STUCK");

    /** True when the code is handled on purpose: in the class table, or deliberately FAILED. */
    public static boolean isKnown(String code) {
        return code != null && (BY_CODE.containsKey(code) || DELIBERATELY_FAILED.contains(code));
    }

    /** The class of an API error code, extraction failure code or local check code; unknown codes are FAILED. */
    public static ErrorClass forCode(String code) {
        return code == null ? FAILED : BY_CODE.getOrDefault(code, FAILED);
    }

    /** The folder and endpoint name of this class, e.g. {@code rate-limited}. */
    public String folder() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
