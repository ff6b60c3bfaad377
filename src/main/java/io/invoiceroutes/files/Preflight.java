package io.invoiceroutes.files;

import io.invoiceroutes.document.DocumentFacts;
import io.invoiceroutes.document.DocumentInspector;
import io.invoiceroutes.document.DocumentLimits;
import io.invoiceroutes.document.PdfProber;

import java.nio.file.Path;
import java.util.Map;

/**
 * The pre-flight check every staged file passes before it can join a batch: it opens (PDFBox, ImageIO), has
 * pages, needs no user password, matches its extension and is within the size limits, so bad files are
 * routed without spending credits. Each problem becomes a code of the error-class table.
 */
public class Preflight {
    private static final Map<DocumentFacts.Problem, String> CODES = Map.of(
            DocumentFacts.Problem.ZERO_BYTES, "EMPTY_FILE",
            DocumentFacts.Problem.UNSUPPORTED_EXTENSION, "UNSUPPORTED_FILE",
            DocumentFacts.Problem.CONTENT_MISMATCH, "CONTENT_MISMATCH",
            DocumentFacts.Problem.CORRUPT, "UNREADABLE_FILE",
            DocumentFacts.Problem.ENCRYPTED, "ENCRYPTED_FILE",
            DocumentFacts.Problem.NO_PAGES, "NO_PAGES_FOUND",
            DocumentFacts.Problem.TOO_LARGE, "FILE_TOO_LARGE",
            DocumentFacts.Problem.TOO_MANY_PAGES, "FILE_PAGE_LIMIT_EXCEEDED");

    private final boolean enabled;
    private final PdfProber pdf;

    /** {@code enabled=false} only counts pages and lets every file through (the API then decides). */
    public Preflight(boolean enabled) {
        this(enabled, PdfProber.IN_PROCESS);
    }

    /** With PDFs opened by {@code pdf}: in production a bounded JVM of its own (IsolatedPdfProbe). */
    public Preflight(boolean enabled, PdfProber pdf) {
        this.enabled = enabled;
        this.pdf = pdf;
    }

    /** What the check found: pages (credits needed) when fine, else a code and a message that says what to do. */
    public record Result(boolean ok, int pages, String code, String message) {
    }

    /** Checks the staged copy; messages name the file as the user dropped it, not as it is staged. */
    public Result check(String stagedPath, String originalName) {
        Path staged = Path.of(stagedPath);
        DocumentFacts facts = DocumentInspector.inspect(staged, DocumentLimits.VENDOR, pdf);
        if (facts.acceptable() || !enabled) {
            return new Result(true, Math.max(1, facts.pages()), null, null);
        }
        String message = facts.problemMessage() == null ? facts.problem().name()
                : facts.problemMessage().replace(staged.getFileName().toString(), originalName);
        return new Result(false, facts.pages(), CODES.get(facts.problem()), message);
    }
}
