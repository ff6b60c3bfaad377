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
            assertThat(pipeline.query("select claim_state from intake_claim where channel = 'mail'"))
                    .singleElement().satisfies(row -> assertThat(row.get("claim_state")).isEqualTo("DONE"));

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
            // the logo was not taken, and the report says so (nothing else went wrong)
            List<Path> errors = PipelineHarness.files(work.resolve("errors"));
            assertThat(errors).singleElement().satisfies(p -> assertThat(p.getParent().getFileName().toString()).isEqualTo("rejected"));
            JsonNode report = new ObjectMapper().readTree(errors.get(0).toFile());
            assertThat(report.get("code").asText()).isEqualTo("PARTS_SKIPPED");
            assertThat(report.get("delivered")).hasSize(2);
            assertThat(report.get("skipped")).singleElement().satisfies(part -> {
                assertThat(part.get("name").asText()).isEqualTo("logo.png");
                assertThat(part.get("reason").asText()).contains("inline image");
            });

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

    // --- every part kept or reported, all or nothing per message, keys, opened messages ----------------------

    private static Map<String, String> mailSettings(String... extra) {
        Map<String, String> props = mailSettings();
        for (int i = 0; i + 1 < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        return props;
    }

    /** The files ingest could take: visible regular files directly in the inbox (not the hidden work in progress). */
    static List<Path> visibleInbox(Path inbox) throws Exception {
        if (!Files.isDirectory(inbox)) {
            return List.of();
        }
        try (var listing = Files.list(inbox)) {
            return listing.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }

    private static MimeBodyPart attachment(Path file, String name) throws Exception {
        MimeBodyPart part = attachment(file);
        part.setFileName(jakarta.mail.internet.MimeUtility.encodeText(name, "UTF-8", "B"));
        return part;
    }

    private static MimeBodyPart unnamed(Path file, String type) throws Exception {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(Files.readAllBytes(file), type)));
        part.setDisposition(Part.ATTACHMENT);
        return part;
    }

    private static MimeBodyPart document(String name, String type, byte[] content) throws Exception {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(content, type)));
        part.setFileName(name);
        part.setDisposition(Part.ATTACHMENT);
        return part;
    }

    private static Path unique(Path sample, Path dir, String tag) {
        return io.invoiceroutes.testing.Samples.copyUnique(sample, dir.resolve(tag + ".pdf"), tag);
    }

    @Test
    void two_invoice_attachments_with_the_same_name_become_two_invoices(@TempDir Path work, @TempDir Path made)
            throws Exception {
        List<Path> samples = PipelineHarness.samplePdfs();
        Path one = unique(samples.get(0), made, "one");
        Path two = unique(samples.get(1), made, "two");
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox(), mailSettings())) {
            pipeline.context().getRouteController().stopRoute("ingest");
            user().deliver(message("Two invoices", List.of(attachment(one, "Invoice.pdf"), attachment(two, "Invoice.pdf"))));

            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> seen(0));
            List<Path> inbox = visibleInbox(pipeline.inbox());
            assertThat(inbox).hasSize(2);
            assertThat(inbox).extracting(p -> p.getFileName().toString())
                    .allSatisfy(name -> assertThat(name).contains("Invoice").endsWith(".pdf"));
            assertThat(inbox.stream().map(p -> {
                try {
                    return java.util.Arrays.hashCode(Files.readAllBytes(p));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList()).containsExactlyInAnyOrder(java.util.Arrays.hashCode(Files.readAllBytes(one)),
                    java.util.Arrays.hashCode(Files.readAllBytes(two)));

            pipeline.context().getRouteController().startRoute("ingest");
            Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).until(() ->
                    pipeline.query("select file_id from invoice_file where state = 'DELIVERED'").size() == 2);
        }
    }

    @Test
    void attachments_named_with_80_and_142_cjk_characters_are_delivered(@TempDir Path work, @TempDir Path made)
            throws Exception {
        String eighty = "請求書".repeat(26) + "書.pdf"; // 80 characters before the extension, 244 bytes
        String long142 = "請求書".repeat(47) + "書.pdf"; // 142 characters before the extension, 430 bytes
        List<Path> samples = PipelineHarness.samplePdfs();
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox(), mailSettings())) {
            user().deliver(message("長い名前", List.of(attachment(unique(samples.get(3), made, "80"), eighty),
                    attachment(unique(samples.get(4), made, "142"), long142))));

            Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).until(() ->
                    pipeline.query("select file_id from invoice_file where state = 'DELIVERED'").size() == 2);
            List<String> delivered = pipeline.query("select original_name from invoice_file").stream()
                    .map(row -> (String) row.get("original_name")).toList();
            assertThat(delivered).hasSize(2).allSatisfy(name -> {
                assertThat(name).contains("請求書請求書").endsWith(".pdf");
                assertThat(name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(200);
            });
            assertThat(seen(0)).isTrue();
            assertThat(PipelineHarness.files(work.resolve("errors"))).isEmpty();
        }
    }

    @Test
    void unnamed_invoice_parts_get_a_name_and_every_skipped_part_is_listed_in_a_report(@TempDir Path work)
            throws Exception {
        Path pdf = PipelineHarness.samplePdfs().get(4);
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox(), mailSettings())) {
            pipeline.context().getRouteController().stopRoute("ingest");
            user().deliver(message("Scans", List.of(unnamed(pdf, "application/pdf"),
                    document("terms.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                            "not an invoice".getBytes()),
                    signatureLogo())));

            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> seen(0));
            List<Path> inbox = visibleInbox(pipeline.inbox());
            assertThat(inbox).singleElement().satisfies(p -> {
                assertThat(p.getFileName().toString()).endsWith(".pdf");
                assertThat(Files.readAllBytes(p)).isEqualTo(Files.readAllBytes(pdf));
            });
            List<Path> reports = PipelineHarness.files(work.resolve("errors").resolve("rejected"));
            assertThat(reports).singleElement().satisfies(p -> assertThat(p.getFileName().toString()).endsWith(".mail.error.json"));
            JsonNode report = new ObjectMapper().readTree(reports.get(0).toFile());
            assertThat(report.get("code").asText()).isEqualTo("PARTS_SKIPPED");
            assertThat(report.get("delivered")).hasSize(1);
            assertThat(report.get("delivered").get(0).asText()).isEqualTo(inbox.get(0).getFileName().toString());
            List<String> skipped = new ArrayList<>();
            report.get("skipped").forEach(part -> skipped.add(part.get("name").asText() + ": " + part.get("reason").asText()));
            assertThat(skipped).hasSize(2);
            assertThat(skipped).anySatisfy(s -> assertThat(s).startsWith("terms.docx: ").contains("not a PDF, JPEG or PNG"));
            assertThat(skipped).anySatisfy(s -> assertThat(s).startsWith("logo.png: ").contains("inline image"));
        }
    }

    /** A raw message: a good PDF, then a part whose base64 body breaks off (it cannot be read, on every try). */
    private static MimeMessage withUnreadableLastAttachment(Path pdf) throws Exception {
        String good = java.util.Base64.getMimeEncoder().encodeToString(Files.readAllBytes(pdf));
        String broken = java.util.Base64.getMimeEncoder().encodeToString(new byte[3000]) + "QUJ";
        String raw = "From: Billing Dept <billing@vendor.example>\r\n"
                + "To: " + ADDRESS + "\r\n"
                + "Subject: Broken attachment\r\n"
                + "Message-ID: <broken-1@vendor.example>\r\n"
                + "Date: Mon, 3 Jun 2024 10:00:00 +0000\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                + "--b1\r\nContent-Type: text/plain\r\n\r\nTwo invoices.\r\n"
                + "--b1\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"first.pdf\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + good + "\r\n"
                + "--b1\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"second.pdf\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + broken + "\r\n"
                + "--b1--\r\n";
        return new MimeMessage(Session.getInstance(new Properties()),
                new java.io.ByteArrayInputStream(raw.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    @Test
    void a_message_whose_last_attachment_cannot_be_written_leaves_nothing_in_the_inbox_is_reported_and_not_repeated(
            @TempDir Path work) throws Exception {
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox(),
                mailSettings("invoice.mail.max-attempts", "2"))) {
            pipeline.context().getRouteController().stopRoute("ingest");
            user().deliver(withUnreadableLastAttachment(PipelineHarness.samplePdfs().get(0)));

            List<String> violations = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
                if (!visibleInbox(pipeline.inbox()).isEmpty()) {
                    violations.add("a part of the message reached the inbox: " + visibleInbox(pipeline.inbox()));
                }
                return seen(0);
            });
            assertThat(violations).isEmpty();
            Path failed = work.resolve("errors").resolve("failed");
            List<Path> reports = PipelineHarness.files(failed);
            assertThat(reports).singleElement().satisfies(p -> assertThat(p.getFileName().toString()).endsWith(".mail.error.json"));
            JsonNode report = new ObjectMapper().readTree(reports.get(0).toFile());
            assertThat(report.get("code").asText()).isEqualTo("MAIL_NOT_DELIVERED");
            assertThat(report.get("message").asText()).contains("second.pdf").contains("2 attempts");
            assertThat(report.get("message_id").asText()).isEqualTo("<broken-1@vendor.example>");
            // nothing more happens to it: no file, no second report, over many more polls
            Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(50))
                    .until(() -> visibleInbox(pipeline.inbox()).isEmpty() && PipelineHarness.files(failed).size() == 1);
        }
    }

    /** A message without a Message-ID header (some scanners and scripts send them). */
    private static MimeMessage withoutMessageId(String subject, Date sent, List<MimeBodyPart> parts) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties())) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                removeHeader("Message-ID");
            }
        };
        message.setFrom(new InternetAddress("scanner@office.example"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(ADDRESS));
        message.setSubject(subject);
        message.setSentDate(sent);
        MimeMultipart multipart = new MimeMultipart("mixed");
        for (MimeBodyPart part : parts) {
            multipart.addBodyPart(part);
        }
        message.setContent(multipart);
        message.saveChanges();
        return message;
    }

    @Test
    void two_messages_without_a_message_id_from_the_same_sender_subject_and_second_are_both_delivered(
            @TempDir Path work, @TempDir Path made) throws Exception {
        List<Path> samples = PipelineHarness.samplePdfs();
        Date sent = new Date((System.currentTimeMillis() / 1000) * 1000);
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox(), mailSettings())) {
            pipeline.context().getRouteController().stopRoute("ingest");
            MimeMessage first = withoutMessageId("Scan", sent, List.of(attachment(unique(samples.get(0), made, "a"), "scan.pdf")));
            MimeMessage second = withoutMessageId("Scan", sent, List.of(attachment(unique(samples.get(1), made, "b"), "scan.pdf")));
            assertThat(first.getMessageID()).isNull();
            user().deliver(first);
            user().deliver(second);

            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> visibleInbox(pipeline.inbox()).size() == 2);
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> seen(0) && seen(1));
        }
    }

    @Test
    void a_message_someone_opened_first_is_taken_with_take_all_and_left_alone_with_take_unseen(@TempDir Path work,
                                                                                                @TempDir Path other)
            throws Exception {
        user().deliver(message("Opened by a colleague", List.of(attachment(PipelineHarness.samplePdfs().get(5)))));
        stored().get(0).setFlag(Flags.Flag.SEEN, true);

        try (PipelineHarness unseenOnly = PipelineHarness.start(other, sandbox(), mailSettings("invoice.mail.take", "unseen"))) {
            unseenOnly.context().getRouteController().stopRoute("ingest");
            Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(100))
                    .until(() -> visibleInbox(unseenOnly.inbox()).isEmpty());
        }
        try (PipelineHarness all = PipelineHarness.start(work, sandbox(), mailSettings("invoice.mail.take", "all"))) {
            all.context().getRouteController().stopRoute("ingest");
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> visibleInbox(all.inbox()).size() == 1);
            // recorded in the job store: later polls of the folder, which still lists it, pass it over
            Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(100))
                    .until(() -> visibleInbox(all.inbox()).size() == 1);
        }
    }

    @Test
    void attachments_placed_before_the_message_was_recorded_are_not_placed_again_and_it_is_flagged_once_recorded(
            @TempDir Path work, @TempDir Path made) throws Exception {
        List<Path> samples = PipelineHarness.samplePdfs();
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox(), mailSettings())) {
            pipeline.context().getRouteController().stopRoute("ingest");
            // the job store refuses to record a delivery: every attempt stops right after the files reached the inbox
            pipeline.execute("alter table intake_claim add constraint intake_not_done check (claim_state <> 'DONE')");
            user().deliver(message("Invoices June", List.of(attachment(unique(samples.get(2), made, "x"), "x.pdf"),
                    attachment(unique(samples.get(3), made, "y"), "y.pdf"))));

            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> visibleInbox(pipeline.inbox()).size() == 2);
            Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(50))
                    .until(() -> visibleInbox(pipeline.inbox()).size() == 2 && !seen(0));
            pipeline.execute("alter table intake_claim drop constraint intake_not_done");

            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> seen(0));
            assertThat(visibleInbox(pipeline.inbox())).hasSize(2);
            assertThat(pipeline.query("select claim_state from intake_claim where channel = 'mail'"))
                    .singleElement().satisfies(row -> assertThat(row.get("claim_state")).isEqualTo("DONE"));
            try (var hidden = Files.list(pipeline.inbox())) {
                assertThat(hidden.filter(p -> p.getFileName().toString().startsWith(".mail-"))).isEmpty();
            }
        }
    }
}
