package io.invoiceroutes.upload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pairs the planned byte ranges of a chunk with the presigned URLs the API returned for them. */
public class PartUploads {

    /** One map per part: partNumber, offset, length and the URL to PUT it to. */
    public List<Map<String, Object>> pair(List<PartRange> chunk, List<Map<String, Object>> partUrls) {
        Map<Integer, String> urls = new LinkedHashMap<>();
        for (Map<String, Object> entry : partUrls) {
            urls.put(((Number) entry.get("part_number")).intValue(), String.valueOf(entry.get("url")));
        }
        List<Map<String, Object>> work = new ArrayList<>(chunk.size());
        for (PartRange range : chunk) {
            String url = urls.get(range.partNumber());
            if (url == null) {
                throw new IllegalStateException("the API returned no URL for part " + range.partNumber());
            }
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("partNumber", range.partNumber());
            part.put("offset", range.offset());
            part.put("length", range.length());
            part.put("url", url);
            work.add(part);
        }
        return work;
    }

    /** The streamed body for one part. */
    public FilePartEntity body(String stagedPath, long offset, long length) {
        return new FilePartEntity(java.nio.file.Path.of(stagedPath), offset, length);
    }
}
