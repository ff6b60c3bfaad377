package io.invoiceroutes.upload;

import java.util.List;
import java.util.Map;

/** What is left to upload of a file: its missing parts in URL-request chunks, and a part's fresh URL. */
public class UploadPlans {
    private final PartPlanner planner = new PartPlanner();

    /** The upload of one file of a batch ({@code file}: file_id, original_name, staged_path, size_bytes). */
    public FileUpload file(String batchId, String uploadSessionId, long partSize, Map<String, Object> file) {
        return FileUpload.of(batchId, uploadSessionId, partSize, file);
    }

    /** The parts without a recorded ETag ({@code uploadedRows}: part_number), in chunks of at most {@code chunk}. */
    public List<List<PartRange>> missingChunks(FileUpload file, List<Map<String, Object>> uploadedRows, int chunk) {
        return planner.chunks(planner.missing(file.sizeBytes(), file.partSize(), uploadedRows), chunk);
    }

    /** The part again with the URL of a fresh part-URL answer ({@code part_urls[0].url}). */
    public PartPut fresh(PartPut part, Map<String, Object> answer) {
        if (answer.get("part_urls") instanceof List<?> urls && !urls.isEmpty() && urls.get(0) instanceof Map<?, ?> first) {
            return part.withUrl(String.valueOf(first.get("url")));
        }
        throw new IllegalStateException("the API returned no fresh URL for part " + part.partNumber());
    }
}
