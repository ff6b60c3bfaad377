package io.invoiceroutes.crash;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged application run as a separate JVM on one work dir, started again after each kill. */
final class AppProcess implements AutoCloseable {
    private final Path jar;
    private final Path work;
    private final Path log;
    private final Map<String, String> env;
    private final String heap;
    private Process process;
    private int starts;

    AppProcess(Path work, Map<String, String> env) {
        this(work, env, "-Xmx384m");
    }

    /** {@code heap}: the JVM's heap option, e.g. -Xmx256m for a test that proves streaming. */
    AppProcess(Path work, Map<String, String> env, String heap) {
        this.jar = Path.of(System.getProperty("app.jar", "target/invoice-extraction-routes.jar")).toAbsolutePath();
        this.work = work;
        this.log = work.resolveSibling(work.getFileName() + ".log");
        this.env = env;
        this.heap = heap;
    }

    /** Starts the jar from the repository root (it reads config/ and routes/ there), output appended to the log. */
    AppProcess start() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", heap, "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(cmd)
                .directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> e = builder.environment();
        e.keySet().removeIf(k -> k.startsWith("INVOICE_") || k.startsWith("SANDBOX_") || k.startsWith("CAMEL_"));
        // the management server on a free port unless a test names one
        e.put("CAMEL_MANAGEMENT_PORT", "0");
        e.putAll(env);
        e.put("INVOICE_WORK_DIR", work.toString());
        Files.writeString(log, "%n=== start %d ===%n".formatted(++starts), java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        process = builder.start();
        return this;
    }

    /** SIGKILL: no shutdown hook, no finally block runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("process did not die on SIGKILL");
        }
    }

    /** SIGTERM; true when the process exited within the bound. */
    boolean terminate(long seconds) throws InterruptedException {
        process.destroy();
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    int starts() {
        return starts;
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        if (alive()) {
            kill();
        }
    }
}
