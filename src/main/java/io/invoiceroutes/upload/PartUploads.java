package io.invoiceroutes.upload;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pairs the planned byte ranges of a chunk with the presigned URLs the API returned for them. */
public class PartUploads {

    /** One {@link PartPut} per part of the chunk, each with the URL the API gave its part number. */
    public List<PartPut> pair(FileUpload file, List<PartRange> chunk, List<Map<String, Object>> partUrls) {
        Map<Integer, String> urls = new LinkedHashMap<>();
        for (Map<String, Object> entry : partUrls) {
            urls.put(((Number) entry.get("part_number")).intValue(), String.valueOf(entry.get("url")));
        }
        List<PartPut> work = new ArrayList<>(chunk.size());
        for (PartRange range : chunk) {
            String url = urls.get(range.partNumber());
            if (url == null) {
                throw new IllegalStateException("the API returned no URL for part " + range.partNumber());
            }
            work.add(new PartPut(file.fileId(), file.stagedPath(), range.partNumber(), range.offset(), range.length(), url));
        }
        return work;
    }

    /** The streamed body for one part. */
    public FilePartEntity body(PartPut part) {
        return new FilePartEntity(Path.of(part.stagedPath()), part.offset(), part.length());
    }
}
