package io.invoiceroutes.intake;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Puts one claimed mail message into the inbox, all or nothing: every part is read once, straight to disk (one part
 * at a time, never the whole message in memory); invoices are kept under temporary names, everything else is listed
 * as skipped; only when all parts are written are the invoices placed in the inbox together (an {@link InboxDrop}).
 * A message that fails keeps nothing in the inbox and is tried again at the next poll, up to max attempts; then it
 * is reported and recorded as FAILED, so the consumer marks it and it is not tried on every poll.
 */
public class MailIntake {
    static final String CHANNEL = "mail";
    private static final Logger LOG = LoggerFactory.getLogger(MailIntake.class);
    /** Deeper nesting than this (messages forwarded inside messages) is not looked into. */
    private static final int MAX_DEPTH = 8;

    /** What became of one message: its files in the inbox, the report to send (or null), and how it ends. */
    public record MailDelivery(String key, String subject, boolean alreadyHandled, boolean failed, List<String> files,
                               Map<String, Object> report, String reportName) {
        public String reportClass() {
            return report == null ? null : String.valueOf(report.get("class"));
        }

        public String reportCode() {
            return report == null ? null : String.valueOf(report.get("code"));
        }

        public String summary() {
            if (alreadyHandled) {
                return "already handled";
            }
            if (failed) {
                return "not delivered (reported in errors/" + reportClass() + "/" + reportName + ")";
            }
            String placed = files.isEmpty() ? "nothing for the inbox" : "inbox/" + String.join(", inbox/", files);
            return placed + (report == null ? "" : " (" + reportCode() + " reported in errors/" + reportClass() + "/" + reportName + ")");
        }
    }

    private final Path inbox;
    private final IntakeClaims claims;
    private final MailAttachments attachments;
    private final int maxAttempts;
    private final boolean retakenWhenUnread;

    public MailIntake(String workDir, IntakeClaims claims, MailAttachments attachments, int maxAttempts,
                      boolean retakenWhenUnread) {
        this.inbox = Path.of(workDir).toAbsolutePath().normalize().resolve("inbox");
        this.claims = claims;
        this.attachments = attachments;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.retakenWhenUnread = retakenWhenUnread;
    }

    /** Writes and places the invoices of {@code message} (claimed as {@code key}); see the class comment. */
    public MailDelivery deliver(String key, Message message) throws Exception {
        InboxDrop drop = new InboxDrop(inbox, CHANNEL, key);
        MailAttachments.MailFacts facts = facts(key, message);
        IntakeClaims.Claim claim = claims.claim(key);
        if (claim != null && claim.finished()) {
            // handled before (the process stopped before the message was flagged, or someone marked it unread)
            return new MailDelivery(key, facts.subject(), true, false, List.of(), null, null);
        }
        try {
            if (!drop.sealed()) {
                drop.reset();
                write(message, facts, drop);
            }
            List<String> files = new ArrayList<>();
            for (String placed : drop.place()) {
                files.add(placed.startsWith(InboxDrop.PLACED_EARLIER) ? placed.substring(InboxDrop.PLACED_EARLIER.length()) : placed);
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> skipped = (List<Map<String, Object>>) drop.extra().getOrDefault("skipped", List.of());
            Map<String, Object> report = attachments.partsReport(facts, files, skipped);
            return new MailDelivery(key, facts.subject(), false, false, files, report, attachments.reportName(key));
        } catch (Exception e) {
            if (drop.sealed()) {
                // every part is written: only placing is left, and the next poll resumes it where it stopped
                throw e;
            }
            drop.discard();
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            int attempts = claims.attemptFailed(key, reason);
            if (attempts < maxAttempts) {
                LOG.warn("Mail intake: '{}' failed (attempt {} of {}): {}; nothing of it is in the inbox, it is tried again"
                        + " at the next poll", facts.subject(), attempts, maxAttempts, reason);
                throw e;
            }
            return new MailDelivery(key, facts.subject(), false, true, List.of(),
                    attachments.failureReport(facts, attempts, reason, retakenWhenUnread), attachments.reportName(key));
        }
    }

    /** Records how the message ended (before the consumer flags or moves it) and removes its drop folder. */
    public void finish(MailDelivery delivery) throws IOException {
        if (!delivery.alreadyHandled()) {
            boolean recorded = delivery.failed() ? claims.failed(delivery.key(), delivery.summary())
                    : claims.done(delivery.key(), delivery.summary());
            if (!recorded) {
                throw new IllegalStateException("the claim on message " + delivery.key() + " went to another instance"
                        + " (its lease ran out); that instance finishes it");
            }
        }
        new InboxDrop(inbox, CHANNEL, delivery.key()).discard();
    }

    private void write(Message message, MailAttachments.MailFacts facts, InboxDrop drop) throws Exception {
        Instant sent = sent(message);
        List<Part> leaves = new ArrayList<>();
        collect(message, leaves, 0);
        List<InboxDrop.Entry> entries = new ArrayList<>();
        List<Map<String, Object>> skipped = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        int unnamed = 0;
        for (int i = 0; i < leaves.size(); i++) {
            Part part = leaves.get(i);
            String fileName = fileName(part);
            String type = baseType(part);
            String disposition = part.getDisposition() == null ? "" : part.getDisposition().toLowerCase(Locale.ROOT);
            if (fileName == null && type.startsWith("text/") && !Part.ATTACHMENT.equals(disposition)) {
                continue; // the message's own text
            }
            boolean inline = Part.INLINE.equals(disposition) || (part instanceof MimePart mime && mime.getContentID() != null);
            MailAttachments.Verdict verdict = attachments.classify(fileName, type, inline, unnamed);
            if (!verdict.keep()) {
                skipped.add(MailAttachments.skipped(verdict.name(), type, null, verdict.skipReason()));
                continue;
            }
            String tempName = "part-" + (i + 1);
            long bytes;
            try (InputStream in = part.getInputStream()) {
                bytes = drop.write(tempName, in);
            } catch (IOException | MessagingException e) {
                throw new IOException("attachment '" + verdict.name() + "' could not be read or written ("
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
            }
            if (attachments.isSmallInlineImage(verdict, bytes)) {
                drop.drop(tempName);
                skipped.add(MailAttachments.skipped(verdict.name(), type, bytes, attachments.smallInlineImageReason()));
                continue;
            }
            if (fileName == null) {
                unnamed++;
            }
            String name = io.invoiceroutes.files.FileNames.uniqueIn(
                    attachments.inboxName(sent, facts.from(), facts.subject(), verdict.name()), taken);
            entries.add(new InboxDrop.Entry(tempName, name, bytes));
        }
        drop.seal(entries, Map.of("skipped", skipped));
    }

    /** The parts that hold content, depth first: through multiparts and attached (forwarded) messages. */
    private static void collect(Part part, List<Part> out, int depth) throws MessagingException, IOException {
        if (depth > MAX_DEPTH) {
            return;
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                collect(multipart.getBodyPart(i), out, depth + 1);
            }
        } else if (part.isMimeType("message/rfc822") && part.getContent() instanceof Message attached) {
            collect(attached, out, depth + 1);
        } else {
            out.add(part);
        }
    }

    private static String fileName(Part part) {
        try {
            String name = part.getFileName();
            if (name == null || name.isBlank()) {
                return null;
            }
            try {
                return MimeUtility.decodeText(name).strip();
            } catch (IOException e) {
                return name.strip();
            }
        } catch (MessagingException e) {
            return null;
        }
    }

    private static String baseType(Part part) {
        try {
            return new ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException e) {
            return "application/octet-stream";
        }
    }

    private static Instant sent(Message message) {
        try {
            if (message.getSentDate() != null) {
                return message.getSentDate().toInstant();
            }
            if (message.getReceivedDate() != null) {
                return message.getReceivedDate().toInstant();
            }
        } catch (MessagingException e) {
            // an unreadable date: the time of arrival names the file instead
        }
        return Instant.now();
    }

    private static MailAttachments.MailFacts facts(String key, Message message) {
        String messageId = null;
        String from = null;
        String subject = null;
        String date = null;
        try {
            String[] ids = message.getHeader("Message-ID");
            messageId = ids == null || ids.length == 0 ? null : ids[0].strip();
            Address[] senders = message.getFrom();
            from = senders == null || senders.length == 0 ? null
                    : senders[0] instanceof InternetAddress address ? address.toUnicodeString() : senders[0].toString();
            subject = message.getSubject();
            String[] dates = message.getHeader("Date");
            date = dates == null || dates.length == 0 ? null : dates[0];
        } catch (MessagingException e) {
            LOG.debug("Some headers of message {} cannot be read: {}", key, e.getMessage());
        }
        return new MailAttachments.MailFacts(key, messageId, from, subject, date);
    }
}
