package io.invoiceroutes.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.invoiceroutes.pipeline.PipelineHarness;
import io.invoiceroutes.sandbox.SandboxConfig;
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

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Mailbox intake against a GreenMail IMAP server on loopback, through the real pipeline. */
class MailIntakeTest {
    private static final String ADDRESS = "ap@invoices.test";
    private static final String USER = "ap";
    private static final String PASSWORD = "pw-2c9e-test";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(ADDRESS, USER, PASSWORD));

    private static Map<String, String> mailSettings() {
        Map<String, String> props = new HashMap<>();
        props.put("invoice.mail.enabled", "true");
        props.put("invoice.mail.protocol", "imap");
        props.put("invoice.mail.host", "127.0.0.1");
        props.put("invoice.mail.port", String.valueOf(MAIL.getImap().getPort()));
        props.put("invoice.mail.username", USER);
        props.put("invoice.mail.password", PASSWORD);
        props.put("invoice.mail.poll-ms", "300");
        props.put("invoice.mail.connection-timeout-ms", "5000");
        return props;
    }

    private static SandboxConfig.Builder sandbox() {
        return SandboxConfig.builder().processingMillis(300);
    }

    private static MimeMessage message(String subject, List<MimeBodyPart> parts) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("Billing Dept <billing@vendor.example>"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(ADDRESS));
        message.setSubject(subject);
        message.setSentDate(new Date());
        MimeMultipart multipart = new MimeMultipart("mixed");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Please find our invoices attached.\n-- \nBilling Dept");
        multipart.addBodyPart(text);
        for (MimeBodyPart part : parts) {
            multipart.addBodyPart(part);
        }
        message.setContent(multipart);
        message.saveChanges();
        return message;
    }

    private static MimeBodyPart attachment(Path file) throws Exception {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(Files.readAllBytes(file), "application/pdf")));
        part.setFileName(file.getFileName().toString());
        part.setDisposition(Part.ATTACHMENT);
        return part;
    }

    /** A small inline logo, the kind a mail signature carries. */
    private static MimeBodyPart signatureLogo() throws Exception {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), "png", png);
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(png.toByteArray(), "image/png")));
        part.setFileName("logo.png");
        part.setDisposition(Part.INLINE);
        part.setContentID("<logo@vendor.example>");
        return part;
    }

    private static GreenMailUser user() {
        return MAIL.getUserManager().getUser(USER);
    }

    private static List<StoredMessage> stored() throws Exception {
        return MAIL.getManagers().getImapHostManager().getInbox(user()).getMessages();
    }

    private static boolean seen(int index) throws Exception {
        return stored().get(index).isSet(Flags.Flag.SEEN);
    }

    @Test
    void message_with_two_pdfs_and_a_signature_logo_yields_two_invoices_and_is_seen_only_after_both_are_in_the_inbox(
            @TempDir Path work) throws Exception {
        List<Path> samples = PipelineHarness.samplePdfs();
        Path first = samples.get(0);
        Path second = samples.get(1);
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox(), mailSettings())) {
            // hold the pipeline's own ingest, so the attachments stay in the inbox where the test can watch them
            pipeline.context().getRouteController().stopRoute("ingest");
            user().deliver(message("Invoices May", List.of(attachment(first), attachment(second), signatureLogo())));

            List<String> violations = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
                boolean isSeen = seen(0);
                if (isSeen && PipelineHarness.files(pipeline.inbox()).size() < 2) {
                    violations.add("seen before both attachments were in the inbox");
                }
                return isSeen;
            });
            assertThat(violations).isEmpty();
            List<Path> inbox = PipelineHarness.files(pipeline.inbox());
            assertThat(inbox).hasSize(2);
            assertThat(inbox).extracting(p -> p.getFileName().toString()).allSatisfy(name ->
                    assertThat(name).matches("\\d{8}-\\d{6}_billing-vendor-example_.+\\.pdf"));
            assertThat(inbox).extracting(p -> p.getFileName().toString()).anySatisfy(name ->
                    assertThat(name).endsWith("_" + first.getFileName()));
            Path firstCopy = inbox.stream().filter(p -> p.toString().endsWith("_" + first.getFileName())).findFirst().orElseThrow();
            assertThat(Files.readAllBytes(firstCopy)).isEqualTo(Files.readAllBytes(first));
            assertThat(pipeline.query("select messageid from camel_messageprocessed where processorname = 'mail-intake'"))
                    .hasSize(1);

            pipeline.context().getRouteController().startRoute("ingest");
            Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).until(() ->
                    pipeline.query("select file_id from invoice_file where state = 'DELIVERED'").size() == 2);
            List<Map<String, Object>> files = pipeline.query("select original_name, batch_id from invoice_file order by original_name");
            assertThat(files).extracting(row -> (String) row.get("original_name"))
                    .noneMatch(name -> name.contains("logo"));
            for (Map<String, Object> file : files) {
                Path outbox = work.resolve("outbox").resolve((String) file.get("batch_id"));
                assertThat(outbox.resolve("results.json")).isNotEmptyFile();
            }
            assertThat(PipelineHarness.files(work.resolve("errors"))).isEmpty();

            // the same message seen again (as after a crash between writing and flagging) is passed over
            stored().get(0).setFlag(Flags.Flag.SEEN, false);
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> seen(0));
            assertThat(PipelineHarness.files(pipeline.inbox())).isEmpty();
            assertThat(pipeline.query("select file_id from invoice_file")).hasSize(2);
        }
    }

    @Test
    void message_without_attachments_is_reported_in_errors_rejected_and_marked_seen(@TempDir Path work) throws Exception {
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox(), mailSettings())) {
            MimeMessage message = message("Where is my invoice?", List.of(signatureLogo()));
            String messageId = message.getMessageID();
            user().deliver(message);

            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> seen(0));
            Path rejected = work.resolve("errors").resolve("rejected");
            List<Path> reports = PipelineHarness.files(rejected);
            assertThat(reports).singleElement().satisfies(p ->
                    assertThat(p.getFileName().toString()).endsWith(".mail.error.json").doesNotStartWith("."));
            JsonNode report = new ObjectMapper().readTree(reports.get(0).toFile());
            assertThat(report.get("class").asText()).isEqualTo("rejected");
            assertThat(report.get("code").asText()).isEqualTo("NO_ATTACHMENTS");
            assertThat(report.get("message").asText()).contains("attach the invoice");
            assertThat(report.get("sender").asText()).contains("billing@vendor.example");
            assertThat(report.get("subject").asText()).isEqualTo("Where is my invoice?");
            assertThat(report.get("message_id").asText()).isEqualTo(messageId);
            assertThat(report.get("time").asText()).isNotBlank();
            assertThat(PipelineHarness.files(pipeline.inbox())).isEmpty();
            assertThat(pipeline.query("select file_id from invoice_file")).isEmpty();
        }
    }
}
