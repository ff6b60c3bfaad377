package io.invoiceroutes.pipeline;

import io.invoiceroutes.sandbox.HoldControl;
import io.invoiceroutes.sandbox.RequestRecorder.RecordedRequest;
import io.invoiceroutes.sandbox.SandboxConfig;
import io.invoiceroutes.sandbox.SandboxServer;
import io.invoiceroutes.sandbox.Timeline;
import io.invoiceroutes.testing.TestPdfs;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stage engine against the API's real limits and slow paths (the sandbox models them): the account's
 * concurrency limit, retryable extraction failures, slow extractions beside quick ones, paused submissions,
 * expiring questions, the poll deadline, taken session and submission ids, and failures after paid work.
 */
class StageEngineTest {

    private static List<Path> invoices(Path dir, int count, int pages) throws Exception {
        List<Path> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            made.add(TestPdfs.invoice(Files.createDirectories(dir).resolve("inv-" + pages + "p-" + i + ".pdf"), 1000 * pages + i, pages));
        }
        return made;
    }

    private static long delivered(PipelineHarness pipeline) throws Exception {
        return pipeline.query("select file_id from invoice_file where state = 'DELIVERED'").size();
    }

    @Test
    void twelve_one_file_batches_on_an_account_running_three_at_once_with_retryable_failures_are_all_delivered(
            @TempDir Path work, @TempDir Path made) throws Exception {
        SandboxConfig.Builder sandbox = SandboxConfig.builder().maxRunningExtractions(3).retryableFailureRate(0.3)
                .processingMillis(800).millisPerPage(0);
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox, Map.of("invoice.batch.max-files", "1",
                "invoice.batch.timeout-ms", "200"))) {
            for (Path p : invoices(made, 12, 1)) {
                pipeline.drop(p, p.getFileName().toString());
            }
            Awaitility.await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500))
                    .until(() -> delivered(pipeline) == 12);

            assertThat(PipelineHarness.files(work.resolve("errors"))).isEmpty();
            assertThat(pipeline.query("select state from batch")).hasSize(12)
                    .allSatisfy(b -> assertThat(b.get("state")).isEqualTo("DELIVERED"));
            // the account's limit and the retryable failures really happened, and each was submitted again
            List<String> resubmits = pipeline.query("select detail from job_event where event = 'resubmit'").stream()
                    .map(r -> (String) r.get("detail")).toList();
            assertThat(resubmits).anyMatch(d -> d.startsWith("CONCURRENT_TASK_LIMIT"))
                    .anyMatch(d -> d.startsWith("INTERNAL_ERROR") || d.startsWith("SUBMISSION_STALLED"));
            // every extraction had its own submission id: no id was ever sent with other content
            List<Timeline.ExtractionTimes> extractions = pipeline.sandbox.extractionTimeline();
            assertThat(extractions).extracting(Timeline.ExtractionTimes::submissionId).doesNotHaveDuplicates();
            assertThat(pipeline.sandbox.recorder().requests()).noneMatch(
                    r -> "submitExtraction".equals(r.operationId()) && r.status() == 409);
            assertThat(extractions).filteredOn(e -> "completed".equals(e.finalStatus())).hasSize(12);
            assertThat(pipeline.sandbox.recorder().violations()).isEmpty();
            System.out.printf("[engine] 12 batches, account limit 3, 30%% retryable failures: %d extractions, %d resubmits%n",
                    extractions.size(), resubmits.size());
        }
    }

    @Test
    void a_slow_extraction_never_delays_the_quick_ones_dropped_after_it(@TempDir Path work, @TempDir Path made)
            throws Exception {
        SandboxConfig.Builder sandbox = SandboxConfig.builder().processingMillis(500).millisPerPage(1000);
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox, Map.of())) {
            Path big = invoices(made.resolve("big"), 1, 40).get(0);
            pipeline.drop(big, "big.pdf");
            pipeline.awaitBatches("SUBMITTED", 1, Duration.ofSeconds(30));
            Instant dropped = Instant.now();
            for (Path p : invoices(made.resolve("small"), 6, 1)) {
                pipeline.drop(p, p.getFileName().toString());
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> delivered(pipeline) == 6);
            Duration took = Duration.between(dropped, Instant.now());
            // the 40-page extraction (about 40 s) is still running while the six quick ones are delivered
            assertThat(pipeline.query("select state from invoice_file where original_name = 'big.pdf'").get(0).get("state"))
                    .isEqualTo("SUBMITTED");
            assertThat(took).isLessThan(Duration.ofSeconds(30));
            System.out.printf("[engine] 6 one-page invoices dropped beside a 40-page extraction: delivered %d ms after the drop%n",
                    took.toMillis());
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> delivered(pipeline) == 7);
        }
    }

    @Test
    void paused_submissions_give_the_slot_back_and_resume_at_the_time_the_api_gave(@TempDir Path work, @TempDir Path made)
            throws Exception {
        // the batch waits longer than the stuck threshold without a failure: waiting on purpose is not stuck work
        Map<String, String> props = Map.of("invoice.stuck.no-progress-seconds", "4", "invoice.stuck.check-ms", "200");
        try (PipelineHarness pipeline = PipelineHarness.start(work, SandboxConfig.builder().processingMillis(300), props)) {
            Instant resumes = pipeline.sandbox.pauseSubmissions(Duration.ofSeconds(9));
            pipeline.drop(invoices(made, 1, 1).get(0), "p.pdf");
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> !pipeline.query("select detail from job_event where event = 'submissions-paused'").isEmpty());
            assertThat(pipeline.query("select state, not_before from batch")).singleElement()
                    .satisfies(b -> assertThat(b.get("state")).isEqualTo("UPLOADED"));
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(30));

            List<RecordedRequest> submits = pipeline.sandbox.recorder().requests().stream()
                    .filter(r -> "submitExtraction".equals(r.operationId())).toList();
            assertThat(submits).filteredOn(r -> r.status() == 503).hasSize(1);
            assertThat(submits).filteredOn(r -> r.status() == 202).singleElement()
                    .satisfies(r -> assertThat(r.time()).isAfterOrEqualTo(resumes));
            // waiting on purpose is not stuck work, and nothing was refused
            assertThat(pipeline.query("select event from job_event where event = 'stuck'")).isEmpty();
            assertThat(PipelineHarness.files(work.resolve("errors"))).isEmpty();
            assertThat(pipeline.sandbox.recorder().violations()).isEmpty();
        }
    }

    @Test
    void questions_left_unanswered_past_answer_by_send_the_files_to_the_prompt_class(@TempDir Path work, @TempDir Path made)
            throws Exception {
        SandboxConfig.Builder sandbox = SandboxConfig.builder().processingMillis(600).answerBySeconds(2);
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox, Map.of("invoice.ask-questions", "true",
                "invoice.questions.recheck-ms", "5000"))) {
            pipeline.drop(invoices(made, 1, 1).get(0), "q.pdf");
            pipeline.awaitBatches("QUESTIONS", 1, Duration.ofSeconds(30));
            Path sidecar = work.resolve("errors/prompt/q.pdf.error.json");
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(sidecar));
            assertThat(Files.readString(sidecar)).contains("QUESTIONS_UNANSWERED").contains("answer_by");
            assertThat(pipeline.query("select state from batch").get(0).get("state")).isEqualTo("FAILED");
        }
    }

    @Test
    void an_extraction_past_its_deadline_is_cancelled_at_the_api_and_reported_once_it_stopped(@TempDir Path work,
                                                                                               @TempDir Path made) throws Exception {
        SandboxConfig.Builder sandbox = SandboxConfig.builder().processingMillis(120_000).millisPerPage(0);
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox, Map.of("invoice.poll.deadline-minutes", "0.1"))) {
            pipeline.drop(invoices(made, 1, 1).get(0), "slow.pdf");
            Path sidecar = work.resolve("errors/failed/slow.pdf.error.json");
            Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> Files.exists(sidecar));

            assertThat(Files.readString(sidecar)).contains("EXTRACTION_TIMED_OUT").contains("only the work done");
            assertThat(pipeline.sandbox.recorder().count("cancelExtraction")).isEqualTo(1);
            // the API had stopped it (status cancelled) before its file was reported
            Timeline.ExtractionTimes t = pipeline.sandbox.extractionTimeline().get(0);
            assertThat(t.finalStatus()).isEqualTo("cancelled");
            assertThat(t.finalAt()).isBefore(Files.getLastModifiedTime(sidecar).toInstant());
            assertThat(pipeline.query("select event from job_event where event = 'cancel-requested'")).hasSize(1);
        }
    }

    @Test
    void an_upload_session_id_taken_by_other_files_starts_the_batch_in_a_new_session(@TempDir Path work, @TempDir Path made)
            throws Exception {
        try (PipelineHarness pipeline = PipelineHarness.start(work, SandboxConfig.builder().processingMillis(300), Map.of())) {
            CompletableFuture<HoldControl.Held> balance = pipeline.sandbox.hold("getCreditsBalance", "hold");
            pipeline.drop(invoices(made, 1, 1).get(0), "s.pdf");
            balance.get(30, TimeUnit.SECONDS);
            String sessionId = (String) pipeline.query("select upload_session_id from batch").get(0).get("upload_session_id");
            // someone else's files under the batch's session id, before the pipeline creates it
            String body = "{\"upload_session_id\": \"" + sessionId + "\", \"files\": [{\"file_id\": \"other\","
                    + " \"file_name\": \"other.pdf\", \"file_size_bytes\": 1000}]}";
            HttpResponse<String> taken = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(pipeline.sandbox.baseUrl() + "/uploads/sessions"))
                    .header("Authorization", "Bearer " + PipelineHarness.KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(taken.statusCode()).isEqualTo(200);
            pipeline.sandbox.holds().releaseAll();

            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(60));
            assertThat(pipeline.query("select detail from job_event where event = 'new-session'")).singleElement()
                    .satisfies(r -> assertThat((String) r.get("detail")).contains("SESSION_ALREADY_INITIALIZED"));
            assertThat((String) pipeline.query("select upload_session_id from batch").get(0).get("upload_session_id"))
                    .startsWith(sessionId + "_");
            assertThat(PipelineHarness.files(work.resolve("errors"))).isEmpty();
        }
    }

    @Test
    void a_stored_submission_id_that_already_made_an_extraction_adopts_it_even_when_the_request_changed(
            @TempDir Path work, @TempDir Path made) throws Exception {
        Path otherPrompt = Files.writeString(made.resolve("prompt.txt"), "Extract the invoice number and the total amount");
        try (SandboxServer sandbox = new SandboxServer(SandboxConfig.builder().processingMillis(500).build()).start()) {
            CompletableFuture<HoldControl.Held> submit = sandbox.hold("submitExtraction", "hold");
            try (PipelineHarness first = PipelineHarness.start(work, sandbox, Map.of())) {
                first.drop(invoices(made, 1, 1).get(0), "a.pdf");
                submit.get(30, TimeUnit.SECONDS);
            }
            sandbox.holds().releaseAll();
            // the operator changed the prompt before the restart: the same submission id now comes with another prompt
            try (PipelineHarness second = PipelineHarness.start(work, sandbox, Map.of("invoice.prompt-file", otherPrompt.toString(),
                    "invoice.stage.lease-seconds", "2"))) {
                second.awaitBatches("DELIVERED", 1, Duration.ofSeconds(60));
                assertThat(sandbox.state().account(PipelineHarness.KEY).extractionCount()).as("the paid extraction is used").isEqualTo(1);
                assertThat(second.query("select detail from job_event where event = 'submitted'"))
                        .anySatisfy(r -> assertThat((String) r.get("detail")).contains("SUBMISSION_ID_ALREADY_USED"));
                assertThat(PipelineHarness.files(work.resolve("errors"))).isEmpty();
            }
        }
    }

    @Test
    void a_disk_that_refuses_the_outbox_after_a_paid_extraction_keeps_the_batch_and_delivers_once_it_accepts(
            @TempDir Path work, @TempDir Path made) throws Exception {
        Files.createDirectories(work);
        Path blocked = Files.writeString(work.resolve("outbox"), "not a folder: every write below it fails");
        try (PipelineHarness pipeline = PipelineHarness.start(work, SandboxConfig.builder().processingMillis(300), Map.of())) {
            pipeline.drop(invoices(made, 1, 1).get(0), "paid.pdf");
            Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> pipeline.query(
                    "select event from job_event where event = 'retry-later' and stage = 'deliver'").size() >= 2);
            assertThat(pipeline.query("select state from batch").get(0).get("state")).isEqualTo("COMPLETED");
            assertThat(PipelineHarness.files(work.resolve("errors"))).isEmpty();
            assertThat(PipelineHarness.files(work.resolve("staging"))).hasSize(1);

            Files.delete(blocked);
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(30));
            assertThat(pipeline.sandbox.state().account(PipelineHarness.KEY).extractionCount()).isEqualTo(1);
            assertThat(PipelineHarness.files(work.resolve("archive"))).hasSize(1);
        }
    }

    @Test
    void a_job_store_that_fails_mid_upload_quarantines_nothing_and_the_batch_goes_on_when_it_works_again(
            @TempDir Path work, @TempDir Path made) throws Exception {
        try (PipelineHarness pipeline = PipelineHarness.start(work, SandboxConfig.builder().processingMillis(300), Map.of())) {
            CompletableFuture<HoldControl.Held> session = pipeline.sandbox.hold("createUploadSession", "hold");
            pipeline.drop(invoices(made, 1, 1).get(0), "db.pdf");
            session.get(30, TimeUnit.SECONDS);
            // the job store fails every statement on the files and parts (as a broken database does) ...
            pipeline.execute("alter table invoice_file rename to invoice_file_away");
            pipeline.sandbox.holds().releaseAll();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.query(
                    "select event from job_event where event = 'retry-later' and stage = 'upload'").size() >= 2);
            assertThat(PipelineHarness.files(work.resolve("errors"))).isEmpty();
            assertThat(pipeline.query("select state from batch").get(0).get("state")).isEqualTo("SEALED");
            // ... and works again
            pipeline.execute("alter table invoice_file_away rename to invoice_file");
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(60));
            assertThat(PipelineHarness.files(work.resolve("errors"))).isEmpty();
            assertThat(pipeline.sandbox.state().account(PipelineHarness.KEY).sessionCount()).isEqualTo(1);
        }
    }
}
