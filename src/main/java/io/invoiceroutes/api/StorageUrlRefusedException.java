package io.invoiceroutes.api;

/** Storage refused a presigned URL (403: expired or a bad signature): ask the API for a fresh one. */
public class StorageUrlRefusedException extends ApiException {
    public StorageUrlRefusedException(int status, String message) {
        super(status, ApiResponses.STORAGE_URL_REFUSED, message, false, null, null);
    }
}
