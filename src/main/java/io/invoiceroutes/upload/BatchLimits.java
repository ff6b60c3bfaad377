package io.invoiceroutes.upload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Keeps a batch within the session's byte limit (2 GB for all files together): the files past it wait for the next. */
public class BatchLimits {

    /** The ids of the rows (file_id, size_bytes; oldest first) past {@code maxBytes} in total; the first file always fits. */
    public List<String> overflow(List<Map<String, Object>> rows, long maxBytes) {
        List<String> over = new ArrayList<>();
        long total = 0;
        for (Map<String, Object> row : rows) {
            long size = ((Number) row.get("size_bytes")).longValue();
            if (total > 0 && total + size > maxBytes) {
                over.add(String.valueOf(row.get("file_id")));
            } else {
                total += size;
            }
        }
        return over;
    }
}
