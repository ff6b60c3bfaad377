package io.invoiceroutes.deliver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which pages of a completed extraction failed, per file, with the reason, from the status response's
 * {@code pages.failure_reasons}: the rows of the other pages are still delivered, and this report says what
 * is missing from them.
 */
public class PageFailureReport {

    /** The report, or null when every page was processed. */
    public Map<String, Object> of(String batchId, Map<String, Object> status) {
        if (!(status.get("pages") instanceof Map<?, ?> pages) || !(pages.get("failed_count") instanceof Number n)
                || n.intValue() == 0) {
            return null;
        }
        List<Map<String, Object>> failures = new ArrayList<>();
        if (pages.get("failure_reasons") instanceof List<?> reasons) {
            for (Object r : reasons) {
                if (r instanceof Map<?, ?> reason && reason.get("affected_pages") instanceof List<?> affected) {
                    for (Object a : affected) {
                        if (a instanceof Map<?, ?> file) {
                            Map<String, Object> entry = new LinkedHashMap<>();
                            entry.put("file_name", file.get("file_name"));
                            entry.put("pages", file.get("pages"));
                            entry.put("code", reason.get("code"));
                            entry.put("reason", reason.get("message"));
                            failures.add(entry);
                        }
                    }
                }
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("batch_id", batchId);
        report.put("extraction_id", status.get("extraction_id"));
        report.put("failed_page_count", n.intValue());
        report.put("message", "Some pages could not be processed; their data is missing from the results. Fix or"
                + " split those files and drop them into the inbox again.");
        report.put("failures", failures);
        return report;
    }
}
