package io.invoiceroutes.intake;

import io.invoiceroutes.pipeline.PipelineHarness;
import io.invoiceroutes.sandbox.SandboxConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** SFTP intake against an embedded SSHD server on loopback, through the real pipeline. */
class SftpIntakeTest {
    @TempDir
    Path temp;
    private SftpTestServer sftp;
    private Path outgoing;

    @BeforeEach
    void startServer() throws Exception {
        sftp = SftpTestServer.start(temp.resolve("sftp-root"), temp.resolve("hostkey.ser"));
        outgoing = Files.createDirectories(sftp.root.resolve("outgoing"));
    }

    @AfterEach
    void stopServer() throws Exception {
        sftp.close();
    }

    private Map<String, String> sftpSettings(String after) throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put("invoice.sftp.enabled", "true");
        props.put("invoice.sftp.host", "127.0.0.1");
        props.put("invoice.sftp.port", String.valueOf(sftp.port()));
        props.put("invoice.sftp.username", SftpTestServer.USER);
        props.put("invoice.sftp.password", SftpTestServer.PASSWORD);
        props.put("invoice.sftp.known-hosts-file", sftp.knownHosts(temp.resolve("known_hosts")).toString());
        props.put("invoice.sftp.strict-host-key-checking", "yes");
        props.put("invoice.sftp.directory", "outgoing");
        props.put("invoice.sftp.after", after);
        props.put("invoice.sftp.poll-ms", "250");
        // SFTP time stamps have whole seconds: the min age must exceed an uploader's pauses by more than a second
        props.put("invoice.sftp.min-age-ms", "2000");
        props.put("invoice.sftp.read-lock-check-ms", "250");
        props.put("invoice.sftp.read-lock-timeout-ms", "10000");
        return props;
    }

    private static SandboxConfig.Builder sandbox() {
        return SandboxConfig.builder().processingMillis(300);
    }

    /** Puts a file on the server the way a well-behaved uploader does: a hidden name first, then a rename. */
    private Path upload(Path source, String name) throws Exception {
        Path hidden = Files.copy(source, outgoing.resolve("." + name), StandardCopyOption.REPLACE_EXISTING);
        return Files.move(hidden, outgoing.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void remote_file_is_moved_to_done_only_once_its_inbox_copy_is_whole_then_flows_to_results(@TempDir Path work)
            throws Exception {
        Path sample = PipelineHarness.samplePdfs().get(0);
        byte[] bytes = Files.readAllBytes(sample);
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox(), sftpSettings("move"))) {
            // hold the pipeline's own ingest, so the inbox copy stays where the test can watch it
            pipeline.context().getRouteController().stopRoute("ingest");
            Path remote = upload(sample, "scan-0001.pdf");
            Path done = outgoing.resolve(".done").resolve("scan-0001.pdf");
            Path inboxCopy = pipeline.inbox().resolve("scan-0001.pdf");

            List<String> violations = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
                boolean remoteGone = !Files.exists(remote);
                boolean copyWhole = Files.exists(inboxCopy) && Files.size(inboxCopy) == bytes.length;
                if (remoteGone && !copyWhole) {
                    violations.add("remote file left before the inbox copy was whole");
                }
                return remoteGone && Files.exists(done);
            });
            assertThat(violations).isEmpty();
            assertThat(Files.readAllBytes(inboxCopy)).isEqualTo(bytes);
            assertThat(Files.readAllBytes(done)).isEqualTo(bytes);
            assertThat(PipelineHarness.files(pipeline.inbox())).containsExactly(inboxCopy);
            assertThat(pipeline.query("select item_key, claim_state from intake_claim where channel = 'sftp'"))
                    .singleElement().satisfies(row -> {
                        assertThat((String) row.get("item_key")).startsWith("scan-0001.pdf-");
                        assertThat(row.get("claim_state")).isEqualTo("DONE");
                    });
            assertThat(sftp.bytesRead("scan-0001.pdf")).isEqualTo(bytes.length);

            pipeline.context().getRouteController().startRoute("ingest");
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(30));
            Map<String, Object> file = pipeline.query("select original_name, size_bytes, state, batch_id from invoice_file").get(0);
            assertThat(file.get("original_name")).isEqualTo("scan-0001.pdf");
            assertThat(((Number) file.get("size_bytes")).longValue()).isEqualTo(bytes.length);
            assertThat(file.get("state")).isEqualTo("DELIVERED");
            Path outbox = work.resolve("outbox").resolve((String) file.get("batch_id"));
            assertThat(outbox.resolve("results.json")).isNotEmptyFile();
            assertThat(outbox.resolve("extraction.json")).isNotEmptyFile();
        }
    }

    @Test
    void file_still_being_uploaded_is_not_fetched_early(@TempDir Path work) throws Exception {
        byte[] bytes = Files.readAllBytes(PipelineHarness.samplePdfs().get(1));
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox(), sftpSettings("delete"))) {
            Path remote = outgoing.resolve("slow-upload.pdf");
            int chunk = bytes.length / 10 + 1;
            try (OutputStream out = Files.newOutputStream(remote)) {
                // about 3 s of uploading, across many remote polls; nothing may be fetched meanwhile
                for (int offset = 0; offset < bytes.length; offset += chunk) {
                    out.write(bytes, offset, Math.min(chunk, bytes.length - offset));
                    out.flush();
                    // a slow uploader; the intake lists the folder every 250 ms meanwhile
                    Thread.sleep(300);
                    assertThat(PipelineHarness.files(pipeline.inbox())).as("fetched while still uploaded").isEmpty();
                    assertThat(pipeline.query("select file_id from invoice_file")).isEmpty();
                    assertThat(remote).exists();
                }
            }
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> pipeline.query("select file_id from invoice_file").size() == 1);
            Map<String, Object> file = pipeline.query("select original_name, size_bytes from invoice_file").get(0);
            assertThat(file.get("original_name")).isEqualTo("slow-upload.pdf");
            assertThat(((Number) file.get("size_bytes")).longValue()).isEqualTo(bytes.length);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(remote));
        }
    }

    @Test
    void after_a_restart_a_file_left_on_the_server_is_not_fetched_again(@TempDir Path work) throws Exception {
        List<Path> samples = PipelineHarness.samplePdfs();
        // keep: remote files stay where they are, so only the job store stops a second fetch
        try (PipelineHarness first = PipelineHarness.start(work, sandbox(), sftpSettings("keep"))) {
            upload(samples.get(0), "kept.pdf");
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> first.query("select file_id from invoice_file").size() == 1);
        }
        assertThat(outgoing.resolve("kept.pdf")).exists();
        // the new file is listed in the same remote poll as the kept one: once it is staged, the kept one had its chance
        upload(samples.get(1), "new.pdf");
        try (PipelineHarness second = PipelineHarness.start(work, sandbox(), sftpSettings("keep"))) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> second.query("select file_id from invoice_file where original_name = 'new.pdf'").size() == 1);
            assertThat(second.query("select original_name from invoice_file order by original_name"))
                    .extracting(row -> row.get("original_name")).containsExactly("kept.pdf", "new.pdf");
            assertThat(second.query("select item_key from intake_claim where channel = 'sftp' and claim_state = 'DONE'"))
                    .hasSize(2);
            assertThat(sftp.bytesRead("kept.pdf")).as("kept.pdf fetched once across the restart")
                    .isEqualTo(Files.size(samples.get(0)));
            assertThat(PipelineHarness.files(second.inbox())).isEmpty();
        }
        assertThat(outgoing.resolve("kept.pdf")).exists();
        assertThat(outgoing.resolve("new.pdf")).exists();
    }

    @Test
    void a_remote_file_named_with_80_cjk_characters_is_fetched_once_and_delivered(@TempDir Path work) throws Exception {
        String name = "請求書".repeat(26) + "書.pdf"; // 80 characters before the extension, 244 bytes
        Path sample = PipelineHarness.samplePdfs().get(6);
        long size = Files.size(sample);
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox(), sftpSettings("move"))) {
            Path remote = upload(sample, name);

            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(40));
            assertThat(pipeline.query("select original_name from invoice_file")).singleElement()
                    .satisfies(row -> assertThat((String) row.get("original_name")).startsWith("請求書請求書").endsWith(".pdf"));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(remote));
            assertThat(outgoing.resolve(".done").resolve(name)).exists();
            // fetched once: later polls (every 250 ms here) do not download it again
            Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .until(() -> sftp.bytesRead(name) == size);
            assertThat(PipelineHarness.files(work.resolve("errors"))).isEmpty();
        }
    }

    @Test
    void a_copy_that_reached_the_inbox_before_it_was_recorded_is_recorded_later_without_being_fetched_again(
            @TempDir Path work) throws Exception {
        Path sample = PipelineHarness.samplePdfs().get(3);
        long size = Files.size(sample);
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox(), sftpSettings("move"))) {
            pipeline.context().getRouteController().stopRoute("ingest");
            // the job store refuses to record a delivery: every attempt stops right after the copy reached the inbox
            pipeline.execute("alter table intake_claim add constraint intake_not_done check (claim_state <> 'DONE')");
            Path remote = upload(sample, "late.pdf");

            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> MailIntakeTest.visibleInbox(pipeline.inbox()).size() == 1);
            // several polls take the file again (the claim was released) and find the copy already in place
            Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(50))
                    .until(() -> MailIntakeTest.visibleInbox(pipeline.inbox()).size() == 1 && Files.exists(remote)
                            && sftp.bytesRead("late.pdf") == size);
            pipeline.execute("alter table intake_claim drop constraint intake_not_done");

            Path done = outgoing.resolve(".done").resolve("late.pdf");
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> Files.exists(done));
            assertThat(remote).doesNotExist();
            assertThat(sftp.bytesRead("late.pdf")).as("fetched once").isEqualTo(size);
            assertThat(MailIntakeTest.visibleInbox(pipeline.inbox())).singleElement()
                    .satisfies(p -> assertThat(Files.readAllBytes(p)).isEqualTo(Files.readAllBytes(sample)));
            assertThat(pipeline.query("select claim_state from intake_claim where channel = 'sftp'"))
                    .singleElement().satisfies(row -> assertThat(row.get("claim_state")).isEqualTo("DONE"));
        }
    }
}
