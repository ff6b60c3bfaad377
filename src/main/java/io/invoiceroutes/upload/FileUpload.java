package io.invoiceroutes.upload;

import java.util.Map;

/** What the upload of one file needs, the body of the {@code upload-file} route. */
public record FileUpload(String batchId, String uploadSessionId, long partSize, String fileId, String fileName,
                         String stagedPath, long sizeBytes) {

    /** From the batch's values and one file row (file_id, original_name, staged_path, size_bytes). */
    public static FileUpload of(String batchId, String uploadSessionId, long partSize, Map<String, Object> file) {
        return new FileUpload(batchId, uploadSessionId, partSize, String.valueOf(file.get("file_id")),
                String.valueOf(file.get("original_name")), String.valueOf(file.get("staged_path")),
                ((Number) file.get("size_bytes")).longValue());
    }
}
