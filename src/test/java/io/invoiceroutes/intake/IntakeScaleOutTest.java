package io.invoiceroutes.intake;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.invoiceroutes.pipeline.PipelineHarness;
import io.invoiceroutes.sandbox.SandboxConfig;
import io.invoiceroutes.testing.Samples;
import jakarta.activation.DataHandler;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances (two camel contexts in one JVM) on one work dir and one job store, both polling the same mailbox
 * and the same SFTP folder: every message and every remote file must reach the inbox exactly once.
 */
class IntakeScaleOutTest {
    private static final String ADDRESS = "ap@invoices.test";
    private static final String USER = "ap";
    private static final String PASSWORD = "pw-51ab-test";
    private static final int COUNT = 12;

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(ADDRESS, USER, PASSWORD));

    private static SandboxConfig.Builder sandbox() {
        return SandboxConfig.builder().processingMillis(200);
    }

    private static List<Path> uniquePdfs(Path dir, int count) {
        List<Path> samples = Samples.pdfs();
        List<Path> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            made.add(Samples.copyUnique(samples.get(i % samples.size()), dir.resolve("invoice-" + i + ".pdf"), "copy " + i));
        }
        return made;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static List<String> inboxDigests(Path inbox) throws Exception {
        List<String> digests = new ArrayList<>();
        for (Path p : MailIntakeTest.visibleInbox(inbox)) {
            digests.add(sha256(p));
        }
        return digests;
    }

    private static PipelineHarness instance(Path work, Map<String, String> settings) throws Exception {
        PipelineHarness pipeline = PipelineHarness.start(work, sandbox(), settings);
        // ingest is held so the test counts what the channels delivered into the inbox
        pipeline.context().getRouteController().stopRoute("ingest");
        return pipeline;
    }

    @Test
    void two_instances_polling_one_mailbox_take_each_message_once(@TempDir Path work, @TempDir Path made) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("invoice.mail.enabled", "true");
        settings.put("invoice.mail.protocol", "imap");
        settings.put("invoice.mail.host", "127.0.0.1");
        settings.put("invoice.mail.port", String.valueOf(MAIL.getImap().getPort()));
        settings.put("invoice.mail.username", USER);
        settings.put("invoice.mail.password", PASSWORD);
        settings.put("invoice.mail.poll-ms", "100");
        settings.put("invoice.mail.connection-timeout-ms", "5000");
        List<Path> pdfs = uniquePdfs(made, COUNT);
        List<String> expected = new ArrayList<>();
        for (Path pdf : pdfs) {
            expected.add(sha256(pdf));
        }
        try (PipelineHarness a = instance(work, settings); PipelineHarness b = instance(work, settings)) {
            for (int i = 0; i < COUNT; i++) {
                MAIL.getUserManager().getUser(USER).deliver(message("Invoice " + i, pdfs.get(i)));
            }

            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                    MAIL.getManagers().getImapHostManager().getInbox(MAIL.getUserManager().getUser(USER)).getMessages()
                            .stream().allMatch(m -> m.isSet(Flags.Flag.SEEN)));
            Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                    .until(() -> MailIntakeTest.visibleInbox(a.inbox()).size() == COUNT);
            assertThat(inboxDigests(a.inbox())).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(PipelineHarness.files(work.resolve("errors"))).isEmpty();
        }
    }

    @Test
    void two_instances_polling_one_sftp_folder_fetch_each_file_once(@TempDir Path temp, @TempDir Path work,
                                                                     @TempDir Path made) throws Exception {
        try (SftpTestServer sftp = SftpTestServer.start(temp.resolve("root"), temp.resolve("hostkey.ser"))) {
            Path outgoing = Files.createDirectories(sftp.root.resolve("outgoing"));
            Map<String, String> settings = new HashMap<>();
            settings.put("invoice.sftp.enabled", "true");
            settings.put("invoice.sftp.host", "127.0.0.1");
            settings.put("invoice.sftp.port", String.valueOf(sftp.port()));
            settings.put("invoice.sftp.username", SftpTestServer.USER);
            settings.put("invoice.sftp.password", SftpTestServer.PASSWORD);
            settings.put("invoice.sftp.known-hosts-file", sftp.knownHosts(temp.resolve("known_hosts")).toString());
            settings.put("invoice.sftp.directory", "outgoing");
            settings.put("invoice.sftp.after", "move");
            settings.put("invoice.sftp.poll-ms", "100");
            settings.put("invoice.sftp.min-age-ms", "1500");
            settings.put("invoice.sftp.read-lock-check-ms", "100");
            settings.put("invoice.sftp.read-lock-timeout-ms", "10000");
            List<Path> pdfs = uniquePdfs(made, COUNT);
            List<String> expected = new ArrayList<>();
            for (Path pdf : pdfs) {
                expected.add(sha256(pdf));
                Path hidden = Files.copy(pdf, outgoing.resolve("." + pdf.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                Files.move(hidden, outgoing.resolve(pdf.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE);
            }
            try (PipelineHarness a = instance(work, settings); PipelineHarness b = instance(work, settings)) {
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    try (var listing = Files.list(outgoing)) {
                        return listing.noneMatch(Files::isRegularFile);
                    }
                });
                Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                        .until(() -> MailIntakeTest.visibleInbox(a.inbox()).size() == COUNT);
                assertThat(inboxDigests(a.inbox())).containsExactlyInAnyOrderElementsOf(expected);
                for (Path pdf : pdfs) {
                    String name = pdf.getFileName().toString();
                    assertThat(sftp.bytesRead(name)).as("bytes read of %s", name).isEqualTo(Files.size(pdf));
                    assertThat(outgoing.resolve(".done").resolve(name)).exists();
                }
                assertThat(PipelineHarness.files(work.resolve("errors"))).isEmpty();
            }
        }
    }

    private static MimeMessage message(String subject, Path pdf) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("billing@vendor.example"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(ADDRESS));
        message.setSubject(subject);
        message.setSentDate(new Date());
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(Files.readAllBytes(pdf), "application/pdf")));
        part.setFileName(pdf.getFileName().toString());
        part.setDisposition(Part.ATTACHMENT);
        MimeMultipart multipart = new MimeMultipart("mixed");
        multipart.addBodyPart(part);
        message.setContent(multipart);
        message.saveChanges();
        return message;
    }
}
