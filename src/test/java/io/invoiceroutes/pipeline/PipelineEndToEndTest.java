package io.invoiceroutes.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.invoiceroutes.sandbox.RequestRecorder.RecordedRequest;
import io.invoiceroutes.sandbox.SandboxConfig;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The eight sample invoices dropped into the inbox come out as results, through real HTTP, files and H2. */
class PipelineEndToEndTest {
    private static final int PART_SIZE = 16 * 1024;
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void eight_samples_flow_from_inbox_to_outbox_with_every_part_recorded(@TempDir Path work) throws Exception {
        List<Path> samples = PipelineHarness.samplePdfs();
        assertThat(samples).hasSize(8);
        SandboxConfig.Builder sandbox = SandboxConfig.builder().partSize(PART_SIZE).processingMillis(1500);
        // the batch closes when the eighth file joins it (completion size), well before the interval
        Map<String, String> oneBatch = Map.of("invoice.batch.max-files", "8", "invoice.batch.timeout-ms", "30000");
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox, oneBatch)) {
            for (Path sample : samples) {
                pipeline.drop(sample, sample.getFileName().toString());
            }
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(90));

            List<Map<String, Object>> batches = pipeline.query("select * from batch");
            assertThat(batches).hasSize(1);
            Map<String, Object> batch = batches.get(0);
            String batchId = (String) batch.get("batch_id");
            assertThat(batch.get("state")).isEqualTo("DELIVERED");
            assertThat((String) batch.get("upload_session_id")).matches("^[A-Za-z0-9._:-]{1,200}$");
            assertThat((String) batch.get("submission_id")).startsWith("sub_");
            assertThat(((Number) batch.get("part_size")).intValue()).isEqualTo(PART_SIZE);

            // outbox: every configured format plus the final status, written atomically (no temp files left)
            Path outbox = work.resolve("outbox").resolve(batchId);
            assertThat(PipelineHarness.files(outbox)).extracting(p -> p.getFileName().toString())
                    .filteredOn(name -> !name.equals("review.json")) // present when rows need review (deliver-channels)
                    .containsExactlyInAnyOrder("results.json", "results.csv", "results.xlsx", "extraction.json");
            Set<String> sampleNames = new HashSet<>();
            samples.forEach(p -> sampleNames.add(p.getFileName().toString()));

            JsonNode rows = json.readTree(outbox.resolve("results.json").toFile());
            assertThat(rows.isArray()).isTrue();
            Set<String> sources = new HashSet<>();
            rows.forEach(row -> {
                assertThat(row.has("Invoice Number")).isTrue();
                assertThat(row.has("Total Amount")).isTrue();
                sources.add(row.get("Source File").asText().replaceAll(" \\(Page \\d+\\)$", ""));
            });
            assertThat(sources).isEqualTo(sampleNames);

            List<String> csv = Files.readAllLines(outbox.resolve("results.csv"));
            assertThat(csv.get(0)).startsWith("Invoice Number,Invoice Date,Vendor Name,Net Amount,Tax Amount,Total Amount");
            assertThat(csv).hasSize(rows.size() + 1);

            try (InputStream in = Files.newInputStream(outbox.resolve("results.xlsx"));
                 XSSFWorkbook workbook = new XSSFWorkbook(in)) {
                Sheet sheet = workbook.getSheetAt(0);
                Row header = sheet.getRow(0);
                assertThat(header.getCell(0).getStringCellValue()).isEqualTo("Invoice Number");
                assertThat(sheet.getLastRowNum()).isEqualTo(rows.size());
            }

            JsonNode extraction = json.readTree(outbox.resolve("extraction.json").toFile());
            assertThat(extraction.get("status").asText()).isEqualTo("completed");
            assertThat(extraction.get("extraction_id").asText()).isEqualTo(batch.get("extraction_id"));
            assertThat(extraction.has("ai_uncertainty_notes")).isTrue();
            assertThat(extraction.has("review_needed")).isTrue();
            int pages = extraction.get("pages").get("successful_count").asInt();
            assertThat(extraction.get("credits_deducted").asInt()).isEqualTo(pages);

            // originals archived, inbox and staging empty
            assertThat(PipelineHarness.files(work.resolve("archive").resolve(batchId)))
                    .extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrderElementsOf(sampleNames);
            assertThat(PipelineHarness.files(work.resolve("inbox"))).isEmpty();
            assertThat(PipelineHarness.files(work.resolve("staging"))).isEmpty();

            // job store: every file delivered, every part's ETag recorded (quotes included)
            List<Map<String, Object>> files = pipeline.query("select * from invoice_file order by original_name");
            assertThat(files).hasSize(8).allSatisfy(f -> {
                assertThat(f.get("state")).isEqualTo("DELIVERED");
                assertThat(f.get("batch_id")).isEqualTo(batchId);
            });
            for (Map<String, Object> f : files) {
                long size = ((Number) f.get("size_bytes")).longValue();
                long expectedParts = (size + PART_SIZE - 1) / PART_SIZE;
                List<Map<String, Object>> parts = pipeline.query(
                        "select part_number, e_tag, size_bytes from file_part where file_id = '" + f.get("file_id")
                                + "' order by part_number");
                assertThat(parts).as("parts of %s", f.get("original_name")).hasSize((int) expectedParts);
                assertThat(parts).allSatisfy(p -> assertThat((String) p.get("e_tag")).matches("^\".+\"$"));
                assertThat(parts.stream().mapToLong(p -> ((Number) p.get("size_bytes")).longValue()).sum()).isEqualTo(size);
            }
            assertThat(pipeline.query("select distinct event from job_event")).extracting(r -> r.get("event"))
                    .contains("staged", "sealed", "uploaded", "submitted", "extraction completed", "delivered");

            // the sandbox: one session and one extraction for the batch, and no contract violation at all
            assertThat(pipeline.sandbox.recorder().count("createUploadSession")).isEqualTo(1);
            assertThat(pipeline.sandbox.recorder().count("submitExtraction")).isEqualTo(1);
            assertThat(pipeline.sandbox.recorder().count("completeFileUpload")).isEqualTo(8);
            assertThat(pipeline.sandbox.recorder().violations()).isEmpty();
            List<RecordedRequest> storage = pipeline.sandbox.recorder().requests().stream()
                    .filter(r -> r.path().startsWith("/storage")).toList();
            assertThat(storage).isNotEmpty().allSatisfy(r -> {
                assertThat(r.headers().keySet()).noneMatch(h -> h.equalsIgnoreCase("Authorization"));
                assertThat(r.headers().keySet()).noneMatch(h -> h.toLowerCase().startsWith("camel"));
            });
            assertThat(pipeline.sandbox.recorder().requests().stream()
                    .filter(r -> r.path().startsWith("/v1")).toList())
                    .allSatisfy(r -> assertThat(r.headers().keySet()).noneMatch(h -> h.toLowerCase().startsWith("camel")));
        }
    }
}
