package io.invoiceroutes.files;

import java.util.Map;

/**
 * One file to move to {@code errors/<class>/} with its report: the body of the {@code quarantine-file} route.
 * {@code attempts} lists the codes of every failed extraction attempt when there were several.
 */
public record Quarantine(String batchId, String fileId, String fileName, String sourcePath, String stage,
                         String errorClass, String code, String message, boolean retryable,
                         Map<String, Object> details, String attempts) {
}
