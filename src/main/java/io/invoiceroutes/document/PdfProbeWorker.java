package io.invoiceroutes.document;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The child JVM of {@link IsolatedPdfProbe}: reads one request a line ({@code <max pages> <base64 path> <size>}),
 * opens that PDF and answers one line ({@code PDFPROBE OK <pages> <owner password only>} or {@code PDFPROBE PROBLEM <problem> <pages>}).
 * It ends when its input closes; an OutOfMemoryError ends it at once (-XX:+ExitOnOutOfMemoryError).
 */
public final class PdfProbeWorker {
    /** Starts every answer line: anything else on stdout (the JVM's own last words) is not an answer. */
    static final String ANSWER = "PDFPROBE ";
    private PdfProbeWorker() {
    }

    public static void main(String[] args) throws Exception {
        // answers go to the real stdout; anything a library prints goes nowhere near the protocol
        PrintStream answers = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = requests.readLine(); line != null; line = requests.readLine()) {
            String[] request = line.split(" ");
            int maxPages = Integer.parseInt(request[0]);
            Path file = Path.of(new String(Base64.getDecoder().decode(request[1]), StandardCharsets.UTF_8));
            long size = Long.parseLong(request[2]);
            DocumentLimits limits = new DocumentLimits(Long.MAX_VALUE, maxPages, Long.MAX_VALUE);
            DocumentFacts facts = PdfProbe.probe(file, "file", size, limits);
            answers.println(ANSWER + (facts.problem() == null ? "OK " + facts.pages() + " " + facts.ownerPasswordOnly()
                    : "PROBLEM " + facts.problem().name() + " " + facts.pages()));
        }
    }
}
