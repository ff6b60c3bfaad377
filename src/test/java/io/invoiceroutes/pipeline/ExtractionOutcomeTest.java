package io.invoiceroutes.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.invoiceroutes.sandbox.SandboxConfig;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What the pipeline does with each kind of extraction outcome the API can report. */
class ExtractionOutcomeTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void encrypted_file_named_by_a_failed_extraction_is_quarantined_and_the_rest_resubmitted(@TempDir Path work,
                                                                                           @TempDir Path made) throws Exception {
        Path sample = PipelineHarness.samplePdfs().get(0);
        Path locked = made.resolve("locked.pdf");
        try (PDDocument doc = Loader.loadPDF(sample.toFile())) {
            doc.protect(new StandardProtectionPolicy("owner", "user", new AccessPermission()));
            doc.save(locked.toFile());
        }
        // with the pre-flight check off, the API is the one that finds the encrypted file
        Map<String, String> props = Map.of("invoice.preflight.enabled", "false", "invoice.batch.max-files", "3",
                "invoice.batch.timeout-ms", "20000");
        try (PipelineHarness pipeline = PipelineHarness.start(work, SandboxConfig.builder().processingMillis(300), props)) {
            pipeline.drop(locked, "locked.pdf");
            pipeline.drop(PipelineHarness.samplePdfs().get(1), "a.pdf");
            pipeline.drop(PipelineHarness.samplePdfs().get(2), "b.pdf");
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(60));

            JsonNode sidecar = json.readTree(work.resolve("errors/encrypted/locked.pdf.error.json").toFile());
            assertThat(sidecar.get("code").asText()).isEqualTo("ENCRYPTED_FILE");
            assertThat(sidecar.get("stage").asText()).isEqualTo("poll");
            assertThat(pipeline.query("select original_name from invoice_file where state = 'DELIVERED'"))
                    .extracting(r -> r.get("original_name")).containsExactlyInAnyOrder("a.pdf", "b.pdf");
            // one session, two extractions: the failed one and the resubmission under a new submission_id
            assertThat(pipeline.sandbox.state().account(PipelineHarness.KEY).sessionCount()).isEqualTo(1);
            assertThat(pipeline.sandbox.state().account(PipelineHarness.KEY).extractionCount()).isEqualTo(2);
            assertThat(pipeline.query("select detail from job_event where event = 'resubmit'")).singleElement()
                    .satisfies(r -> assertThat((String) r.get("detail")).startsWith("ENCRYPTED_FILE"));
        }
    }

    @Test
    void failed_pages_are_reported_in_the_outbox_while_the_rows_are_delivered(@TempDir Path work) throws Exception {
        Path sample = PipelineHarness.samplePdfs().get(0);
        String name = sample.getFileName().toString();
        SandboxConfig.Builder sandbox = SandboxConfig.builder().processingMillis(300).failPages(Set.of(name + ":1"));
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox, Map.of())) {
            pipeline.drop(sample, name);
            pipeline.drop(PipelineHarness.samplePdfs().get(1), "other.pdf");
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(60));
            String batchId = (String) pipeline.query("select batch_id from batch").get(0).get("batch_id");
            JsonNode report = json.readTree(work.resolve("outbox").resolve(batchId).resolve("page-failures.json").toFile());
            assertThat(report.get("failed_page_count").asInt()).isEqualTo(1);
            assertThat(report.get("failures").get(0).get("file_name").asText()).isEqualTo(name);
            assertThat(report.get("failures").get(0).get("pages").get(0).asInt()).isEqualTo(1);
            assertThat(report.get("failures").get(0).get("reason").asText()).isNotBlank();
            assertThat(json.readTree(work.resolve("outbox").resolve(batchId).resolve("results.json").toFile())).isNotEmpty();
        }
    }

    @Test
    void an_unclear_prompt_sends_the_files_to_the_prompt_class_with_the_api_message(@TempDir Path work, @TempDir Path made)
            throws Exception {
        Path prompt = Files.writeString(made.resolve("prompt.txt"), "stuff");
        try (PipelineHarness pipeline = PipelineHarness.start(work, SandboxConfig.builder().processingMillis(300),
                Map.of("invoice.prompt-file", prompt.toString()))) {
            Path sample = PipelineHarness.samplePdfs().get(0);
            pipeline.drop(sample, "x.pdf");
            pipeline.awaitBatches("FAILED", 1, Duration.ofSeconds(60));
            JsonNode sidecar = json.readTree(work.resolve("errors/prompt/x.pdf.error.json").toFile());
            assertThat(sidecar.get("code").asText()).isEqualTo("PROMPT_UNCLEAR");
            assertThat(sidecar.get("message").asText()).contains("name the fields");
            assertThat(sidecar.get("action").asText()).contains("INVOICE_PROMPT_FILE");
            assertThat(work.resolve("errors/prompt/x.pdf")).exists();
        }
    }

    @Test
    void questions_are_written_out_and_an_answers_file_resumes_the_extraction(@TempDir Path work) throws Exception {
        try (PipelineHarness pipeline = PipelineHarness.start(work, SandboxConfig.builder().processingMillis(600),
                Map.of("invoice.ask-questions", "true"))) {
            pipeline.drop(PipelineHarness.samplePdfs().get(0), "q.pdf");
            pipeline.awaitBatches("QUESTIONS", 1, Duration.ofSeconds(60));
            String batchId = (String) pipeline.query("select batch_id from batch").get(0).get("batch_id");
            Path questions = work.resolve("questions").resolve(batchId + ".json");
            JsonNode doc = json.readTree(questions.toFile());
            assertThat(doc.get("questions")).isNotEmpty();
            Path answers = Files.createDirectories(work.resolve("answers-draft")).resolve(batchId + ".json");
            json.writeValue(answers.toFile(), doc.get("example_answers"));
            Files.createDirectories(work.resolve("answers"));
            Files.move(answers, work.resolve("answers").resolve(batchId + ".json"));
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(60));
            assertThat(pipeline.sandbox.recorder().count("answerExtractionQuestions")).isEqualTo(1);
            assertThat(work.resolve("answers/done").resolve(batchId + ".json")).exists();
        }
    }

    @Test
    void auto_accept_answers_with_the_recommendations_and_completes(@TempDir Path work) throws Exception {
        try (PipelineHarness pipeline = PipelineHarness.start(work, SandboxConfig.builder().processingMillis(600),
                Map.of("invoice.ask-questions", "true", "invoice.questions.auto-accept", "true"))) {
            pipeline.drop(PipelineHarness.samplePdfs().get(0), "q.pdf");
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(60));
            assertThat(pipeline.sandbox.recorder().count("answerExtractionQuestions")).isGreaterThanOrEqualTo(1);
            assertThat(PipelineHarness.files(work.resolve("questions"))).isEmpty();
        }
    }

    @Test
    void a_refused_key_pauses_api_work_with_one_alert_and_resumes_when_it_is_accepted_again(@TempDir Path work)
            throws Exception {
        Map<String, String> props = Map.of("invoice.auth.recheck-ms", "500");
        try (PipelineHarness pipeline = PipelineHarness.start(work, SandboxConfig.builder().processingMillis(300), props)) {
            pipeline.sandbox.revokeKey(PipelineHarness.KEY);
            pipeline.drop(PipelineHarness.samplePdfs().get(0), "a.pdf");
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> !PipelineHarness.files(work.resolve("alerts")).isEmpty());
            pipeline.drop(PipelineHarness.samplePdfs().get(1), "b.pdf");
            // while paused: no file fails, and the probe keeps checking the balance
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> pipeline.sandbox.recorder().requests().stream().filter(r -> r.status() == 401).count() >= 3);
            assertThat(pipeline.query("select file_id from invoice_file where state = 'FAILED'")).isEmpty();
            assertThat(PipelineHarness.files(work.resolve("errors"))).isEmpty();
            List<Path> alerts = PipelineHarness.files(work.resolve("alerts"));
            assertThat(alerts).hasSize(1);
            assertThat(Files.readString(alerts.get(0))).contains("API_KEY_REVOKED").doesNotContain(PipelineHarness.KEY);

            pipeline.sandbox.restoreKey(PipelineHarness.KEY);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    pipeline.query("select file_id from invoice_file where state = 'DELIVERED'").size() == 2);
            assertThat(PipelineHarness.files(work.resolve("alerts"))).hasSize(1);
        }
    }
}
