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
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQL channel: one typed row per output row in erp_invoice_row, one transaction per batch, each row once across
 * redeliveries; a row the table cannot take is reported with its reason while the others are delivered.
 */
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

            // the batch's SQL delivery is recorded once; the crash-time redelivery did not run it again
            assertThat(pipeline.query("select state, attempts from delivery_step where batch_id = '" + batchId + "'"))
                    .containsExactly(Map.of("state", "DELIVERED", "attempts", 1));

            // a write of the same rows with one the table cannot take: the good rows are there already, the bad one
            // is reported, nothing is doubled or half-written
            ErpStaging staging = pipeline.context().getRegistry().lookupByNameAndType("erpStaging", ErpStaging.class);
            List<Map<String, Object>> withBad = new java.util.ArrayList<>();
            results.forEach(r -> withBad.add(json.convertValue(r, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {
            })));
            withBad.add(new LinkedHashMap<>(Map.of("Invoice Number", "X".repeat(500))));
            ErpStaging.Result result = staging.write(batchId, extractionId, withBad);
            assertThat(result.written()).isZero();
            assertThat(result.alreadyThere()).isEqualTo(results.size());
            assertThat(result.rejected()).extracting(ErpStaging.RejectedRow::rowNumber).containsExactly(results.size() + 1);
            assertRowsMatch(erpRows(pipeline, extractionId), results, batchId, extractionId);
        }
    }

    @Test
    void a_poison_row_is_reported_with_its_reason_and_the_other_nine_rows_are_delivered(@TempDir Path work) throws Exception {
        Map<String, String> props = Map.of("invoice.deliver.channels", "sql", "invoice.batch.max-files", "10",
                "invoice.batch.timeout-ms", "20000");
        try (PipelineHarness pipeline = PipelineHarness.start(work, SandboxConfig.builder().processingMillis(200), props)) {
            Path made = java.nio.file.Files.createDirectories(work.resolve("made"));
            for (int i = 1; i <= 10; i++) {
                // the seventh invoice's total does not fit DECIMAL(18,2)
                Path pdf = invoice(made.resolve("inv-" + i + ".pdf"), "PZ-" + (7000 + i), i == 7 ? "10000000000000000.00" : (200 + i) + ".00");
                pipeline.drop(pdf, pdf.getFileName().toString());
            }
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(60));
            Map<String, Object> batch = pipeline.query("select batch_id, extraction_id, file_count from batch").get(0);
            String batchId = (String) batch.get("batch_id");
            assertThat(batch.get("file_count")).isEqualTo(10);
            JsonNode results = json.readTree(work.resolve("outbox").resolve(batchId).resolve("results.json").toFile());
            assertThat(results.size()).isEqualTo(10);

            List<Map<String, Object>> rows = erpRows(pipeline, (String) batch.get("extraction_id"));
            assertThat(rows).hasSize(9);
            assertThat(rows).extracting(r -> r.get("invoice_number")).doesNotContain("PZ-7007");
            JsonNode report = json.readTree(work.resolve("errors").resolve("sql-dead-letter").resolve(batchId + ".json").toFile());
            assertThat(report.get("refused_count").asInt()).isEqualTo(1);
            assertThat(report.get("written").asInt()).isEqualTo(9);
            JsonNode refused = report.get("rows").get(0);
            assertThat(refused.get("values").get("Invoice Number").asText()).isEqualTo("PZ-7007");
            assertThat(refused.get("row_number").asInt()).isEqualTo(rowNumberOf(results, "PZ-7007"));
            assertThat(refused.get("sql_state").asText()).startsWith("22");
            assertThat(refused.get("reason").asText()).isNotBlank();
            // the batch is delivered; its originals are archived, none went to errors/
            assertThat(PipelineHarness.files(work.resolve("archive"))).hasSize(10);
            assertThat(PipelineHarness.files(work.resolve("errors"))).extracting(p -> p.getFileName().toString())
                    .containsExactly(batchId + ".json");
            assertThat(pipeline.query("select detail from delivery_step where target = 'sql'").get(0).get("detail").toString())
                    .contains("9 rows written").contains("1 refused");
        }
    }

    private static int rowNumberOf(JsonNode results, String invoiceNumber) {
        for (int i = 0; i < results.size(); i++) {
            if (invoiceNumber.equals(results.get(i).path("Invoice Number").asText())) {
                return i + 1;
            }
        }
        throw new AssertionError(invoiceNumber + " not in results.json");
    }

    /** A one-page invoice with the given number and total, as the sandbox reads them. */
    private static Path invoice(Path target, String number, String total) throws java.io.IOException {
        org.apache.pdfbox.pdmodel.font.PDType1Font font = new org.apache.pdfbox.pdmodel.font.PDType1Font(
                org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA);
        try (org.apache.pdfbox.pdmodel.PDDocument doc = new org.apache.pdfbox.pdmodel.PDDocument()) {
            org.apache.pdfbox.pdmodel.PDPage page = new org.apache.pdfbox.pdmodel.PDPage();
            doc.addPage(page);
            try (org.apache.pdfbox.pdmodel.PDPageContentStream text = new org.apache.pdfbox.pdmodel.PDPageContentStream(doc, page)) {
                text.beginText();
                text.setFont(font, 12);
                text.newLineAtOffset(60, 700);
                text.setLeading(16);
                for (String line : List.of("INVOICE", "Invoice Number: " + number, "Invoice Date: 2026-10-05",
                        "Vendor: Poison Test Supplies Ltd", "Total: " + total + " EUR")) {
                    text.showText(line);
                    text.newLine();
                }
                text.endText();
            }
            doc.save(target.toFile());
        }
        return target;
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
