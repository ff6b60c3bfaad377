package io.invoiceroutes.deliver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Streams a download into {@code outbox/<batch>/<name>} through a temporary file, at most {@code maxBytes} per file:
 * the HTTP client decompresses gzip on the fly, so a small answer can unpack without end; past the cap the download
 * stops, the partial file is removed and the delivery fails (the paid batch waits and tries again later).
 */
public class OutboxFiles {
    private final Path outbox;
    private final long maxBytes;

    public OutboxFiles(String workDir, long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("invoice.deliver.max-download-bytes must be at least 1");
        }
        this.outbox = Path.of(workDir).resolve("outbox");
        this.maxBytes = maxBytes;
    }

    /** True when the batch's file was written complete by an earlier attempt (files appear only when complete). */
    public boolean has(String batchId, String name) {
        return Files.isRegularFile(file(batchId, name));
    }

    /** True while the batch's file has not been written complete yet. */
    public boolean missing(String batchId, String name) {
        return !has(batchId, name);
    }

    /** Writes the stream (closing it) to the batch's outbox under {@code name}; returns the file's path. */
    public String write(InputStream in, String batchId, String name) throws IOException {
        Path target = file(batchId, name);
        Path temp = target.resolveSibling(".tmp-" + target.getFileName());
        Files.createDirectories(target.getParent());
        boolean kept = false;
        try (in; OutputStream out = Files.newOutputStream(temp)) {
            byte[] buffer = new byte[64 * 1024];
            long written = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                written += n;
                if (written > maxBytes) {
                    throw new DownloadTooLargeException(name + " of batch " + batchId + " is longer than " + maxBytes
                            + " bytes (invoice.deliver.max-download-bytes) once decompressed; the download was stopped there"
                            + " and nothing was kept");
                }
                out.write(buffer, 0, n);
            }
            kept = true;
        } finally {
            if (!kept) {
                Files.deleteIfExists(temp);
            }
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target.toString();
    }

    private Path file(String batchId, String name) {
        Path dir = outbox.resolve(batchId).normalize();
        Path file = dir.resolve(name).normalize();
        if (!dir.startsWith(outbox) || !file.getParent().equals(dir)) {
            throw new IllegalArgumentException("not an outbox file name: " + batchId + "/" + name);
        }
        return file;
    }

    /** A download longer than the cap: refused, never kept whole. */
    public static class DownloadTooLargeException extends IOException {
        public DownloadTooLargeException(String message) {
            super(message);
        }
    }
}
