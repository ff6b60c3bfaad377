package io.invoiceroutes.files;

import io.invoiceroutes.api.ApiFailures;
import io.invoiceroutes.failure.Failure;
import io.invoiceroutes.failure.Failures;
import io.invoiceroutes.upload.FileUpload;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ErrorReportsTest {
    private final ErrorReports reports = new ErrorReports(Map.of("credits", "file:errors/credits", "failed", "file:errors/failed"));
    private final Failures failures = new Failures(1000, 60_000, 1000, 60_000, 5);
    private static final Map<String, Object> FILE = Map.of("file_id", "file_1", "original_name", "a.pdf",
            "staged_path", "/w/staging/file_1__a.pdf");

    @Test
    void a_file_of_a_failed_batch_carries_the_api_code_message_flag_and_details() {
        Failure failure = failures.of(ApiFailures.of(400, "VALIDATION_FAILED", "bad fields", false,
                Map.of("field", "x"), null), "batch_1", "poll", "SUBMITTED");

        Quarantine q = reports.of(failure, FILE, null);
        Map<String, Object> sidecar = reports.sidecar(q);

        assertThat(q.errorClass()).isEqualTo("rejected");
        assertThat(q.sourcePath()).isEqualTo("/w/staging/file_1__a.pdf");
        assertThat(sidecar).containsEntry("file_name", "a.pdf").containsEntry("class", "rejected")
                .containsEntry("code", "VALIDATION_FAILED").containsEntry("message", "bad fields")
                .containsEntry("retryable", false).containsEntry("details", Map.of("field", "x"))
                .containsEntry("stage", "poll").containsEntry("batch_id", "batch_1").containsEntry("file_id", "file_1");
        assertThat((String) sidecar.get("action")).contains("fix it");
        assertThat(Instant.parse((String) sidecar.get("time"))).isBeforeOrEqualTo(Instant.now());
        assertThat(sidecar).doesNotContainKey("attempts");
    }

    @Test
    void a_file_whose_resubmissions_ran_out_lists_every_attempts_code() {
        Failure failure = failures.of(ApiFailures.extractionFailed(Map.of("status", "failed", "error",
                Map.of("code", "INTERNAL_ERROR", "message", "x", "retryable", true))), "b", "poll", "SUBMITTED");

        Map<String, Object> sidecar = reports.sidecar(reports.of(failure, FILE,
                failures.attemptCodes("SUBMISSION_STALLED,INTERNAL_ERROR", "INTERNAL_ERROR")));

        assertThat(sidecar).containsEntry("class", "failed").containsEntry("retryable", true)
                .containsEntry("attempts", List.of("SUBMISSION_STALLED", "INTERNAL_ERROR", "INTERNAL_ERROR"));
        assertThat((String) sidecar.get("action")).startsWith("Processing failed");
    }

    @Test
    void a_local_refusal_takes_its_class_from_the_code_and_is_not_retryable() {
        Quarantine q = reports.local("ingest", null, null, "x.docx", "/w/inbox/x.docx", "UNSUPPORTED_FILE", "convert it");

        assertThat(q.errorClass()).isEqualTo("rejected");
        assertThat(reports.sidecar(q)).containsEntry("retryable", false).containsEntry("code", "UNSUPPORTED_FILE")
                .containsEntry("message", "convert it").containsEntry("stage", "ingest");
    }

    @Test
    void a_duplicate_names_the_first_copy_and_how_to_process_it_again() {
        Quarantine q = reports.duplicate("file_2", "b.pdf", "/w/staging/file_2__b.pdf", "a.pdf (file file_1, batch b1, DELIVERED)");

        assertThat(q.code()).isEqualTo("DUPLICATE_CONTENT");
        assertThat(q.errorClass()).isEqualTo("rejected");
        assertThat(q.message()).contains("a.pdf (file file_1, batch b1, DELIVERED)").contains("INVOICE_INGEST_DEDUPLICATE");
    }

    @Test
    void a_file_ingest_cannot_take_says_why() {
        Quarantine q = reports.cannotIngest("file_3", "x.pdf", "/w/inbox/x.pdf",
                new java.nio.file.FileSystemException("/w/staging/file_3__x.pdf: File name too long"));

        assertThat(q.code()).isEqualTo("CANNOT_INGEST");
        assertThat(q.message()).contains("File name too long").contains("drop it again");
    }

    @Test
    void the_one_file_an_upload_call_refused_is_described_by_the_api_error() {
        FileUpload upload = new FileUpload("b", "s", 100, "file_1", "a.pdf", "/w/staging/file_1__a.pdf", 10);

        Quarantine q = reports.refusedFile(upload, ApiFailures.of(400, "FILE_NOT_UPLOADABLE", "gone", false, null, null));

        assertThat(q.fileId()).isEqualTo("file_1");
        assertThat(q.code()).isEqualTo("FILE_NOT_UPLOADABLE");
        assertThat(q.stage()).isEqualTo("upload");
    }

    @Test
    void a_refused_key_alert_says_what_to_do_and_carries_no_key() {
        Failure failure = failures.of(ApiFailures.of(401, "API_KEY_REVOKED", "revoked", false, null, null), "b", "upload", "SEALED");

        Map<String, Object> alert = reports.keyRefused(failure);

        assertThat(alert).containsEntry("alert", "api-key-refused").containsEntry("code", "API_KEY_REVOKED");
        assertThat((String) alert.get("action")).contains("INVOICE_API_KEY");
    }

    @Test
    void endpoints_are_configured_per_class_and_a_missing_one_is_named() {
        assertThat(reports.endpointFor("credits")).isEqualTo("file:errors/credits");
        assertThatThrownBy(() -> reports.endpointFor("prompt"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("invoice.errors.prompt.endpoint");
    }
}
