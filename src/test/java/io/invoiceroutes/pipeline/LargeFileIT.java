package io.invoiceroutes.pipeline;

import io.invoiceroutes.sandbox.SandboxConfig;
import io.invoiceroutes.sandbox.SandboxServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streaming, proven with a small heap: the packaged pipeline, limited to 192 MB of heap, uploads a 150 MB PDF
 * (19 parts of 8 MiB) and delivers its results. A pipeline that held a file or a part whole in memory fails.
 * Prints the time and throughput it measured.
 */
public class LargeFileIT {
    static final long SIZE = 150L * 1024 * 1024;

    @Test
    void a_150_mb_pdf_is_uploaded_and_delivered_with_a_192_mb_heap(@TempDir Path work) throws Exception {
        Path made = Files.createDirectories(work.resolve("made"));
        Path pdf = largePdf(made.resolve("large.pdf"), SIZE);
        SandboxServer sandbox = new SandboxServer(SandboxConfig.builder().processingMillis(200).build()).start();
        Path w = work.resolve("w");
        Path log = work.resolve("run.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-jar",
                Path.of(System.getProperty("app.jar", "target/invoice-extraction-routes.jar")).toAbsolutePath().toString())
                .directory(new File(System.getProperty("user.dir"))).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("INVOICE_") || k.startsWith("SANDBOX_"));
        env.put("INVOICE_API_KEY", "bench-key");
        env.put("CAMEL_MANAGEMENT_PORT", "0");
        env.put("INVOICE_API_BASE_URL", sandbox.baseUrl());
        env.put("INVOICE_WORK_DIR", w.toString());
        env.put("INVOICE_BATCH_TIMEOUT_MS", "1000");
        Process process = builder.start();
        try {
            Files.createDirectories(w.resolve("inbox"));
            long size = Files.size(pdf);
            assertThat(size).isBetween(SIZE - 1024, SIZE);
            long start = System.nanoTime();
            Files.move(pdf, w.resolve("inbox").resolve("large.pdf"));
            Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() ->
                    PipelineHarness.files(w.resolve("outbox")).stream()
                            .anyMatch(p -> p.getFileName().toString().equals("extraction.json")));
            double seconds = (System.nanoTime() - start) / 1e9;
            long parts = sandbox.recorder().requests().stream().filter(r -> "PUT".equals(r.method())).count();
            System.out.printf("large file: %d MB in %.1f s from drop to results (%.1f MB/s), %d part PUTs, -Xmx192m%n",
                    size / (1024 * 1024), seconds, size / (1024.0 * 1024) / seconds, parts);
            assertThat(parts).isEqualTo(19);
            assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
            // the original is archived right after extraction.json is written
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> PipelineHarness.files(w.resolve("archive")).size() == 1);
            assertThat(PipelineHarness.files(w.resolve("archive")))
                    .singleElement().satisfies(p -> assertThat(Files.size(p)).isEqualTo(size));
        } finally {
            process.destroy();
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            sandbox.stop();
        }
    }

    /** A valid one-page PDF padded to {@code size} bytes by an unreferenced stream object, written in chunks. */
    public static Path largePdf(Path target, long size) throws IOException {
        List<Long> offsets = new ArrayList<>();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16)) {
            long[] pos = {0};
            java.util.function.Consumer<String> write = text -> {
                try {
                    byte[] b = text.getBytes(StandardCharsets.US_ASCII);
                    out.write(b);
                    pos[0] += b.length;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            write.accept("%PDF-1.4\n");
            offsets.add(pos[0]);
            write.accept("1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
            offsets.add(pos[0]);
            write.accept("2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n");
            offsets.add(pos[0]);
            write.accept("3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj\n");
            offsets.add(pos[0]);
            long tail = 400;
            long filler = size - pos[0] - tail;
            write.accept("4 0 obj << /Length " + filler + " >> stream\n");
            byte[] chunk = new byte[1 << 20];
            java.util.Arrays.fill(chunk, (byte) ' ');
            long remaining = filler;
            while (remaining > 0) {
                int n = (int) Math.min(chunk.length, remaining);
                out.write(chunk, 0, n);
                remaining -= n;
            }
            pos[0] += filler;
            write.accept("\nendstream endobj\n");
            long xref = pos[0];
            StringBuilder x = new StringBuilder("xref\n0 5\n0000000000 65535 f \n");
            for (long o : offsets) {
                x.append(String.format("%010d 00000 n \n", o));
            }
            x.append("trailer << /Size 5 /Root 1 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
            write.accept(x.toString());
        }
        return target;
    }
}
