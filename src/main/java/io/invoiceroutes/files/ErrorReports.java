package io.invoiceroutes.files;

import io.invoiceroutes.api.ErrorClass;
import io.invoiceroutes.failure.Failure;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds what a quarantined file carries: its {@link Quarantine} and the {@code <file>.error.json} sidecar. */
public class ErrorReports {
    private final Map<String, String> endpoints;

    /** {@code endpoints}: the Camel endpoint URI each error class's reports go to (and "alerts"). */
    public ErrorReports(Map<String, String> endpoints) {
        this.endpoints = Map.copyOf(endpoints);
    }

    /** The configured endpoint URI for an error class (or "alerts"). */
    public String endpointFor(String errorClass) {
        String uri = endpoints.get(errorClass);
        if (uri == null || uri.isBlank()) {
            throw new IllegalStateException("no endpoint configured for error class " + errorClass
                    + ": set invoice.errors." + errorClass + ".endpoint");
        }
        return uri;
    }

    /** A file our own checks refuse (type, name, pre-flight, duplicate content), before it reaches the API. */
    public Quarantine local(String stage, String batchId, String fileId, String fileName, String sourcePath, String code,
                            String message) {
        return new Quarantine(batchId, fileId, fileName, sourcePath, stage, ErrorClass.forCode(code).folder(), code,
                message, false, Map.of(), null);
    }

    /** A file whose bytes are already in flight or delivered under another name ({@code first}). */
    public Quarantine duplicate(String fileId, String fileName, String stagedPath, String first) {
        return local("ingest", null, fileId, fileName, stagedPath, "DUPLICATE_CONTENT", "The same bytes were already"
                + " received as " + first + ", so this copy is not extracted (or charged) again. If it is meant to be"
                + " processed again, drop it into the inbox once the first copy has failed, or turn"
                + " INVOICE_INGEST_DEDUPLICATE off.");
    }

    /** A file ingest could not move, read or record (a name the file system refuses, a vanished file, ...). */
    public Quarantine cannotIngest(String fileId, String fileName, String currentPath, Throwable cause) {
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return local("ingest", null, fileId, fileName, currentPath, "CANNOT_INGEST", "The file could not be taken"
                + " from the inbox (" + why + "). Check its name, permissions and size, then drop it again.");
    }

    /** The one file an upload call refused (its parts, its completion). */
    public Quarantine refusedFile(io.invoiceroutes.upload.FileUpload file, Throwable refusal) {
        io.invoiceroutes.api.ApiException api = refusal instanceof io.invoiceroutes.api.ApiException a ? a : null;
        return new Quarantine(file.batchId(), file.fileId(), file.fileName(), file.stagedPath(), "upload",
                api == null ? ErrorClass.FAILED.folder() : api.getErrorClass().folder(),
                api == null ? refusal.getClass().getSimpleName() : api.getCode(),
                api == null ? String.valueOf(refusal.getMessage()) : api.getApiMessage(),
                api != null && api.isRetryable(), api == null ? Map.of() : api.getDetails(), null);
    }

    /** A file of a batch whose work failed ({@code file}: file_id, original_name, staged_path). */
    public Quarantine of(Failure failure, Map<String, Object> file, String attempts) {
        return new Quarantine(failure.batchId(), String.valueOf(file.get("file_id")), String.valueOf(file.get("original_name")),
                String.valueOf(file.get("staged_path")), failure.stage(), failure.errorClass(), failure.code(),
                failure.message(), failure.retryable(), failure.details(), attempts);
    }

    /** The sidecar content for one file. */
    public Map<String, Object> sidecar(Quarantine q) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("file_name", q.fileName());
        report.put("class", q.errorClass());
        report.put("code", q.code());
        report.put("message", q.message());
        report.put("retryable", q.retryable());
        if (q.details() != null && !q.details().isEmpty()) {
            report.put("details", q.details());
        }
        if (q.attempts() != null && !q.attempts().isBlank()) {
            report.put("attempts", java.util.List.of(q.attempts().split(",")));
        }
        report.put("action", actionFor(q.errorClass()));
        report.put("stage", q.stage());
        report.put("batch_id", q.batchId());
        report.put("file_id", q.fileId());
        report.put("time", Instant.now().toString());
        return report;
    }

    /** An operator alert (a refused key, stuck work): what happened, where, and what to do. */
    public Map<String, Object> alert(String alert, Failure failure, String action) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("alert", alert);
        report.put("code", failure.code());
        report.put("message", failure.message());
        report.put("action", action);
        report.put("stage", failure.stage());
        report.put("batch_id", failure.batchId());
        report.put("time", Instant.now().toString());
        return report;
    }

    /** The alert for a refused API key. */
    public Map<String, Object> keyRefused(Failure failure) {
        return alert("api-key-refused", failure, "Create or restore a valid key (INVOICE_API_KEY); API work resumes"
                + " by itself once the key is accepted. No file failed meanwhile.");
    }

    static String actionFor(String errorClass) {
        return switch (errorClass) {
            case "credits" -> "Top up credits in the vendor dashboard, then drop the file into the inbox again.";
            case "encrypted" -> "The file is encrypted or unreadable: remove the password or re-export it, then drop it again.";
            case "rejected" -> "The file was refused as input: check its type, size, name and content, fix it, then drop it again.";
            case "prompt" -> "The prompt needs work: adjust INVOICE_PROMPT_FILE, then drop the file into the inbox again.";
            default -> "Processing failed: read the message, then drop the file into the inbox again to retry.";
        };
    }
}
