package io.invoiceroutes.intake;

import io.invoiceroutes.api.ErrorClass;
import io.invoiceroutes.files.FileNames;
import jakarta.activation.DataHandler;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.apache.camel.attachment.Attachment;
import org.apache.camel.attachment.AttachmentMessage;

import java.io.IOException;
import java.io.InputStream;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Picks the attachments of a mail message that are invoices (PDF, JPEG, PNG; inline images below a size limit
 * such as signatures and logos are not), names them after the message, and builds the report for a message
 * that has none.
 */
public class MailAttachments {
    static final String NO_ATTACHMENTS = "NO_ATTACHMENTS";
    private static final int MAX_SLUG = 40;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private final long minInlineImageBytes;

    public MailAttachments(long minInlineImageBytes) {
        this.minInlineImageBytes = minInlineImageBytes;
    }

    /** The key that identifies a message across restarts: its Message-ID, or sender, date and subject without one. */
    public String key(@Header("Message-ID") String messageId, @Header("From") String from,
                      @Header("Date") String date, @Header("Subject") String subject) {
        if (messageId != null && !messageId.isBlank()) {
            return messageId.strip();
        }
        return "no-id:" + from + "|" + date + "|" + subject;
    }

    /** The usable attachments of the message in {@code mail}, each named {@code <sent>_<sender or subject>_<name>}, unique. */
    public List<MailFile> usable(Message mail, @Header("From") String from, @Header("Date") String date,
                                 @Header("Subject") String subject) throws IOException {
        AttachmentMessage message = mail instanceof AttachmentMessage am ? am : mail.getExchange().getIn(AttachmentMessage.class);
        String prefix = STAMP.format(sent(date)) + "_" + origin(from, subject) + "_";
        Set<String> taken = new HashSet<>();
        List<MailFile> files = new ArrayList<>();
        for (Map.Entry<String, Attachment> entry : message.getAttachmentObjects().entrySet()) {
            Attachment part = entry.getValue();
            String name = entry.getKey();
            if (!FileNames.isSupported(name)) {
                continue;
            }
            byte[] content = read(part.getDataHandler());
            if (isInline(part) && isImage(name) && content.length < minInlineImageBytes) {
                continue;
            }
            files.add(new MailFile(FileNames.uniqueIn(FileNames.safe(prefix + FileNames.safe(name)), taken), content));
        }
        return files;
    }

    /** The report file for a message without usable attachments, relative to errors/: {@code rejected/<message-id>.mail.error.json}. */
    public String reportName(@Header("Message-ID") String messageId, @Header("From") String from,
                             @Header("Date") String date, @Header("Subject") String subject) {
        String id = slug(key(messageId, from, date, subject), 120);
        return ErrorClass.REJECTED.folder() + "/" + (id.isEmpty() ? "message" : id) + ".mail.error.json";
    }

    /** What the report for a message without usable attachments says. */
    public Map<String, Object> noAttachmentsReport(@Header("Message-ID") String messageId, @Header("From") String from,
                                                   @Header("Date") String date, @Header("Subject") String subject) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("class", ErrorClass.REJECTED.folder());
        report.put("code", NO_ATTACHMENTS);
        report.put("message", "The message has no PDF, JPEG or PNG attachment (small inline images such as signatures "
                + "are ignored). Ask the sender to attach the invoice as a PDF, JPEG or PNG file and send it again, "
                + "or drop the invoice into the inbox folder yourself.");
        report.put("retryable", false);
        report.put("stage", "intake-mail");
        report.put("message_id", messageId);
        report.put("sender", from);
        report.put("subject", subject);
        report.put("sent", date);
        report.put("time", Instant.now().toString());
        return report;
    }

    private static boolean isInline(Attachment part) {
        String disposition = part.getHeader("Content-Disposition");
        return (disposition != null && disposition.strip().toLowerCase(Locale.ROOT).startsWith("inline"))
                || part.getHeader("Content-ID") != null;
    }

    private static boolean isImage(String name) {
        return !"pdf".equals(FileNames.extension(name));
    }

    private static byte[] read(DataHandler handler) throws IOException {
        try (InputStream in = handler.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static Instant sent(String date) {
        if (date != null && !date.isBlank()) {
            try {
                Date parsed = new MailDateFormat().parse(date);
                if (parsed != null) {
                    return parsed.toInstant();
                }
            } catch (ParseException e) {
                // an unreadable Date header: the time of arrival names the file instead
            }
        }
        return Instant.now();
    }

    private static String origin(String from, String subject) {
        String sender = "";
        if (from != null && !from.isBlank()) {
            try {
                InternetAddress[] addresses = InternetAddress.parseHeader(from, false);
                sender = addresses.length > 0 ? slug(addresses[0].getAddress(), MAX_SLUG) : "";
            } catch (AddressException e) {
                sender = slug(from, MAX_SLUG);
            }
        }
        if (sender.isEmpty()) {
            sender = slug(subject, MAX_SLUG);
        }
        return sender.isEmpty() ? "mail" : sender;
    }

    /** Lower-case letters and digits of {@code text} joined by single dashes, at most {@code max} characters. */
    static String slug(String text, int max) {
        if (text == null) {
            return "";
        }
        String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s.length() > max ? s.substring(0, max).replaceAll("-+$", "") : s;
    }
}
