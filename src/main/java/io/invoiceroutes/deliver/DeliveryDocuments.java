package io.invoiceroutes.deliver;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a batch's rows from its outbox results.json and builds the documents the delivery channels send. */
public class DeliveryDocuments {
    private static final TypeReference<List<Map<String, Object>>> ROWS = new TypeReference<>() {
    };
    private final Path outbox;
    private final ReviewRows review;
    private final ObjectMapper json = new ObjectMapper();

    public DeliveryDocuments(String workDir, ReviewRows review) {
        this.outbox = Path.of(workDir).resolve("outbox");
        this.review = review;
    }

    /** The rows of outbox/&lt;batch&gt;/results.json, in order; empty when json is not among the output formats. */
    public List<Map<String, Object>> rows(String batchId) throws IOException {
        Path results = outbox.resolve(batchId).resolve("results.json");
        if (!Files.exists(results)) {
            return List.of();
        }
        List<Map<String, Object>> rows = json.readValue(results.toFile(), ROWS);
        return rows == null ? List.of() : rows;
    }

    /** The outbox file of a batch that the SFTP channel uploads; fails when it was not written. */
    public java.io.File outboxFile(String batchId, String name) {
        Path file = outbox.resolve(batchId).resolve(name.trim()).normalize();
        if (!file.startsWith(outbox.resolve(batchId)) || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("outbox/" + batchId + "/" + name.trim()
                    + " does not exist: check invoice.deliver.sftp.files against invoice.output-formats");
        }
        return file.toFile();
    }

    /** The webhook document: every row flagged for review or not, the API's review items, failed pages and credits. */
    public Map<String, Object> webhookDocument(String batchId, String extractionId, List<Map<String, Object>> rows,
                                               Map<String, Object> status) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            String message = review.message(rows.get(i));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("row_number", i + 1);
            row.put("review_needed", message != null);
            row.put("review_message", message);
            row.put("values", rows.get(i));
            out.add(row);
        }
        Map<String, Object> reviewDoc = review.document(batchId, extractionId, rows, status);
        Map<String, Object> pages = status.get("pages") instanceof Map<?, ?> p ? cast(p) : Map.of();
        Map<String, Object> pagesOut = new LinkedHashMap<>();
        pagesOut.put("successful_count", pages.get("successful_count"));
        pagesOut.put("failed_count", pages.get("failed_count"));
        pagesOut.put("failed", pages.getOrDefault("failed", List.of()));
        pagesOut.put("failure_reasons", pages.getOrDefault("failure_reasons", List.of()));
        Map<String, Object> credits = new LinkedHashMap<>();
        credits.put("deducted", status.get("credits_deducted"));
        credits.put("balance", status.get("credits_balance"));

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("batch_id", batchId);
        doc.put("extraction_id", extractionId);
        doc.put("row_count", rows.size());
        doc.put("rows", out);
        doc.put("review_needed", Map.of("count", reviewDoc.get("count"), "row_numbers",
                ((List<?>) reviewDoc.get("rows")).stream().map(r -> ((Map<?, ?>) r).get("row_number")).toList(),
                "items", reviewDoc.get("items")));
        doc.put("pages", pagesOut);
        doc.put("credits", credits);
        return doc;
    }

    /** The sidecar of a refused webhook document: why the ERP refused it, its delivery id, and what to do. */
    public Map<String, Object> deadLetterSidecar(String batchId, String extractionId, String deliveryId, Throwable failure) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("batch_id", batchId);
        report.put("extraction_id", extractionId);
        report.put("channel", "webhook");
        report.put("delivery_id", deliveryId);
        report.put("status_code", failure instanceof DeliveryRefusedException refused ? refused.getStatusCode() : null);
        report.put("message", failure == null ? "unknown" : failure.getMessage());
        report.put("action", "The ERP refused this document, so it is not sent again; the batch's other channels were"
                + " delivered. Fix what the ERP names, then POST this file again with the same X-Invoice-Delivery-Id,"
                + " signed with the current secret and a fresh timestamp.");
        report.put("time", Instant.now().toString());
        return report;
    }

    /** The report of the rows the SQL channel could not write, each with the database's reason; null when none. */
    public Map<String, Object> rejectedRows(String batchId, String extractionId, ErpStaging.Result result) {
        if (result.rejected().isEmpty()) {
            return null;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ErpStaging.RejectedRow r : result.rejected()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("row_number", r.rowNumber());
            row.put("reason", r.reason());
            row.put("sql_state", r.sqlState());
            row.put("values", r.row());
            rows.add(row);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("batch_id", batchId);
        report.put("extraction_id", extractionId);
        report.put("channel", "sql");
        report.put("written", result.written());
        report.put("already_there", result.alreadyThere());
        report.put("refused_count", rows.size());
        report.put("action", "These rows are not in erp_invoice_row; the batch's other rows are. Correct each value named"
                + " (or widen the column) and insert the row by hand under its extraction_id and row_number.");
        report.put("rows", rows);
        report.put("time", Instant.now().toString());
        return report;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
