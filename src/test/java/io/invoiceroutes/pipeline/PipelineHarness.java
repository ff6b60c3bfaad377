package io.invoiceroutes.pipeline;

import io.invoiceroutes.sandbox.SandboxConfig;
import io.invoiceroutes.sandbox.SandboxServer;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.awaitility.Awaitility;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Boots the real pipeline (camel-main, the YAML routes from routes/, config/application.properties) in the
 * test JVM against a real sandbox on loopback, with a temp work dir and H2 file database.
 */
public final class PipelineHarness implements AutoCloseable {
    public static final String KEY = "test-key-4b1d9c";
    public final Path workDir;
    public final SandboxServer sandbox;
    private final Main main;
    private final boolean ownsSandbox;

    private PipelineHarness(Path workDir, SandboxServer sandbox, Main main, boolean ownsSandbox) {
        this.workDir = workDir;
        this.sandbox = sandbox;
        this.main = main;
        this.ownsSandbox = ownsSandbox;
    }

    public static PipelineHarness start(Path workDir, SandboxConfig.Builder sandboxConfig, Map<String, String> overrides)
            throws Exception {
        return start(workDir, new SandboxServer(sandboxConfig.build()).start(), true, overrides);
    }

    /** The pipeline against a sandbox the test started (and stops): it outlives this pipeline, as the real API does. */
    public static PipelineHarness start(Path workDir, SandboxServer sandbox, Map<String, String> overrides) throws Exception {
        return start(workDir, sandbox, false, overrides);
    }

    private static PipelineHarness start(Path workDir, SandboxServer sandbox, boolean ownsSandbox,
                                         Map<String, String> overrides) throws Exception {
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:config/application.properties");
        Map<String, String> props = new HashMap<>();
        props.put("invoice.work-dir", workDir.toString());
        props.put("invoice.api.base-url", sandbox.baseUrl());
        props.put("invoice.api.key", KEY);
        props.put("invoice.batch.timeout-ms", "1500");
        props.put("invoice.ingest.poll-ms", "200");
        props.put("invoice.ingest.min-age-ms", "500");
        props.put("invoice.stage.poll-ms", "200");
        props.put("invoice.poll.wait-seconds", "5");
        props.put("invoice.retry.initial-delay-ms", "200");
        props.put("invoice.retry.later-initial-delay-ms", "500");
        props.put("invoice.retry.later-max-delay-ms", "3000");
        props.put("invoice.extractions.resubmit-delay-ms", "300");
        props.put("invoice.extractions.resubmit-max-delay-ms", "2000");
        props.put("invoice.extractions.account-limit-pause-ms", "1000");
        props.put("camel.main.shutdown-timeout", "5");
        // the management server (health, metrics, status page) on any free port unless a test names one
        props.put("camel.management.port", "0");
        // the operators' balance probe stays out of the request sequences the sandbox's seeded faults are counted
        // on; the operations tests switch it on
        props.put("invoice.ops.api-check-delay-ms", "3600000");
        props.putAll(overrides);
        props.forEach(main::addOverrideProperty);
        main.start();
        return new PipelineHarness(workDir, sandbox, main, ownsSandbox);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public Path inbox() {
        return workDir.resolve("inbox");
    }

    /** Drops a file the way a well-behaved producer does: written elsewhere, then moved into the inbox. */
    public Path drop(Path source, String name) throws IOException {
        Path incoming = Files.createDirectories(workDir.resolve("incoming"));
        Path temp = Files.copy(source, incoming.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(inbox());
        return Files.move(temp, inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Runs one statement on the job store (a test that breaks or repairs it). */
    public void execute(String sql) throws Exception {
        DataSource ds = context().getRegistry().lookupByNameAndType("jobDataSource", DataSource.class);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    public List<Map<String, Object>> query(String sql) throws Exception {
        DataSource ds = context().getRegistry().lookupByNameAndType("jobDataSource", DataSource.class);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i).toLowerCase(), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** Waits until {@code count} batches are in {@code state} (or fails after the timeout), polling the job store. */
    public void awaitBatches(String state, int count, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(
                () -> query("select batch_id from batch where state = '" + state + "'").size() >= count);
    }

    public static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    public static Path samples() {
        return io.invoiceroutes.testing.Samples.invoices();
    }

    public static List<Path> samplePdfs() {
        return io.invoiceroutes.testing.Samples.pdfs();
    }

    @Override
    public void close() {
        try {
            main.stop();
        } finally {
            if (ownsSandbox) {
                sandbox.stop();
            }
        }
    }
}
