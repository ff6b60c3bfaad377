package io.invoiceroutes.intake;

import io.invoiceroutes.files.FileNames;

import java.nio.file.Files;
import java.nio.file.Path;

/** Picks the name under which an intake channel drops a file into the inbox: safe, and not already there. */
public class InboxNames {
    /** Upper bound on " (n)" counters tried before giving up; the inbox never holds that many copies of one name. */
    private static final int MAX_COUNTER = 10_000;
    private final Path inbox;

    public InboxNames(String workDir) {
        this.inbox = Path.of(workDir).resolve("inbox");
    }

    /** {@code name} made safe, with " (2)", " (3)", ... added when the inbox already holds a file of that name. */
    public String unique(String name) {
        String safe = FileNames.safe(name);
        String candidate = safe;
        for (int n = 2; Files.exists(inbox.resolve(candidate)); n++) {
            if (n > MAX_COUNTER) {
                throw new IllegalStateException("No free inbox name for " + safe);
            }
            candidate = FileNames.withCounter(safe, n);
        }
        return candidate;
    }
}
