package io.invoiceroutes.store;

import java.util.UUID;

/**
 * Creates the ids we choose for the API (file_id, upload_session_id, submission_id) and for our own batches;
 * all match the contract's ClientId pattern. They are written to the job store before any request uses them.
 */
public class Ids {
    public String fileId() {
        return "file_" + shortId();
    }

    public String batchId() {
        return "batch_" + shortId();
    }

    public String uploadSessionId(String batchId) {
        return "sess_" + batchId.substring(batchId.indexOf('_') + 1);
    }

    /** A further upload session id for the batch, when the API refused the first one's file set. */
    public String newUploadSessionId(String batchId) {
        return uploadSessionId(batchId) + "_" + shortId().substring(0, 8);
    }

    public String submissionId() {
        return "sub_" + shortId();
    }

    private static String shortId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }
}
