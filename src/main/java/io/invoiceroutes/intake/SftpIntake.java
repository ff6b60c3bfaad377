package io.invoiceroutes.intake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Puts one claimed remote file into the inbox: streamed to disk (never held in memory), checked whole against the
 * size it was listed with, placed through an {@link InboxDrop} and recorded as DONE before the consumer moves or
 * deletes the remote file. A file whose copy a previous holder already placed is recorded without being read again.
 */
public class SftpIntake {
    static final String CHANNEL = "sftp";
    private static final String PART = "part-1";

    private final Path inbox;
    private final IntakeClaims claims;

    public SftpIntake(String workDir, IntakeClaims claims) {
        this.inbox = Path.of(workDir).toAbsolutePath().normalize().resolve("inbox");
        this.claims = claims;
    }

    /**
     * Delivers the remote file {@code remoteName} (claimed as {@code key}, {@code size} bytes when listed) from
     * {@code content}; returns what reached the inbox, for the log.
     */
    public String deliver(String key, String remoteName, long size, InputStream content) throws IOException {
        InboxDrop drop = new InboxDrop(inbox, CHANNEL, key);
        IntakeClaims.Claim claim = claims.claim(key);
        if (claim != null && claim.finished()) {
            // delivered before, and taken again only so the consumer moves or deletes the remote file now
            drop.discard();
            return "already in the inbox (" + claim.detail() + "); only the remote file is moved or deleted now";
        }
        if (!drop.sealed()) {
            drop.reset();
            long copied = drop.write(PART, content);
            if (size >= 0 && copied != size) {
                throw new IOException("the transfer of " + remoteName + " broke off: " + copied + " of " + size
                        + " bytes arrived; it is fetched again at the next poll");
            }
            drop.seal(List.of(new InboxDrop.Entry(PART, remoteName, copied)), Map.of("remote", remoteName));
        }
        String placed = String.join(", ", drop.place());
        if (!claims.done(key, "inbox/" + placed)) {
            throw new IllegalStateException("the claim on " + remoteName + " went to another instance (its lease ran out);"
                    + " that instance finishes it");
        }
        drop.discard();
        return "inbox/" + placed;
    }
}
