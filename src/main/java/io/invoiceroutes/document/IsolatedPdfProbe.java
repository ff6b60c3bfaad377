package io.invoiceroutes.document;

import io.invoiceroutes.document.DocumentFacts.Problem;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens untrusted PDFs in a JVM of its own, bounded in memory ({@code -Xmx}) and in time (killed past the limit):
 * a decompression bomb, a broken cross-reference table that sends the parser searching, or a parser bug can then
 * only end that JVM, never fill this one's heap or hold a file, and the file is reported unreadable. The child is
 * started on first use, serves file after file, and is started again after it was killed or died.
 */
public class IsolatedPdfProbe implements PdfProber, AutoCloseable {
    private final int heapMb;
    private final long timeoutMs;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pdf-probe-reader");
        t.setDaemon(true);
        return t;
    });
    private Process child;
    private Writer requests;
    private BufferedReader answers;
    private volatile String lastFailure;

    public IsolatedPdfProbe(int heapMb, long timeoutMs) {
        if (heapMb < 32 || timeoutMs < 1) {
            throw new IllegalArgumentException("invoice.preflight.pdf-heap-mb must be at least 32 and"
                    + " invoice.preflight.pdf-timeout-ms at least 1");
        }
        this.heapMb = heapMb;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public synchronized DocumentFacts probe(Path file, String name, long size, DocumentLimits limits) {
        lastFailure = null;
        try {
            ensureStarted();
            String path = Base64.getEncoder().encodeToString(file.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
            requests.write(limits.maxPdfPages() + " " + path + " " + size + "\n");
            requests.flush();
            Future<String> answer = reader.submit(this::nextAnswer);
            String line = answer.get(timeoutMs, TimeUnit.MILLISECONDS);
            if (line == null) {
                lastFailure = "the PDF reader ended (out of its " + heapMb + " MB of memory, or crashed)";
                stopChild();
                return PdfProbe.facts(Problem.CORRUPT, name, size, 0, false, limits);
            }
            String[] parts = line.substring(PdfProbeWorker.ANSWER.length()).split(" ");
            if ("OK".equals(parts[0])) {
                return PdfProbe.facts(null, name, size, Integer.parseInt(parts[1]), Boolean.parseBoolean(parts[2]), limits);
            }
            return PdfProbe.facts(Problem.valueOf(parts[1]), name, size, Integer.parseInt(parts[2]), false, limits);
        } catch (TimeoutException e) {
            lastFailure = "not read within " + timeoutMs + " ms";
            stopChild();
            return PdfProbe.facts(Problem.CORRUPT, name, size, 0, false, limits);
        } catch (IOException | java.util.concurrent.ExecutionException | RuntimeException e) {
            lastFailure = "the PDF reader failed: " + e;
            stopChild();
            return PdfProbe.facts(Problem.CORRUPT, name, size, 0, false, limits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopChild();
            return PdfProbe.facts(Problem.CORRUPT, name, size, 0, false, limits);
        }
    }

    /** Starts the reader now (it boots while other work goes on), so the first file does not wait for it. */
    public synchronized void prestart() {
        try {
            ensureStarted();
        } catch (IOException e) {
            lastFailure = "the PDF reader could not be started: " + e.getMessage();
        }
    }

    /** The next answer line of the reader, skipping anything else it printed; null when it ended. */
    private String nextAnswer() throws IOException {
        for (String line = answers.readLine(); line != null; line = answers.readLine()) {
            if (line.startsWith(PdfProbeWorker.ANSWER)) {
                return line;
            }
        }
        return null;
    }

    /** Why the last file was reported unreadable without an answer from the reader (killed, died), or null. */
    public String lastFailure() {
        return lastFailure;
    }

    private void ensureStarted() throws IOException {
        if (child != null && child.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapMb + "m", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xshare:auto", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                PdfProbeWorker.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        // the reader needs no secret: none is handed down to it
        builder.environment().keySet().removeIf(k -> k.startsWith("INVOICE_") || k.startsWith("CAMEL_"));
        child = builder.start();
        requests = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
        answers = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    }

    private void stopChild() {
        if (child != null) {
            child.destroyForcibly();
            try {
                child.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            child = null;
        }
    }

    @Override
    public synchronized void close() {
        stopChild();
        reader.shutdownNow();
    }
}
