package io.invoiceroutes.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.invoiceroutes.pipeline.PipelineHarness;
import io.invoiceroutes.sandbox.SandboxConfig;
import jakarta.activation.DataHandler;
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
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Both channels on at once: the same invoice sent by mail and dropped on the SFTP server is extracted once. */
class MailAndSftpTest {
    private static final String ADDRESS = "ap@invoices.test";
    private static final String USER = "ap";
    private static final String PASSWORD = "pw-90fe-test";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(ADDRESS, USER, PASSWORD));

    @Test
    void the_same_pdf_by_mail_and_by_sftp_is_extracted_once(@TempDir Path temp, @TempDir Path work) throws Exception {
        Path pdf = PipelineHarness.samplePdfs().get(7);
        try (SftpTestServer sftp = SftpTestServer.start(temp.resolve("root"), temp.resolve("hostkey.ser"))) {
            Path outgoing = Files.createDirectories(sftp.root.resolve("outgoing"));
            Map<String, String> settings = new HashMap<>();
            settings.put("invoice.mail.enabled", "true");
            settings.put("invoice.mail.protocol", "imap");
            settings.put("invoice.mail.host", "127.0.0.1");
            settings.put("invoice.mail.port", String.valueOf(MAIL.getImap().getPort()));
            settings.put("invoice.mail.username", USER);
            settings.put("invoice.mail.password", PASSWORD);
            settings.put("invoice.mail.poll-ms", "300");
            settings.put("invoice.sftp.enabled", "true");
            settings.put("invoice.sftp.host", "127.0.0.1");
            settings.put("invoice.sftp.port", String.valueOf(sftp.port()));
            settings.put("invoice.sftp.username", SftpTestServer.USER);
            settings.put("invoice.sftp.password", SftpTestServer.PASSWORD);
            settings.put("invoice.sftp.known-hosts-file", sftp.knownHosts(temp.resolve("known_hosts")).toString());
            settings.put("invoice.sftp.directory", "outgoing");
            settings.put("invoice.sftp.poll-ms", "300");
            settings.put("invoice.sftp.min-age-ms", "1500");
            settings.put("invoice.sftp.read-lock-check-ms", "250");
            try (PipelineHarness pipeline = PipelineHarness.start(work, SandboxConfig.builder().processingMillis(200), settings)) {
                MAIL.getUserManager().getUser(USER).deliver(message(pdf));
                Path hidden = Files.copy(pdf, outgoing.resolve(".scan-0042.pdf"), StandardCopyOption.REPLACE_EXISTING);
                Files.move(hidden, outgoing.resolve("scan-0042.pdf"), StandardCopyOption.ATOMIC_MOVE);

                Path rejected = work.resolve("errors").resolve("rejected");
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                        pipeline.query("select file_id from invoice_file where state = 'DELIVERED'").size() == 1
                                && PipelineHarness.files(rejected).size() == 2);
                List<Map<String, Object>> files = pipeline.query("select original_name, state, error_code from invoice_file");
                assertThat(files).hasSize(2);
                assertThat(files).extracting(r -> r.get("state")).containsExactlyInAnyOrder("DELIVERED", "FAILED");
                assertThat(files).extracting(r -> r.get("error_code")).containsOnlyOnce("DUPLICATE_CONTENT");
                Path report = PipelineHarness.files(rejected).stream()
                        .filter(p -> p.getFileName().toString().endsWith(".error.json")).findFirst().orElseThrow();
                JsonNode sidecar = new ObjectMapper().readTree(report.toFile());
                assertThat(sidecar.get("code").asText()).isEqualTo("DUPLICATE_CONTENT");
                assertThat(pipeline.sandbox.state().account(PipelineHarness.KEY).extractionCount()).isEqualTo(1);
            }
        }
    }

    private static MimeMessage message(Path pdf) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("billing@vendor.example"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(ADDRESS));
        message.setSubject("Invoice 42");
        message.setSentDate(new Date());
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(Files.readAllBytes(pdf), "application/pdf")));
        part.setFileName("invoice-42.pdf");
        part.setDisposition(Part.ATTACHMENT);
        MimeMultipart multipart = new MimeMultipart("mixed");
        multipart.addBodyPart(part);
        message.setContent(multipart);
        message.saveChanges();
        return message;
    }
}
