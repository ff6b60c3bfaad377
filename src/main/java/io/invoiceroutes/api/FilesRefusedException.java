package io.invoiceroutes.api;

import java.util.List;
import java.util.Map;

/** A refusal naming some of the batch's files (encrypted, no pages, too large): those are quarantined, the rest go on. */
public class FilesRefusedException extends ApiException {
    private final List<String> fileNames;

    public FilesRefusedException(int status, String code, String message, Map<String, Object> details, List<String> fileNames) {
        super(status, code, message, false, details, null);
        this.fileNames = List.copyOf(fileNames);
    }

    /** The files as the session names them. */
    public List<String> getFileNames() {
        return fileNames;
    }
}
