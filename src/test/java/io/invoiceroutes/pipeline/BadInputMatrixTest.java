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

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad inputs land in their error class with a sidecar that says what to do, before any credit is spent;
 * awkward but valid names and owner-password PDFs are processed normally.
 */
class BadInputMatrixTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void each_bad_input_lands_in_its_class_and_good_ones_are_delivered(@TempDir Path work, @TempDir Path made)
            throws Exception {
        Path sample = PipelineHarness.samplePdfs().get(0);
        byte[] pdf = Files.readAllBytes(sample);

        Path empty = Files.createFile(made.resolve("empty.pdf"));
        Path truncated = Files.write(made.resolve("truncated.pdf"), java.util.Arrays.copyOf(pdf, pdf.length / 2));
        Path textAsPdf = Files.writeString(made.resolve("notes.pdf"), "just some text, not a PDF\n");
        Path userPassword = protect(sample, made.resolve("locked.pdf"), "user-secret");
        Path ownerOnly = protect(sample, made.resolve("owner-only.pdf"), "");
        Path docx = Files.writeString(made.resolve("letter.docx"), "PK fake docx");
        Path hugePdf = sparse(made.resolve("huge.pdf"), 151L * 1024 * 1024, "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII));
        Path hugePng = sparse(made.resolve("huge.png"), 6L * 1024 * 1024,
                new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});

        SandboxConfig.Builder sandbox = SandboxConfig.builder().processingMillis(500);
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox, Map.of("invoice.batch.timeout-ms", "3000"))) {
            for (Path p : List.of(empty, truncated, textAsPdf, userPassword, ownerOnly, docx, hugePdf, hugePng)) {
                pipeline.drop(p, p.getFileName().toString());
            }
            pipeline.drop(PipelineHarness.samplePdfs().get(2), "Rechnung Müller #12 (copy).pdf");
            pipeline.drop(sample, "dup.pdf");
            // a second file of the same name from another source, once the first has left the inbox
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> !Files.exists(pipeline.inbox().resolve("dup.pdf")));
            pipeline.drop(PipelineHarness.samplePdfs().get(1), "dup.pdf");

            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() ->
                    pipeline.query("select file_id from invoice_file where state not in ('DELIVERED', 'FAILED')").isEmpty()
                            && pipeline.query("select file_id from invoice_file").size() == 10);

            assertInClass(work, "rejected", "empty.pdf", "EMPTY_FILE");
            assertInClass(work, "encrypted", "truncated.pdf", "UNREADABLE_FILE");
            assertInClass(work, "rejected", "notes.pdf", "CONTENT_MISMATCH");
            assertInClass(work, "encrypted", "locked.pdf", "ENCRYPTED_FILE");
            assertInClass(work, "rejected", "letter.docx", "UNSUPPORTED_FILE");
            assertInClass(work, "rejected", "huge.pdf", "FILE_TOO_LARGE");
            assertInClass(work, "rejected", "huge.png", "FILE_TOO_LARGE");

            // an owner password alone does not stop a PDF from opening: it is processed like any other
            List<Map<String, Object>> delivered = pipeline.query(
                    "select original_name from invoice_file where state = 'DELIVERED' order by original_name");
            assertThat(delivered).extracting(r -> r.get("original_name"))
                    .containsExactlyInAnyOrder("owner-only.pdf", "Rechnung Müller #12 (copy).pdf", "dup.pdf", "dup.pdf");
            List<Path> archived = PipelineHarness.files(work.resolve("archive"));
            assertThat(archived).extracting(p -> p.getFileName().toString())
                    .contains("owner-only.pdf", "Rechnung Müller #12 (copy).pdf", "dup.pdf", "dup (2).pdf");
            // no credit was spent on the bad files: the sandbox saw only the good ones
            assertThat(pipeline.sandbox.recorder().requests().stream()
                    .filter(r -> "completeFileUpload".equals(r.operationId()) && r.status() == 200).count()).isEqualTo(4);
            assertThat(pipeline.sandbox.recorder().violations()).isEmpty();
            assertThat(PipelineHarness.files(work.resolve("staging"))).isEmpty();
            assertThat(PipelineHarness.files(work.resolve("inbox"))).isEmpty();
        }
    }

    private void assertInClass(Path work, String errorClass, String name, String code) throws Exception {
        Path dir = work.resolve("errors").resolve(errorClass);
        assertThat(dir.resolve(name)).as("%s in errors/%s", name, errorClass).exists();
        JsonNode sidecar = json.readTree(dir.resolve(name + ".error.json").toFile());
        assertThat(sidecar.get("class").asText()).isEqualTo(errorClass);
        assertThat(sidecar.get("code").asText()).isEqualTo(code);
        assertThat(sidecar.get("message").asText()).isNotBlank().doesNotContain("__");
        assertThat(sidecar.get("action").asText()).contains("drop");
        assertThat(sidecar.get("retryable").asBoolean()).isFalse();
        assertThat(sidecar.get("stage").asText()).isEqualTo("ingest");
        assertThat(sidecar.has("time")).isTrue();
    }

    private static Path protect(Path source, Path target, String userPassword) throws Exception {
        try (PDDocument doc = Loader.loadPDF(source.toFile())) {
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", userPassword, new AccessPermission());
            policy.setEncryptionKeyLength(128);
            doc.protect(policy);
            doc.save(target.toFile());
        }
        return target;
    }

    private static Path sparse(Path target, long size, byte[] head) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(target.toFile(), "rw")) {
            f.write(head);
            f.setLength(size);
        }
        return target;
    }
}
