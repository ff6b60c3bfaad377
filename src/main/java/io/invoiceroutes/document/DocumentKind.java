package io.invoiceroutes.document;

/** What kind of input a file is, judged by its extension: the vendor accepts PDFs and JPEG/PNG images only. */
public enum DocumentKind {
    PDF,
    IMAGE,
    UNSUPPORTED
}
