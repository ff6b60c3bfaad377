package io.invoiceroutes.intake;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.component.mail.MailUidGenerator;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The key a message is claimed and remembered by: its Message-ID, or without one the SHA-256 of the whole message
 * as stored (two different messages from one sender with one subject in the same second stay two).
 */
public class MailKeys implements MailUidGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(MailKeys.class);

    @Override
    public String generateUuid(MailEndpoint endpoint, Message message) {
        try {
            String[] ids = message.getHeader("Message-ID");
            if (ids != null && ids.length > 0 && ids[0] != null && !ids[0].isBlank()) {
                return IntakeClaims.keyOf(ids[0].strip());
            }
            return "sha256:" + contentHash(message);
        } catch (MessagingException | IOException e) {
            // a key is needed (without one the whole poll fails): the headers that usually tell messages apart
            LOG.warn("Cannot read message {} to key it by its content ({}); keyed by sender, date, subject and size",
                    message.getMessageNumber(), e.getMessage());
            try {
                return IntakeClaims.keyOf("no-id:" + String.join("|", String.valueOf(message.getHeader("From") == null ? ""
                        : message.getHeader("From")[0]), String.valueOf(message.getSentDate()), String.valueOf(message.getSubject()),
                        String.valueOf(message.getSize())));
            } catch (MessagingException unreadable) {
                return "number:" + message.getMessageNumber();
            }
        }
    }

    static String contentHash(Message message) throws MessagingException, IOException {
        if (message instanceof IMAPMessage imap) {
            // reading the whole message must not flag it seen: that happens only once it was delivered
            imap.setPeek(true);
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (DigestOutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            message.writeTo(out);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
