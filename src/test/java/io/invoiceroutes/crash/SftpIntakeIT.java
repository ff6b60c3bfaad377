package io.invoiceroutes.crash;

import io.invoiceroutes.intake.SftpTestServer;
import io.invoiceroutes.pipeline.LargeFileIT;
import io.invoiceroutes.sandbox.SandboxConfig;
import io.invoiceroutes.sandbox.SandboxServer;
import io.invoiceroutes.store.JobStore;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SFTP channel run as the packaged application against an SFTP server on loopback: killed (SIGKILL) once a
 * file's copy reached the inbox and before its exchange completed, it delivers the file once after a restart
 * without fetching it again; a 140 MB file is fetched once with a 256 MB heap (streamed, never held in memory).
 */
class SftpIntakeIT {
    private static final String KEY = "sftp-it-key";

    @TempDir
    Path tmp;
    private SandboxServer sandbox;
    private SftpTestServer sftp;
    private Path outgoing;
    private Path work;
    private AppProcess app;

    @BeforeEach
    void startServers() throws Exception {
        sandbox = new SandboxServer(SandboxConfig.builder().processingMillis(300).startingCredits(100_000).build()).start();
        sandbox.setCredits(KEY, 100_000);
        sftp = SftpTestServer.start(tmp.resolve("sftp-root"), tmp.resolve("hostkey.ser"));
        outgoing = Files.createDirectories(sftp.root.resolve("outgoing"));
        work = tmp.resolve("work");
    }

    @AfterEach
    void stopAll() throws Exception {
        if (app != null) {
            app.close();
        }
        sftp.close();
        sandbox.stop();
    }

    private Map<String, String> env() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("INVOICE_API_KEY", KEY);
        env.put("INVOICE_API_BASE_URL", sandbox.baseUrl());
        env.put("INVOICE_SFTP_ENABLED", "true");
        env.put("INVOICE_SFTP_HOST", "127.0.0.1");
        env.put("INVOICE_SFTP_PORT", String.valueOf(sftp.port()));
        env.put("INVOICE_SFTP_USERNAME", SftpTestServer.USER);
        env.put("INVOICE_SFTP_PASSWORD", SftpTestServer.PASSWORD);
        env.put("INVOICE_SFTP_KNOWN_HOSTS_FILE", sftp.knownHosts(tmp.resolve("known_hosts")).toString());
        env.put("INVOICE_SFTP_DIRECTORY", "outgoing");
        env.put("INVOICE_SFTP_AFTER", "move");
        env.put("INVOICE_SFTP_POLL_MS", "250");
        env.put("INVOICE_SFTP_MIN_AGE_MS", "1500");
        env.put("INVOICE_SFTP_READ_LOCK_CHECK_MS", "250");
        env.put("INVOICE_INTAKE_CLAIM_SECONDS", "3");
        env.put("INVOICE_INTAKE_CLAIM_RENEW_MS", "1000");
        env.put("INVOICE_INGEST_POLL_MS", "200");
        env.put("INVOICE_INGEST_MIN_AGE_MS", "300");
        env.put("INVOICE_BATCH_TIMEOUT_MS", "800");
        env.put("INVOICE_STAGE_LEASE_SECONDS", "3");
        env.put("INVOICE_STAGE_LEASE_RENEW_MS", "1000");
        env.put("INVOICE_POLL_WAIT_SECONDS", "1");
        return env;
    }

    private Path upload(Path source, String name) throws IOException {
        Path hidden = Files.copy(source, outgoing.resolve("." + name), StandardCopyOption.REPLACE_EXISTING);
        return Files.move(hidden, outgoing.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** True once the file's copy is in the inbox, or already taken on from there (staging, archive). */
    private boolean copyArrived(String name) throws IOException {
        return Files.exists(work.resolve("inbox").resolve(name)) || !files(work.resolve("staging")).isEmpty()
                || !files(work.resolve("archive")).isEmpty();
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private List<Map<String, Object>> query(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(JobStore.defaultUrl(work.toString()));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    @Test
    void an_sftp_file_whose_copy_reached_the_inbox_when_the_process_was_killed_is_delivered_once_after_restart()
            throws Exception {
        Path pdf = LargeFileIT.largePdf(Files.createDirectories(tmp.resolve("made")).resolve("scan.pdf"), 30L * 1024 * 1024);
        long size = Files.size(pdf);
        Path remote = upload(pdf, "big-scan.pdf");
        // the remote move waits: the kill lands after the copy reached the inbox, before the exchange completed
        sftp.holdMoves();
        app = new AppProcess(work, env());
        app.start();
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(1)).until(() -> {
            if (!app.alive()) {
                throw new AssertionError("the application exited; log:\n" + app.log());
            }
            return copyArrived("big-scan.pdf");
        });
        app.kill();
        sftp.openMoves();
        assertThat(remote).as("not moved before the kill").exists();

        app.start();
        Path done = outgoing.resolve(".done").resolve("big-scan.pdf");
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!app.alive()) {
                throw new AssertionError("the application exited; log:\n" + app.log());
            }
            return Files.exists(done) && files(work.resolve("archive")).size() == 1 && files(work.resolve("staging")).isEmpty();
        });
        assertThat(app.terminate(45)).isTrue();

        assertThat(remote).doesNotExist();
        assertThat(sftp.bytesRead("big-scan.pdf")).as("fetched once across the kill").isEqualTo(size);
        assertThat(files(work.resolve("archive"))).singleElement().satisfies(p -> assertThat(Files.size(p)).isEqualTo(size));
        assertThat(files(work.resolve("errors"))).as("no second copy reported as a duplicate").isEmpty();
        assertThat(query("select state from invoice_file")).singleElement()
                .satisfies(row -> assertThat(row.get("state")).isEqualTo("DELIVERED"));
        assertThat(query("select claim_state from intake_claim where channel = 'sftp'")).singleElement()
                .satisfies(row -> assertThat(row.get("claim_state")).isEqualTo("DONE"));
        assertThat(sandbox.state().account(KEY).extractionCount()).isEqualTo(1);
    }

    @Test
    void a_140_mb_pdf_over_sftp_is_fetched_once_and_handled_with_a_256_mb_heap() throws Exception {
        Path pdf = LargeFileIT.largePdf(Files.createDirectories(tmp.resolve("made")).resolve("large.pdf"), 140L * 1024 * 1024);
        long size = Files.size(pdf);
        Path remote = upload(pdf, "large-scan.pdf");
        Files.delete(pdf);
        app = new AppProcess(work, env(), "-Xmx256m");
        app.start();

        Path done = outgoing.resolve(".done").resolve("large-scan.pdf");
        Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!app.alive()) {
                throw new AssertionError("the application exited; log:\n" + app.log());
            }
            // handled: delivered (archived) or refused with a report; either way no longer in the inbox or staging
            return Files.exists(done) && files(work.resolve("archive")).size() + files(work.resolve("errors")).size() > 0
                    && files(work.resolve("staging")).isEmpty() && files(work.resolve("inbox")).isEmpty();
        });
        assertThat(app.terminate(45)).isTrue();

        assertThat(app.log()).doesNotContain("OutOfMemoryError").doesNotContain("Java heap space");
        assertThat(remote).doesNotExist();
        assertThat(sftp.bytesRead("large-scan.pdf")).as("fetched once").isEqualTo(size);
        assertThat(query("select size_bytes from invoice_file")).singleElement()
                .satisfies(row -> assertThat(((Number) row.get("size_bytes")).longValue()).isEqualTo(size));
        System.out.printf("sftp large file: %d MB fetched once with -Xmx256m; archive %s, errors %s%n", size >> 20,
                files(work.resolve("archive")), files(work.resolve("errors")));
    }
}
