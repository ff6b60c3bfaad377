package io.invoiceroutes.pipeline;

import io.invoiceroutes.sandbox.RequestRecorder;
import io.invoiceroutes.sandbox.SandboxConfig;
import io.invoiceroutes.sandbox.SandboxServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scale-out: three instances of the packaged jar (separate JVMs) share one inbox, one PostgreSQL job store and one
 * API key, and process 300 one-page invoices through a sandbox at the API's published limits; one instance is
 * killed with SIGKILL while it holds a batch and started again, the others finish its work once its lease runs out.
 * Every file is delivered exactly once, the key sees no 429, and together the instances use most of its upload limit.
 */
class ScaleOutIT {
    private static final int FILES = 300;
    private static final int INSTANCES = 3;
    private static final String KEY = "scale-out-key";
    // long enough that a live but loaded instance (3 JVMs on 2 cores) renews in time; renewed every RENEW_MS
    private static final int LEASE_SECONDS = 25;
    private static final int RENEW_MS = 4000;
    private static final String VICTIM = "node-2";

    @Test
    void three_instances_share_inbox_and_job_store_and_take_over_a_killed_instances_batches(@TempDir Path tmp)
            throws Exception {
        Path jar = Path.of(System.getProperty("app.jar", "target/invoice-extraction-routes.jar")).toAbsolutePath();
        assertThat(jar).exists();
        Path work = tmp.resolve("w");
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             SandboxServer sandbox = new SandboxServer(SandboxConfig.builder().threads(128)
                     .processingMillis(3000).startingCredits(1_000_000).rateLimitScale(1).build()).start()) {
            String dbUrl = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres";
            Map<String, Process> nodes = new LinkedHashMap<>();
            Map<String, Path> logs = new LinkedHashMap<>();
            try (Connection db = DriverManager.getConnection(dbUrl, "postgres", "postgres")) {
                for (int i = 1; i <= INSTANCES; i++) {
                    String name = "node-" + i;
                    logs.put(name, tmp.resolve(name + ".log"));
                    nodes.put(name, start(jar, name, work, dbUrl, sandbox.baseUrl(), logs.get(name)));
                }
                for (Map.Entry<String, Path> log : logs.entrySet()) {
                    try {
                        Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250))
                                .until(() -> Files.exists(log.getValue())
                                        && Files.readString(log.getValue()).contains("(invoice-extraction-routes) started"));
                    } catch (org.awaitility.core.ConditionTimeoutException e) {
                        throw new AssertionError(log.getKey() + " did not start:\n" + Files.readString(log.getValue()), e);
                    }
                }
                Set<String> names = dropInvoices(tmp.resolve("incoming"), inbox);
                long started = System.nanoTime();

                // kill the victim once every file is recorded (ingest is not mid-file) while it holds a batch
                List<String> victimBatches = new ArrayList<>();
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    if (scalar(db, "select count(*) from invoice_file") < FILES
                            || scalar(db, "select count(*) from invoice_file where state = 'INGESTED'") > 0) {
                        return false;
                    }
                    victimBatches.clear();
                    victimBatches.addAll(strings(db, "select batch_id from batch where lease_owner like '" + VICTIM
                            + "-%' and lease_until is not null and state in ('SEALED', 'UPLOADED', 'SUBMITTED', 'COMPLETED')"));
                    return !victimBatches.isEmpty();
                });
                Set<String> victimOwners = new TreeSet<>(strings(db, "select distinct lease_owner from batch where batch_id in ("
                        + quoted(victimBatches) + ")"));
                nodes.get(VICTIM).destroyForcibly();   // SIGKILL on Linux: no shutdown hook, no lease release
                long killedAt = System.nanoTime();
                assertThat(nodes.get(VICTIM).waitFor(10, TimeUnit.SECONDS)).isTrue();
                // started again at once: its earlier life's requests still count at the API for a minute
                logs.put(VICTIM + "-again", tmp.resolve(VICTIM + "-again.log"));
                nodes.put(VICTIM + "-again", start(jar, VICTIM, work, dbUrl, sandbox.baseUrl(), logs.get(VICTIM + "-again")));

                // failover: each of the victim's batches is claimed by a survivor after its lease runs out
                Map<String, Long> takenOverMs = new TreeMap<>();
                Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    for (String batch : victimBatches) {
                        if (!takenOverMs.containsKey(batch)) {
                            List<String> row = strings(db, "select coalesce(lease_owner, '') || '|' || state from batch where batch_id = '" + batch + "'");
                            String owner = row.get(0).split("\\|")[0];
                            boolean done = row.get(0).endsWith("|DELIVERED") || row.get(0).endsWith("|FAILED");
                            // the restarted instance has a new owner id: it may take its old batches over too
                            if (!victimOwners.contains(owner) || done) {
                                takenOverMs.put(batch, (System.nanoTime() - killedAt) / 1_000_000);
                            }
                        }
                    }
                    return takenOverMs.size() == victimBatches.size();
                });

                Awaitility.await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500))
                        .conditionEvaluationListener(c -> {
                            if (!c.isSatisfied() && c.getElapsedTimeInMS() % 15000 < 500) {
                                System.out.println("SCALE-OUT progress: " + progress(db));
                            }
                        })
                        .until(() -> scalar(db, "select count(*) from invoice_file where state = 'DELIVERED'") == FILES
                                && scalar(db, "select count(*) from batch where state <> 'DELIVERED'") == 0);
                long totalMs = (System.nanoTime() - started) / 1_000_000;

                assertDeliveredExactlyOnce(db, work, names);
                Map<String, Long> staged = perInstance(db, "staged");
                Map<String, Long> sealed = perInstance(db, "sealed");
                Map<String, Long> uploaded = perInstance(db, "uploaded");
                Map<String, Long> delivered = perInstance(db, "delivered");
                assertThat(staged.keySet()).as("every instance took inbox files").hasSize(INSTANCES);
                // the victim may be killed before its first upload (it holds a sealed batch waiting for tokens), and
                // after its restart the others may have little left: the instances that ran throughout uploaded
                assertThat(uploaded.keySet()).as("the instances that were not killed uploaded files")
                        .containsAll(staged.keySet().stream().filter(n -> !n.equals(VICTIM)).toList());
                assertThat(staged.values().stream().mapToLong(Long::longValue).sum()).as("each file staged once").isEqualTo(FILES);
                assertThat(strings(db, "select distinct lease_owner from batch where batch_id in ("
                        + quoted(victimBatches) + ")")).noneMatch(victimOwners::contains);

                // one key, three instances, the published limits: no 429, and most of the upload limit used
                int busiest = sandbox.busiestMinute("uploads");
                Map<String, Integer> limited = sandbox.rateLimitedCounts();
                Map<String, Long> uploadCalls = new TreeMap<>();
                for (String row : strings(db, "select instance_id || '|' || sum(tokens) from rate_grant where rate_group = 'uploads' group by instance_id")) {
                    uploadCalls.merge(row.split("\\|")[0].replaceAll("-[0-9a-f]{8}$", ""), Long.parseLong(row.split("\\|")[1]), Long::sum);
                }
                System.out.printf("%nSCALE-OUT: busiest minute %d upload calls = %.2f of the key's 600; 429s %s;"
                        + " upload tokens granted per instance %s%n", busiest, busiest / 600.0, limited, uploadCalls);
                assertThat(limited.values()).as("429s at the API").allMatch(n -> n == 0);
                assertThat(busiest).as("upload calls in the busiest minute").isGreaterThanOrEqualTo(480);

                // renewals land: every live instance logged leases actually extended (not 0 of n)
                for (String name : List.of("node-1", "node-3")) {
                    assertThat(Files.readString(logs.get(name))).as(name + " renewed leases")
                            .containsPattern("renewed [1-9][0-9]* of [0-9]+ held lease");
                }
                long lostLeases = scalar(db, "select count(*) from job_event where event = 'lease-lost'");

                assertSandboxSawOneSessionAndOneExtractionPerBatch(db, sandbox.recorder(), victimBatches.size());

                System.out.printf("%nSCALE-OUT: %d files, %d batches, %d instances, done in %d ms%n", FILES,
                        scalar(db, "select count(*) from batch"), INSTANCES, totalMs);
                System.out.printf("SCALE-OUT: files staged per instance   %s%n", staged);
                System.out.printf("SCALE-OUT: batches sealed per instance %s%n", sealed);
                System.out.printf("SCALE-OUT: files uploaded per instance %s%n", uploaded);
                System.out.printf("SCALE-OUT: files delivered per instance  %s%n", delivered);
                System.out.printf("SCALE-OUT: killed %s holding %d batch(es); taken over after %s ms (lease %d s)%n%n",
                        VICTIM, victimBatches.size(), takenOverMs.values(), LEASE_SECONDS);
                System.out.printf("SCALE-OUT: workers stopped by fencing (lease-lost events): %d%n%n", lostLeases);
                assertThat(takenOverMs.values()).allMatch(ms -> ms < (LEASE_SECONDS + 20) * 1000L);
            } finally {
                for (Process p : nodes.values()) {
                    p.destroy();
                }
                for (Process p : nodes.values()) {
                    if (!p.waitFor(30, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
            }
        }
    }

    private static Process start(Path jar, String name, Path work, String dbUrl, String apiUrl, Path log)
            throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-jar", jar.toString())
                .directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("INVOICE_") || k.startsWith("SANDBOX_"));
        env.put("INVOICE_INSTANCE_NAME", name);
        // three instances on one machine: each management server on a free port
        env.put("CAMEL_MANAGEMENT_PORT", "0");
        env.put("INVOICE_WORK_DIR", work.toString());
        env.put("INVOICE_DB_URL", dbUrl);
        env.put("INVOICE_DB_USER", "postgres");
        env.put("INVOICE_DB_PASSWORD", "postgres");
        env.put("INVOICE_DB_POOL_SIZE", "6");
        env.put("INVOICE_API_KEY", KEY);
        env.put("INVOICE_API_BASE_URL", apiUrl);
        env.put("INVOICE_BATCH_MAX_FILES", "20");
        env.put("INVOICE_BATCH_TIMEOUT_MS", "1500");
        env.put("INVOICE_BATCH_ORPHAN_AGE_MS", "10000");
        env.put("INVOICE_BATCH_RECOVER_MS", "2000");
        env.put("INVOICE_INGEST_POLL_MS", "300");
        env.put("INVOICE_INGEST_MIN_AGE_MS", "500");
        env.put("INVOICE_INGEST_LOCK_MAX_AGE_MS", "15000");
        env.put("INVOICE_INGEST_LOCK_KEEP_ALIVE_MS", "3000");
        env.put("INVOICE_INGEST_LOCK_RELEASE_DELAY_MS", "5000");
        env.put("INVOICE_STAGE_POLL_MS", "300");
        env.put("INVOICE_STAGE_LEASE_SECONDS", String.valueOf(LEASE_SECONDS));
        env.put("INVOICE_STAGE_LEASE_RENEW_MS", String.valueOf(RENEW_MS));
        env.put("INVOICE_RETRY_INITIAL_DELAY_MS", "200");
        env.put("INVOICE_OUTPUT_FORMATS", "json,csv");
        env.put("CAMEL_MAIN_SHUTDOWN_TIMEOUT", "5");
        return builder.start();
    }

    /** Makes one-page invoices under unique names outside the inbox, then moves them in (a writer's rename). */
    private static Set<String> dropInvoices(Path incoming, Path inbox) throws Exception {
        Files.createDirectories(incoming);
        Set<String> names = new TreeSet<>();
        for (int i = 0; i < FILES; i++) {
            String name = String.format("inv-%03d.pdf", i);
            io.invoiceroutes.testing.TestPdfs.invoice(incoming.resolve(name), i, 1);
            names.add(name);
        }
        for (String name : names) {
            Files.move(incoming.resolve(name), inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        }
        return names;
    }

    private static void assertDeliveredExactlyOnce(Connection db, Path work, Set<String> names) throws Exception {
        assertThat(strings(db, "select original_name from invoice_file")).hasSize(FILES)
                .containsExactlyInAnyOrderElementsOf(names);
        assertThat(scalar(db, "select sum(file_count) from batch")).isEqualTo(FILES);
        List<Path> archived = PipelineHarness.files(work.resolve("archive"));
        assertThat(archived).hasSize(FILES);
        assertThat(archived.stream().map(p -> p.getFileName().toString()).toList())
                .containsExactlyInAnyOrderElementsOf(names);
        List<String> batches = strings(db, "select batch_id from batch");
        for (String batch : batches) {
            assertThat(work.resolve("outbox").resolve(batch).resolve("results.json")).exists();
            assertThat(work.resolve("outbox").resolve(batch).resolve("extraction.json")).exists();
        }
        try (var outbox = Files.list(work.resolve("outbox"))) {
            assertThat(outbox.filter(Files::isDirectory).count()).isEqualTo(batches.size());
        }
        assertThat(PipelineHarness.files(work.resolve("inbox"))).isEmpty();
        assertThat(PipelineHarness.files(work.resolve("staging"))).isEmpty();
        List<Path> errors = Files.exists(work.resolve("errors")) ? PipelineHarness.files(work.resolve("errors")) : List.of();
        StringBuilder reports = new StringBuilder();
        for (Path e : errors) {
            reports.append(e).append(": ").append(e.toString().endsWith(".json") ? Files.readString(e) : "").append('\n');
        }
        assertThat(errors).as("error reports:%n%s", reports).isEmpty();
        assertThat(scalar(db, "select count(*) from CAMEL_MESSAGEPROCESSED where processorName = 'inbox'"))
                .as("no inbox lock left behind").isZero();
    }

    private static void assertSandboxSawOneSessionAndOneExtractionPerBatch(Connection db, RequestRecorder recorder,
                                                                         int takenOver) throws Exception {
        Set<String> sessions = new TreeSet<>(strings(db, "select upload_session_id from batch"));
        Set<String> extractions = new TreeSet<>(strings(db, "select extraction_id from batch"));
        Set<String> completedSessions = new TreeSet<>();
        Set<String> polledExtractions = new TreeSet<>();
        Pattern complete = Pattern.compile("/uploads/sessions/([^/]+)/complete");
        Pattern status = Pattern.compile("/extractions/([^/]+)$");
        for (RequestRecorder.RecordedRequest r : recorder.requests()) {
            Matcher m = complete.matcher(r.path());
            if ("completeFileUpload".equals(r.operationId()) && m.find()) {
                completedSessions.add(m.group(1));
            }
            Matcher s = status.matcher(r.path());
            if ("getExtraction".equals(r.operationId()) && s.find()) {
                polledExtractions.add(s.group(1));
            }
        }
        assertThat(completedSessions).isEqualTo(sessions);
        assertThat(polledExtractions).isEqualTo(extractions);
        // a session or submission re-sent by the instance that took over reuses its stored id (idempotent)
        assertThat(recorder.count("createUploadSession")).isBetween(sessions.size(), sessions.size() + takenOver);
        assertThat(recorder.count("submitExtraction")).isBetween(extractions.size(), extractions.size() + takenOver);
        assertThat(recorder.violations()).isEmpty();
    }

    private static Map<String, Long> perInstance(Connection db, String event) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("select instance_id, count(*) from job_event where event = '" + event
                     + "' group by instance_id")) {
            while (rs.next()) {
                String owner = rs.getString(1);
                counts.put(owner == null ? "?" : owner.replaceAll("-[0-9a-f]{8}$", ""), rs.getLong(2));
            }
        }
        return counts;
    }

    private static String progress(Connection db) {
        try {
            return strings(db, "select state || '=' || count(*) from invoice_file group by state") + " batches "
                    + strings(db, "select state || '=' || count(*) from batch group by state");
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private static String quoted(List<String> values) {
        return String.join(",", values.stream().map(v -> "'" + v + "'").toList());
    }

    private static long scalar(Connection db, String sql) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> strings(Connection db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
