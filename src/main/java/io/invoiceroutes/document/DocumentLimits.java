package io.invoiceroutes.document;

/**
 * Per-file limits the inspector enforces; {@link #VENDOR} holds the values from the vendor contract
 * (UploadSessionFileRequest.file_size_bytes), other values can be injected from configuration.
 */
public record DocumentLimits(long maxPdfBytes, int maxPdfPages, long maxImageBytes) {

    /** PDFs up to 150 MB and 5,000 pages; images up to 5 MB (openapi.yaml). */
    public static final DocumentLimits VENDOR = new DocumentLimits(157_286_400L, 5_000, 5_242_880L);

    public DocumentLimits {
        if (maxPdfBytes <= 0 || maxPdfPages <= 0 || maxImageBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** The byte limit for a kind, or 0 when the kind is not accepted at all. */
    public long maxBytes(DocumentKind kind) {
        return switch (kind) {
            case PDF -> maxPdfBytes;
            case IMAGE -> maxImageBytes;
            case UNSUPPORTED -> 0;
        };
    }
}
