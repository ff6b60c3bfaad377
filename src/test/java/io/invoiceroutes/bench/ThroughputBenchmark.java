package io.invoiceroutes.bench;

import io.invoiceroutes.sandbox.RequestRecorder;
import io.invoiceroutes.sandbox.SandboxConfig;
import io.invoiceroutes.sandbox.SandboxServer;
import io.invoiceroutes.sandbox.Timeline;
import io.invoiceroutes.testing.TestPdfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged jar against the sandbox at the API's published limits and prints what it achieved: files a
 * minute, the share of the key's upload limit used in the busiest minute, 429s, and the delay from an extraction's
 * completion to its first download; also how fast quick invoices pass a slow extraction, and how a small account
 * limit with retryable failures ends. Not a test: {@code mvn -B verify -Pbenchmark} (see the README). Options:
 * {@code -Dbench.scenarios=loopback,wan,mixed,limit} (default all), {@code -Dbench.app.dir} / {@code -Dbench.app.jar}
 * to measure another build of the app.
 */
class ThroughputBenchmark {
    private static final String KEY = "bench-key";
    private static final Path APP_DIR = Path.of(System.getProperty("bench.app.dir", System.getProperty("user.dir")));
    private static final Path APP_JAR = Path.of(System.getProperty("bench.app.jar",
            APP_DIR.resolve("target/invoice-extraction-routes.jar").toString()));

    @TempDir
    Path tmp;

    private static boolean wanted(String scenario) {
        String chosen = System.getProperty("bench.scenarios", "loopback,wan,mixed,limit");
        return List.of(chosen.split(",")).contains(scenario);
    }

    @Test
    void loopback_400_one_page_invoices() throws Exception {
        if (wanted("loopback")) {
            throughput("loopback", Integer.getInteger("bench.loopback.files", 400), 0);
        }
    }

    @Test
    void wan_300_one_page_invoices_with_a_150_ms_round_trip() throws Exception {
        if (wanted("wan")) {
            throughput("150 ms round trip", Integer.getInteger("bench.wan.files", 300), 150);
        }
    }

    @Test
    void six_quick_invoices_dropped_beside_a_two_minute_extraction() throws Exception {
        if (!wanted("mixed")) {
            return;
        }
        SandboxConfig config = SandboxConfig.builder().processingMillis(1000).millisPerPage(1000).startingCredits(100_000).build();
        try (SandboxServer sandbox = new SandboxServer(config).start()) {
            sandbox.setCredits(KEY, 100_000);
            Path work = tmp.resolve("mixed");
            Path made = Files.createDirectories(tmp.resolve("made-mixed"));
            try (App app = App.start(work, sandbox, Map.of())) {
                drop(work, List.of(TestPdfs.invoice(made.resolve("big.pdf"), 1, 120)));
                Thread.sleep(10_000);
                List<Path> small = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    small.add(TestPdfs.invoice(made.resolve("small-" + i + ".pdf"), 100 + i, 1));
                }
                Instant dropped = Instant.now();
                drop(work, small);
                app.awaitArchived(6, Duration.ofMinutes(5));
                long quick = Duration.between(dropped, Instant.now()).toMillis();
                app.awaitArchived(7, Duration.ofMinutes(5));
                System.out.printf("%n[bench] mixed: 6 one-page invoices dropped 10 s after a 120-page one (about 2 min of"
                        + " processing): delivered %.1f s after their drop%n", quick / 1000.0);
            }
        }
    }

    @Test
    void twelve_batches_on_an_account_running_three_with_thirty_percent_retryable_failures() throws Exception {
        if (!wanted("limit")) {
            return;
        }
        SandboxConfig config = SandboxConfig.builder().maxRunningExtractions(3).retryableFailureRate(0.3)
                .startingCredits(100_000).build();
        try (SandboxServer sandbox = new SandboxServer(config).start()) {
            sandbox.setCredits(KEY, 100_000);
            Path work = tmp.resolve("limit");
            List<Path> files = invoices(tmp.resolve("made-limit"), 12);
            try (App app = App.start(work, sandbox, Map.of("INVOICE_BATCH_MAX_FILES", "1"))) {
                drop(work, files);
                boolean done = app.awaitSettled(12, Duration.ofMinutes(15));
                long delivered = count(work.resolve("archive"));
                long failed = Files.isDirectory(work.resolve("errors")) ? listFiles(work.resolve("errors")).stream()
                        .filter(p -> !p.toString().endsWith(".json")).count() : 0;
                List<String> submissionIds = sandbox.extractionTimeline().stream().map(Timeline.ExtractionTimes::submissionId).toList();
                System.out.printf("%n[bench] account limit 3, 30%% retryable failures, 12 one-file batches: %d delivered,"
                                + " %d in errors/, %d extractions, %d distinct submission ids%s%n", delivered, failed,
                        submissionIds.size(), submissionIds.stream().distinct().count(), done ? "" : " (gave up waiting)");
            }
        }
    }

    private void throughput(String name, int count, long roundTripMs) throws Exception {
        SandboxConfig config = SandboxConfig.builder().roundTripMillis(roundTripMs).startingCredits(1_000_000)
                .threads(128).build();
        try (SandboxServer sandbox = new SandboxServer(config).start()) {
            sandbox.setCredits(KEY, 1_000_000);
            Path work = tmp.resolve(name.replaceAll("\\W", ""));
            List<Path> files = invoices(tmp.resolve("made-" + count), count);
            try (App app = App.start(work, sandbox, Map.of())) {
                Instant start = Instant.now();
                drop(work, files);
                app.awaitArchived(count, Duration.ofMinutes(30));
                Duration took = Duration.between(start, Instant.now());
                report(name, count, took, sandbox);
            }
        }
    }

    private static void report(String name, int count, Duration took, SandboxServer sandbox) {
        double minutes = took.toMillis() / 60_000.0;
        int busiest = sandbox.busiestMinute("uploads");
        int limited = sandbox.rateLimitedCounts().values().stream().mapToInt(Integer::intValue).sum();
        List<Long> delays = new ArrayList<>();
        for (Timeline.ExtractionTimes t : sandbox.extractionTimeline()) {
            if (t.finalAt() != null && t.firstOutputDownloadAt() != null) {
                delays.add(Duration.between(t.finalAt(), t.firstOutputDownloadAt()).toMillis());
            }
        }
        delays.sort(Long::compare);
        List<RequestRecorder.Violation> violations = sandbox.recorder().violations();
        System.out.printf(Locale.ROOT, "%n[bench] %s: %d one-page invoices in %.1f s = %.0f files/min; busiest minute %d upload"
                        + " calls = %.2f of the key's 600; 429s: %d; completion to first download: median %d ms, max %d ms"
                        + " (%d extractions); contract violations: %d%n", name, count, took.toMillis() / 1000.0,
                count / minutes, busiest, busiest / 600.0, limited, percentile(delays, 50), percentile(delays, 100),
                delays.size(), violations.size());
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static List<Path> invoices(Path dir, int count) throws Exception {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            files.add(TestPdfs.invoice(dir.resolve(String.format("invoice-%04d.pdf", i)), i, 1));
        }
        return files;
    }

    /** Moves every file into the inbox at once, as an upstream system dropping a day's invoices would. */
    private static void drop(Path work, List<Path> files) throws Exception {
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        for (Path f : files) {
            Files.move(f, inbox.resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static long count(Path dir) throws Exception {
        return listFiles(dir).size();
    }

    private static List<Path> listFiles(Path dir) throws Exception {
        return io.invoiceroutes.pipeline.PipelineHarness.files(dir);
    }

    /** The packaged application in its own JVM, with default settings apart from the API and the work dir. */
    private record App(Process process, Path work, Path log) implements AutoCloseable {
        static App start(Path work, SandboxServer sandbox, Map<String, String> extra) throws Exception {
            Files.createDirectories(work);
            Path log = work.resolveSibling(work.getFileName() + ".log");
            ProcessBuilder b = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-jar", APP_JAR.toString()).directory(APP_DIR.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = b.environment();
            env.keySet().removeIf(k -> k.startsWith("INVOICE_") || k.startsWith("SANDBOX_"));
            Map<String, String> all = new HashMap<>(extra);
            all.put("INVOICE_API_KEY", KEY);
            all.put("INVOICE_API_BASE_URL", sandbox.baseUrl());
            all.put("INVOICE_WORK_DIR", work.toString());
            all.put("CAMEL_MANAGEMENT_PORT", "0");
            env.putAll(all);
            return new App(b.start(), work, log);
        }

        void awaitArchived(long n, Duration limit) throws Exception {
            if (!awaitSettled(n, limit)) {
                throw new AssertionError("not delivered in " + limit + "; see " + log);
            }
        }

        /** Waits until n originals are archived or in errors/ (true), or the limit passes (false). */
        boolean awaitSettled(long n, Duration limit) throws Exception {
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < deadline) {
                long settled = count(work.resolve("archive")) + listFiles(work.resolve("errors")).stream()
                        .filter(p -> p.toString().endsWith(".pdf")).count();
                if (settled >= n) {
                    return true;
                }
                if (!process.isAlive()) {
                    throw new AssertionError("the app exited; see " + log);
                }
                Thread.sleep(250);
            }
            return false;
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    static {
        // the app reads config/ and routes/ from its directory
        if (!new File(APP_DIR.toFile(), "config/application.properties").exists()) {
            throw new IllegalStateException("bench.app.dir " + APP_DIR + " has no config/application.properties");
        }
    }
}
