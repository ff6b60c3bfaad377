package io.invoiceroutes.files;

import io.invoiceroutes.api.ApiException;
import io.invoiceroutes.api.ErrorClass;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the {@code <file>.error.json} sidecar that says what went wrong with a file and what to do. */
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

    /** Throws the failure again (from a route that decided not to handle it here). */
    public void rethrow(Throwable failure) throws Exception {
        if (failure instanceof Exception e) {
            throw e;
        }
        throw new IllegalStateException(failure);
    }

    /**
     * How a stage reacts to a failure: "credits" holds the batch, "auth" pauses API work, "split" quarantines
     * the files an extraction failure names and resubmits the rest, "fail" quarantines the batch.
     */
    public String reaction(Throwable failure) {
        if (failure instanceof ApiException api) {
            if (api.getHttpStatus() == 401) {
                return "auth";
            }
            if (("ENCRYPTED_FILE".equals(api.getCode()) || "NO_PAGES_FOUND".equals(api.getCode()))
                    && api.getDetails().get("file_names") instanceof java.util.List<?> names && !names.isEmpty()) {
                return "split";
            }
            if (api.getErrorClass() == ErrorClass.CREDITS) {
                return "credits";
            }
        }
        return "fail";
    }

    /** The error class folder for a failure: typed API errors by their code, anything else "failed". */
    public String classOf(Throwable failure, String localCode) {
        if (localCode != null && !localCode.isBlank()) {
            return ErrorClass.forCode(localCode).folder();
        }
        if (failure instanceof ApiException api) {
            return api.getErrorClass().folder();
        }
        return ErrorClass.FAILED.folder();
    }

    /** The sidecar content for one file. */
    public Map<String, Object> sidecar(String errorClass, Throwable failure, String localCode, String localMessage,
                                       String stage, String batchId, String fileId, String fileName) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("file_name", fileName);
        report.put("class", errorClass);
        if (localCode != null && !localCode.isBlank()) {
            report.put("code", localCode);
            report.put("message", localMessage);
            report.put("retryable", false);
        } else if (failure instanceof ApiException api) {
            report.put("code", api.getCode());
            report.put("message", api.getApiMessage());
            report.put("retryable", api.isRetryable());
            if (!api.getDetails().isEmpty()) {
                report.put("details", api.getDetails());
            }
        } else {
            report.put("code", failure == null ? "UNKNOWN" : failure.getClass().getSimpleName());
            report.put("message", failure == null ? localMessage : String.valueOf(failure.getMessage()));
            report.put("retryable", false);
        }
        report.put("action", actionFor(errorClass));
        report.put("stage", stage);
        report.put("batch_id", batchId);
        report.put("file_id", fileId);
        report.put("time", Instant.now().toString());
        return report;
    }

    static String actionFor(String errorClass) {
        return switch (errorClass) {
            case "credits" -> "Top up credits in the vendor dashboard, then drop the file into the inbox again.";
            case "encrypted" -> "The file is encrypted or unreadable: remove the password or re-export it, then drop it again.";
            case "rate-limited" -> "The API stayed saturated past the retry budget: drop the file into the inbox again later.";
            case "rejected" -> "The file was refused as input: check its type, size and name, fix it, then drop it again.";
            case "prompt" -> "The prompt needs work: adjust INVOICE_PROMPT_FILE, then drop the file into the inbox again.";
            default -> "Processing failed: read the message, then drop the file into the inbox again to retry.";
        };
    }
}
