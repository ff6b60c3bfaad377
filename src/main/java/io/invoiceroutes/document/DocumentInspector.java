package io.invoiceroutes.document;

import io.invoiceroutes.document.DocumentFacts.Problem;
import io.invoiceroutes.document.FileSignature.Content;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Pre-flight check of one input file against the vendor's file rules; never throws for bad input and never
 * loads a whole file into memory (size limits are checked from the file size before any parsing).
 */
public final class DocumentInspector {

    private DocumentInspector() {
    }

    /** Inspects a file against the vendor's limits. */
    public static DocumentFacts inspect(Path file) {
        return inspect(file, DocumentLimits.VENDOR);
    }

    /** Inspects a file against the given limits, opening a PDF in this JVM. */
    public static DocumentFacts inspect(Path file, DocumentLimits limits) {
        return inspect(file, limits, PdfProber.IN_PROCESS);
    }

    /** Inspects a file against the given limits, opening a PDF with {@code pdf} (e.g. in a bounded JVM of its own). */
    public static DocumentFacts inspect(Path file, DocumentLimits limits, PdfProber pdf) {
        String name = file == null || file.getFileName() == null ? "" : file.getFileName().toString();
        DocumentKind kind = kindOf(name);
        if (kind == DocumentKind.UNSUPPORTED) {
            return DocumentFacts.failed(kind, sizeOrUnknown(file), 0, Problem.UNSUPPORTED_EXTENSION,
                    Messages.unsupportedExtension(name));
        }
        long size;
        try {
            if (!Files.isRegularFile(file)) {
                return DocumentFacts.failed(kind, -1, 0, Problem.CORRUPT, Messages.unreadable(name));
            }
            size = Files.size(file);
        } catch (IOException | RuntimeException e) {
            return DocumentFacts.failed(kind, -1, 0, Problem.CORRUPT, Messages.unreadable(name));
        }
        if (size == 0) {
            return DocumentFacts.failed(kind, 0, 0, Problem.ZERO_BYTES, Messages.zeroBytes(name));
        }
        if (size > limits.maxBytes(kind)) {
            return DocumentFacts.failed(kind, size, 0, Problem.TOO_LARGE,
                    Messages.tooLarge(name, kind, size, limits.maxBytes(kind)));
        }
        try {
            Content content = FileSignature.sniff(file);
            Content expected = expectedContent(name);
            if (content != expected) {
                return DocumentFacts.failed(kind, size, 0, Problem.CONTENT_MISMATCH,
                        Messages.contentMismatch(name, content));
            }
            if (!FileSignature.hasEndMarker(file, content)) {
                return DocumentFacts.failed(kind, size, 0, Problem.CORRUPT, Messages.truncated(name));
            }
        } catch (IOException | RuntimeException e) {
            return DocumentFacts.failed(kind, size, 0, Problem.CORRUPT, Messages.unreadable(name));
        }
        return kind == DocumentKind.PDF
                ? pdf.probe(file, name, size, limits)
                : ImageProbe.probe(file, name, size);
    }

    /** The text layer of a PDF, page after page, cut at maxChars; "" when there is none or it cannot be read. */
    public static String textLayer(Path pdf, int maxChars) {
        return PdfProbe.textLayer(pdf, maxChars);
    }

    /** The text layer of each of the first maxPages pages (empty strings for scanned pages); empty on failure. */
    public static List<String> pageTexts(Path pdf, int maxPages) {
        return PdfProbe.pageTexts(pdf, maxPages);
    }

    /** Kind by extension, case-insensitive. */
    public static DocumentKind kindOf(String fileName) {
        return switch (extension(fileName)) {
            case "pdf" -> DocumentKind.PDF;
            case "jpg", "jpeg", "png" -> DocumentKind.IMAGE;
            default -> DocumentKind.UNSUPPORTED;
        };
    }

    private static Content expectedContent(String name) {
        return switch (extension(name)) {
            case "pdf" -> Content.PDF;
            case "png" -> Content.PNG;
            default -> Content.JPEG;
        };
    }

    private static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static long sizeOrUnknown(Path file) {
        try {
            return Files.size(file);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
