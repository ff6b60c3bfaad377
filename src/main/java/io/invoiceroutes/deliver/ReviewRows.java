package io.invoiceroutes.deliver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Finds the output rows that need review: those whose review field ({@code invoice.deliver.review-field}) is set. */
public class ReviewRows {
    private final String field;

    public ReviewRows(String field) {
        this.field = field;
    }

    /** The row's review message, or null when the row needs no review. */
    public String message(Map<String, Object> row) {
        Object v = row.get(field);
        return v == null || v.toString().isBlank() ? null : v.toString();
    }

    /** The review document of a batch: the rows needing review (with 1-based row numbers) and the API's review items. */
    public Map<String, Object> document(String batchId, String extractionId, List<Map<String, Object>> rows,
                                        Map<String, Object> status) {
        List<Map<String, Object>> flagged = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            String message = message(rows.get(i));
            if (message != null) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("row_number", i + 1);
                item.put("review_message", message);
                item.put("row", rows.get(i));
                flagged.add(item);
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("batch_id", batchId);
        doc.put("extraction_id", extractionId);
        doc.put("count", flagged.size());
        doc.put("rows", flagged);
        doc.put("items", status.get("review_needed") instanceof Map<?, ?> rn && rn.get("items") != null
                ? rn.get("items") : List.of());
        return doc;
    }
}
