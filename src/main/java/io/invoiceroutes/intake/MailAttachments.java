package io.invoiceroutes.intake;

import io.invoiceroutes.api.ErrorClass;
import io.invoiceroutes.files.FileNames;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides what each part of a mail message is: an invoice to keep (PDF, JPEG, PNG, by name or, for an unnamed part
 * or a name without extension, by content type), or a part to skip with a reason (another type, an inline image
 * below a size limit such as a signature or logo). Names the kept files after the message and builds the reports.
 */
public class MailAttachments {
    static final String NO_ATTACHMENTS = "NO_ATTACHMENTS";
    static final String PARTS_SKIPPED = "PARTS_SKIPPED";
    static final String MAIL_NOT_DELIVERED = "MAIL_NOT_DELIVERED";
    private static final int MAX_SLUG = 40;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final Map<String, String> TYPE_EXTENSIONS = Map.of("application/pdf", "pdf", "application/x-pdf", "pdf",
            "image/jpeg", "jpg", "image/jpg", "jpg", "image/pjpeg", "jpg", "image/png", "png");

    /** What to do with one part: keep it as {@code name}, or skip it for {@code skipReason}. */
    public record Verdict(String name, String skipReason, boolean inline) {
        public boolean keep() {
            return skipReason == null;
        }
    }

    private final long minInlineImageBytes;

    public MailAttachments(long minInlineImageBytes) {
        this.minInlineImageBytes = minInlineImageBytes;
    }

    /**
     * The verdict on a part that is not the message's text: {@code fileName} as sent (null when unnamed),
     * {@code contentType} its base type in lower case; {@code unnamed} counts the unnamed invoices kept so far.
     */
    public Verdict classify(String fileName, String contentType, boolean inline, int unnamed) {
        String typeExtension = TYPE_EXTENSIONS.get(contentType);
        if (fileName != null && !fileName.isBlank()) {
            if (FileNames.isSupported(fileName)) {
                return new Verdict(fileName, null, inline);
            }
            if (FileNames.extension(fileName).isEmpty() && typeExtension != null) {
                return new Verdict(fileName + "." + typeExtension, null, inline);
            }
            return new Verdict(fileName, "not a PDF, JPEG or PNG file (" + contentType + ")", inline);
        }
        if (typeExtension != null) {
            return new Verdict("attachment-" + (unnamed + 1) + "." + typeExtension, null, inline);
        }
        return new Verdict("(unnamed)", "an unnamed part of type " + contentType + ", not a PDF, JPEG or PNG file", inline);
    }

    /** True when a kept part is an inline image too small to be an invoice (a signature, a logo). */
    public boolean isSmallInlineImage(Verdict verdict, long bytes) {
        return verdict.inline() && !"pdf".equals(FileNames.extension(verdict.name())) && bytes < minInlineImageBytes;
    }

    public String smallInlineImageReason() {
        return "an inline image under " + minInlineImageBytes + " bytes (a signature or logo), not an invoice";
    }

    /** The inbox name of a kept part: {@code <sent yyyyMMdd-HHmmss UTC>_<sender or subject>_<name>}, made safe. */
    public String inboxName(Instant sent, String from, String subject, String name) {
        return FileNames.safe(STAMP.format(sent) + "_" + origin(from, subject) + "_" + FileNames.safe(name));
    }

    /**
     * The report file of a message, in its class's folder: {@code <message-id or key>-<8 hex>.mail.error.json} (the
     * hex tells apart ids that read the same as a slug; the same message always gets the same name).
     */
    public String reportName(String key) {
        String id = slug(key, 120);
        return (id.isEmpty() ? "message" : id) + "-" + IntakeClaims.sha256(key).substring(0, 8) + ".mail.error.json";
    }

    /** The report of a message whose parts were not all kept (none of them, or some); null when all were kept. */
    public Map<String, Object> partsReport(MailFacts facts, List<String> delivered, List<Map<String, Object>> skipped) {
        if (!delivered.isEmpty() && skipped.isEmpty()) {
            return null;
        }
        boolean none = delivered.isEmpty();
        String message = none
                ? "The message has no PDF, JPEG or PNG attachment (small inline images such as signatures are ignored)."
                  + " Ask the sender to attach the invoice as a PDF, JPEG or PNG file and send it again, or drop the"
                  + " invoice into the inbox folder yourself."
                : skipped.size() + " part(s) of the message were not taken (listed under skipped); its invoices went to"
                  + " the inbox (listed under delivered). Nothing to do for signatures and logos; if a skipped part is an"
                  + " invoice, ask the sender to attach it as a PDF, JPEG or PNG file, or drop it into the inbox yourself.";
        return report(ErrorClass.REJECTED.folder(), none ? NO_ATTACHMENTS : PARTS_SKIPPED, message, facts, delivered, skipped);
    }

    /** The report of a message given up after {@code attempts} failed attempts; nothing of it is in the inbox. */
    public Map<String, Object> failureReport(MailFacts facts, int attempts, String reason, boolean retakenWhenUnread) {
        String message = "The message could not be put into the inbox after " + attempts + " attempts: " + reason
                + ". Nothing from it went to the inbox, and it was marked as handled so it is not tried on every poll. "
                + (retakenWhenUnread
                ? "Fix the cause (disk space, permissions), then mark the message unread: it is taken again."
                : "Fix the cause (disk space, permissions), then forward the message to the mailbox again.");
        return report(ErrorClass.FAILED.folder(), MAIL_NOT_DELIVERED, message, facts, List.of(), List.of());
    }

    private static Map<String, Object> report(String errorClass, String code, String message, MailFacts facts,
                                              List<String> delivered, List<Map<String, Object>> skipped) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("class", errorClass);
        report.put("code", code);
        report.put("message", message);
        report.put("retryable", false);
        report.put("stage", "intake-mail");
        report.put("message_id", facts.messageId());
        report.put("key", facts.key());
        report.put("sender", facts.from());
        report.put("subject", facts.subject());
        report.put("sent", facts.date());
        report.put("delivered", delivered);
        report.put("skipped", skipped);
        report.put("time", Instant.now().toString());
        return report;
    }

    /** One skipped part, as the report lists it. */
    public static Map<String, Object> skipped(String name, String contentType, Long bytes, String reason) {
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("name", name);
        part.put("content_type", contentType);
        if (bytes != null) {
            part.put("bytes", bytes);
        }
        part.put("reason", reason);
        return part;
    }

    /** What the reports say about the message. */
    public record MailFacts(String key, String messageId, String from, String subject, String date) {
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
