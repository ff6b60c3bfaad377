package io.invoiceroutes.pipeline;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clone-and-verify, as a new user does it: the committed repository cloned into an empty folder with nothing
 * beside it, built with the README's run command, the bundled samples dropped as the
 * README says and delivered, then the README's test command run on the tests that read the bundled samples and
 * the contract. {@code -Dclone.verify.tests=all} runs the whole suite in the clone (about as long as this build).
 */
class SelfContainedIT {
    /** The tests that read bundled resources (samples, expected values, the contract) and the run-command test. */
    private static final String RESOURCE_TESTS = "PipelineEndToEndTest,ContractValidatorTest,ErrorClassTest,"
            + "DocumentInspectorTest,FieldReaderSamplesTest,SandboxServerTest";

    @Test
    void a_clone_with_nothing_beside_it_builds_runs_the_samples_and_passes_its_tests(@TempDir Path tmp) throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        assertThat(root.resolve(".git")).as("this check clones the git checkout it runs in").exists();
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path clone = empty.resolve("invoice-routes");
        run(tmp, root, Duration.ofMinutes(2), "git", "clone", "--quiet", "--no-hardlinks", root.toString(), clone.toString());
        try (Stream<Path> beside = Files.list(empty)) {
            assertThat(beside.toList()).containsExactly(clone);
        }

        // the README's run command, from the clone's root, with no key
        run(tmp, clone, Duration.ofMinutes(10), "mvn", "-B", "-o", "-q", "package", "-DskipTests");
        Path log = tmp.resolve("run.log");
        ProcessBuilder app = new ProcessBuilder(java(), "-jar", "target/invoice-extraction-routes.jar")
                .directory(clone.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        app.environment().keySet().removeIf(k -> k.startsWith("INVOICE_") || k.startsWith("SANDBOX_"));
        app.environment().put("SANDBOX_PROCESSING_MILLIS", "1000");
        app.environment().put("CAMEL_MANAGEMENT_PORT", "0");
        Process process = app.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(() -> Files.readString(log).contains("started the local sandbox at"));
            // the README's "drop some invoices" step: cp src/test/resources/samples/invoices/*.pdf work/inbox/
            Path inbox = Files.createDirectories(clone.resolve("work/inbox"));
            List<Path> samples;
            try (Stream<Path> s = Files.list(clone.resolve("src/test/resources/samples/invoices"))) {
                samples = s.filter(p -> p.toString().endsWith(".pdf")).sorted().toList();
            }
            assertThat(samples).hasSize(8);
            for (Path sample : samples) {
                Path staged = Files.copy(sample, tmp.resolve(sample.getFileName()));
                Files.move(staged, inbox.resolve(sample.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            }
            Path archive = clone.resolve("work/archive");
            Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> PipelineHarness.files(archive).size() == samples.size());
            assertThat(PipelineHarness.files(clone.resolve("work/outbox"))).extracting(p -> p.getFileName().toString())
                    .contains("results.json", "results.csv", "results.xlsx", "extraction.json");
            assertThat(PipelineHarness.files(clone.resolve("work/errors"))).isEmpty();
        } finally {
            process.destroy();
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }

        // the README's test command in the clone
        String tests = System.getProperty("clone.verify.tests", RESOURCE_TESTS);
        List<String> verify = new ArrayList<>(List.of("mvn", "-B", "-o", "verify"));
        if (!"all".equals(tests)) {
            verify.addAll(List.of("-Dtest=" + tests, "-Dit.test=RunCommandIT", "-Dsurefire.failIfNoSpecifiedTests=false",
                    "-Dfailsafe.failIfNoSpecifiedTests=false"));
        } else {
            verify.add("-Dit.test=!SelfContainedIT");
        }
        String out = run(tmp, clone, Duration.ofMinutes(60), verify.toArray(String[]::new));
        assertThat(out).contains("BUILD SUCCESS").doesNotContain("Tests run: 0,");
    }

    private static String run(Path tmp, Path dir, Duration limit, String... cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile(tmp, "cmd", ".log");
        ProcessBuilder b = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
        Map<String, String> env = b.environment();
        env.keySet().removeIf(k -> k.startsWith("INVOICE_") || k.startsWith("SANDBOX_"));
        Process p = b.start();
        boolean done = p.waitFor(limit.toSeconds(), TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String text = Files.readString(out);
        assertThat(done && p.exitValue() == 0).as("%s in %s:%n%s", String.join(" ", cmd), dir,
                text.length() > 20_000 ? text.substring(text.length() - 20_000) : text).isTrue();
        return text;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
