package io.invoiceroutes.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.invoiceroutes.deliver.ErpStaging;
import io.invoiceroutes.sandbox.SandboxConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SQL channel: one typed row per output row in erp_invoice_row, one transaction per batch, no duplicates. */
class DeliverSqlChannelTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void rows_match_results_json_and_redelivery_after_a_crash_leaves_no_duplicates(@TempDir Path work) throws Exception {
        List<Path> samples = PipelineHarness.samplePdfs().subList(0, 4);
        SandboxConfig.Builder sandbox = SandboxConfig.builder().processingMillis(500);
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox, Map.of("invoice.deliver.channels", "sql"))) {
            for (Path sample : samples) {
                pipeline.drop(sample, sample.getFileName().toString());
            }
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(40));
            Map<String, Object> batch = pipeline.query("select batch_id, extraction_id from batch").get(0);
            String batchId = (String) batch.get("batch_id");
            String extractionId = (String) batch.get("extraction_id");
            JsonNode results = json.readTree(work.resolve("outbox").resolve(batchId).resolve("results.json").toFile());
            assertThat(results.size()).isEqualTo(samples.size());

            List<Map<String, Object>> rows = erpRows(pipeline, extractionId);
            assertRowsMatch(rows, results, batchId, extractionId);
            Timestamp firstDelivery = (Timestamp) rows.get(0).get("delivered_at");

            // a crash after the rows were written but before DELIVERED: the batch is COMPLETED again and redelivered
            update(pipeline, "update batch set state = 'COMPLETED', lease_until = null where batch_id = '" + batchId + "'");
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(30));
            List<Map<String, Object>> again = erpRows(pipeline, extractionId);
            assertRowsMatch(again, results, batchId, extractionId);
            assertThat((Timestamp) again.get(0).get("delivered_at")).isAfterOrEqualTo(firstDelivery);
            assertThat(pipeline.query("select count(*) as n from erp_invoice_row").get(0).get("n"))
                    .isEqualTo((long) results.size());

            // a write that fails half-way rolls back whole: the earlier rows stay, nothing half-written appears
            ErpStaging staging = pipeline.context().getRegistry().lookupByNameAndType("erpStaging", ErpStaging.class);
            Map<String, Object> good = new LinkedHashMap<>(Map.of("Invoice Number", "NEW-1"));
            Map<String, Object> bad = new LinkedHashMap<>(Map.of("Invoice Number", "X".repeat(500)));
            assertThatThrownBy(() -> staging.write(batchId, extractionId, List.of(good, bad)))
                    .isInstanceOf(SQLException.class);
            assertRowsMatch(erpRows(pipeline, extractionId), results, batchId, extractionId);
        }
    }

    private void assertRowsMatch(List<Map<String, Object>> rows, JsonNode results, String batchId, String extractionId)
            throws Exception {
        assertThat(rows).hasSize(results.size());
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            JsonNode expected = results.get(i);
            assertThat(row.get("row_number")).isEqualTo(i + 1);
            assertThat(row.get("batch_id")).isEqualTo(batchId);
            assertThat(row.get("extraction_id")).isEqualTo(extractionId);
            assertThat(row.get("invoice_number")).isEqualTo(text(expected, "Invoice Number"));
            assertThat(row.get("vendor_name")).isEqualTo(text(expected, "Vendor Name"));
            assertThat(row.get("source_file")).isEqualTo(text(expected, "Source File"));
            String date = text(expected, "Invoice Date");
            Object expectedDate = date != null && date.matches("\\d{4}-\\d{2}-\\d{2}") ? Date.valueOf(LocalDate.parse(date)) : null;
            assertThat(row.get("invoice_date")).isEqualTo(expectedDate);
            for (String[] amount : new String[][]{{"Net Amount", "net_amount"}, {"Tax Amount", "tax_amount"},
                    {"Total Amount", "total_amount"}}) {
                JsonNode v = expected.get(amount[0]);
                if (v == null || v.isNull()) {
                    assertThat(row.get(amount[1])).isNull();
                } else {
                    assertThat((BigDecimal) row.get(amount[1])).isEqualByComparingTo(v.decimalValue());
                }
            }
            String review = text(expected, "Review Needed");
            assertThat(row.get("review_needed")).isEqualTo(review != null && !review.isBlank());
            assertThat(row.get("review_message")).isEqualTo(review == null || review.isBlank() ? null : review);
            assertThat(json.readTree((String) row.get("raw_row"))).isEqualTo(expected);
        }
    }

    private static String text(JsonNode row, String field) {
        JsonNode v = row.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<Map<String, Object>> erpRows(PipelineHarness pipeline, String extractionId) throws Exception {
        return pipeline.query("select * from erp_invoice_row where extraction_id = '" + extractionId + "' order by row_number");
    }

    private static void update(PipelineHarness pipeline, String sql) throws Exception {
        javax.sql.DataSource ds = pipeline.context().getRegistry().lookupByNameAndType("jobDataSource", javax.sql.DataSource.class);
        try (var c = ds.getConnection(); var s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
