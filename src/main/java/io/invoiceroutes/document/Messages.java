package io.invoiceroutes.document;

import io.invoiceroutes.document.FileSignature.Content;

import java.util.Locale;

/** Human problem messages: what is wrong with the file and what the user can do about it. */
final class Messages {

    private static final String AGAIN = " and drop it into the inbox again.";

    private Messages() {
    }

    static String unsupportedExtension(String name) {
        return "'" + name + "' is not a PDF, JPG, JPEG or PNG file; save or export it as PDF" + AGAIN;
    }

    static String unreadable(String name) {
        return "'" + name + "' could not be read; check that it is a complete, readable file" + AGAIN;
    }

    static String zeroBytes(String name) {
        return "'" + name + "' is empty (0 bytes); the copy probably failed, copy the original" + AGAIN;
    }

    static String tooLarge(String name, DocumentKind kind, long size, long max) {
        String advice = kind == DocumentKind.PDF
                ? "split the PDF into smaller parts"
                : "reduce the image's resolution or quality, or convert it to PDF";
        return String.format(Locale.ROOT, "'%s' is %s, over the %s limit of %s; %s%s",
                name, megabytes(size), kind == DocumentKind.PDF ? "PDF" : "image", megabytes(max), advice, AGAIN);
    }

    static String contentMismatch(String name, Content actual) {
        String what = switch (actual) {
            case PDF -> "a PDF";
            case PNG -> "a PNG image";
            case JPEG -> "a JPEG image";
            case OTHER -> "neither a PDF nor a JPEG/PNG image";
        };
        String fix = actual == Content.OTHER
                ? "open it in the program that made it, save it as PDF"
                : "rename it with the extension that matches its content";
        return "'" + name + "' is " + what + " inside, which does not match its extension; " + fix + AGAIN;
    }

    static String truncated(String name) {
        return "'" + name + "' is cut off (its end marker is missing), probably an incomplete copy or download;"
                + " copy the original file" + AGAIN;
    }

    static String corruptPdf(String name) {
        return "'" + name + "' is a damaged PDF that cannot be opened; open it in a PDF viewer and print it"
                + " to a new PDF" + AGAIN;
    }

    static String corruptImage(String name) {
        return "'" + name + "' is a damaged image that cannot be read; export it again from the scanner or"
                + " camera app" + AGAIN;
    }

    static String encrypted(String name) {
        return "The PDF '" + name + "' is protected by a user password; remove the password (print to PDF)"
                + AGAIN;
    }

    static String noPages(String name) {
        return "The PDF '" + name + "' has no pages; export the document to PDF again" + AGAIN;
    }

    static String tooManyPages(String name, int pages, int max) {
        return String.format(Locale.ROOT, "The PDF '%s' has %,d pages, over the limit of %,d; split it into"
                + " smaller PDFs%s", name, pages, max, AGAIN);
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
