package io.invoiceroutes.upload;

/** One part of a file: its 1-based number and the byte range it covers. */
public record PartRange(int partNumber, long offset, long length) {
}
