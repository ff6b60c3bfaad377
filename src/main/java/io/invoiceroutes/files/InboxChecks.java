package io.invoiceroutes.files;

import java.nio.file.Files;
import java.nio.file.Path;

/** What ingest refuses before it moves a file: symbolic links (they could point anywhere) and unsupported types. */
public class InboxChecks {

    /** Why a file refused at the inbox, as a code and a message that says what to do. */
    public record Refusal(String code, String message) {
    }

    /** The refusal of the inbox file at {@code path}, or null when it may be staged. */
    public Refusal refusal(String path, String name) {
        if (Files.isSymbolicLink(Path.of(path))) {
            return new Refusal("SYMLINK_REFUSED", "'" + name + "' is a symbolic link; links are never followed (they"
                    + " could point at any file of this machine). Copy or move the invoice itself into the inbox.");
        }
        if (!FileNames.isSupported(name)) {
            return new Refusal("UNSUPPORTED_FILE", "Only .pdf, .jpg, .jpeg and .png files can be extracted; '" + name
                    + "' is none of them. Convert it, then drop it into the inbox again.");
        }
        return null;
    }
}
