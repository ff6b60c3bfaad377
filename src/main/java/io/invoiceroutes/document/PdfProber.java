package io.invoiceroutes.document;

import java.nio.file.Path;

/** Opens a PDF to count its pages and check its passwords: in this JVM, or in a bounded one of its own. */
@FunctionalInterface
public interface PdfProber {
    /** What opening {@code file} (shown to the user as {@code name}, {@code size} bytes) found, against the limits. */
    DocumentFacts probe(Path file, String name, long size, DocumentLimits limits);

    /** In this JVM, unbounded: for trusted files (the sandbox, tests). */
    PdfProber IN_PROCESS = PdfProbe::probe;
}
