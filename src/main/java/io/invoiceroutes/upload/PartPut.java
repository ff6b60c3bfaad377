package io.invoiceroutes.upload;

/** One part to PUT to its presigned URL, streamed from the staged file: the body of the {@code storage-put} route. */
public record PartPut(String fileId, String stagedPath, int partNumber, long offset, long length, String url) {

    /** The same part with a fresh URL (the first one expired). */
    public PartPut withUrl(String freshUrl) {
        return new PartPut(fileId, stagedPath, partNumber, offset, length, freshUrl);
    }
}
