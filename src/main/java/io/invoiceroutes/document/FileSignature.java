package io.invoiceroutes.document;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Magic-byte sniffing of a file's head and tail, reading at most a few kilobytes. */
final class FileSignature {

    /** Readers accept "%PDF-" anywhere in the first 1024 bytes, after leading junk. */
    static final int PDF_HEADER_WINDOW = 1024;
    private static final byte[] PDF = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PDF_EOF = "%%EOF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PNG = {(byte) 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A};
    private static final byte[] PNG_IEND = {0x49, 0x45, 0x4E, 0x44};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] JPEG_EOI = {(byte) 0xFF, (byte) 0xD9};

    /** The content types the inspector can tell apart. */
    enum Content { PDF, JPEG, PNG, OTHER }

    private FileSignature() {
    }

    static Content sniff(Path file) throws IOException {
        byte[] head = head(file, PDF_HEADER_WINDOW);
        if (startsWith(head, PNG)) {
            return Content.PNG;
        }
        if (startsWith(head, JPEG)) {
            return Content.JPEG;
        }
        if (indexOf(head, PDF) >= 0) {
            return Content.PDF;
        }
        return Content.OTHER;
    }

    /** A complete file ends with its format's end marker within the last 1024 bytes (trailing junk allowed). */
    static boolean hasEndMarker(Path file, Content content) throws IOException {
        byte[] marker = switch (content) {
            case PDF -> PDF_EOF;
            case PNG -> PNG_IEND;
            case JPEG -> JPEG_EOI;
            case OTHER -> null;
        };
        return marker == null || indexOf(tail(file, 1024), marker) >= 0;
    }

    private static byte[] head(Path file, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(max);
        }
    }

    private static byte[] tail(Path file, int max) throws IOException {
        try (var channel = Files.newByteChannel(file)) {
            long size = channel.size();
            long start = Math.max(0, size - max);
            channel.position(start);
            var buffer = java.nio.ByteBuffer.allocate((int) (size - start));
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // keep reading until the tail is complete
            }
            return Arrays.copyOf(buffer.array(), buffer.position());
        }
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
