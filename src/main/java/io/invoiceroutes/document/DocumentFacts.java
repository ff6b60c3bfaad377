package io.invoiceroutes.document;

/**
 * What a pre-flight look at one input file found: its kind, size, page count and the first problem that
 * would make the vendor refuse or fail it (null when the file looks fine).
 *
 * @param kind              kind by extension
 * @param sizeBytes         size on disk, -1 when the file could not be read at all
 * @param pages             PDF page count, 1 for a readable image, 0 when unknown
 * @param problem           the first problem found, or null
 * @param ownerPasswordOnly the PDF opens without a password but carries an owner password / permissions;
 *                          not a problem, reported so callers can say what happens
 * @param problemMessage    what is wrong and what to do about it; null when there is no problem
 */
public record DocumentFacts(DocumentKind kind, long sizeBytes, int pages, Problem problem,
                            boolean ownerPasswordOnly, String problemMessage) {

    /**
     * Why a file cannot be sent, each with the vendor code it would most likely surface as: upload-session
     * errors (INVALID_INPUT, FILE_TOO_LARGE) for what the upload checks, extraction failure codes otherwise.
     * The contract names no code for CONTENT_MISMATCH or CORRUPT; VALIDATION_FAILED is our guess for both.
     */
    public enum Problem {
        ZERO_BYTES("INVALID_INPUT"),
        UNSUPPORTED_EXTENSION("INVALID_INPUT"),
        CONTENT_MISMATCH("VALIDATION_FAILED"),
        CORRUPT("VALIDATION_FAILED"),
        ENCRYPTED("ENCRYPTED_FILE"),
        NO_PAGES("NO_PAGES_FOUND"),
        TOO_LARGE("FILE_TOO_LARGE"),
        TOO_MANY_PAGES("FILE_PAGE_LIMIT_EXCEEDED");

        private final String vendorCode;

        Problem(String vendorCode) {
            this.vendorCode = vendorCode;
        }

        /** The vendor error or extraction failure code this problem would most likely surface as. */
        public String vendorCode() {
            return vendorCode;
        }
    }

    /** True when nothing was found that stops the file from being uploaded. */
    public boolean acceptable() {
        return problem == null;
    }

    static DocumentFacts ok(DocumentKind kind, long sizeBytes, int pages, boolean ownerPasswordOnly) {
        return new DocumentFacts(kind, sizeBytes, pages, null, ownerPasswordOnly, null);
    }

    static DocumentFacts failed(DocumentKind kind, long sizeBytes, int pages, Problem problem, String message) {
        return new DocumentFacts(kind, sizeBytes, pages, problem, false, message);
    }
}
