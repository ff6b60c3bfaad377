package io.invoiceroutes.pipeline;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two artifacts: the product jar holds no sandbox code and needs no sandbox-only library; the sandbox jar
 * runs on its own; without the sandbox artifact, the no-key run says how to get it instead of failing obscurely.
 */
class ArtifactsIT {
    private static final Path PRODUCT = Path.of(System.getProperty("app.jar", "target/invoice-extraction-routes.jar")).toAbsolutePath();
    private static final Path SANDBOX = Path.of(System.getProperty("sandbox.jar", "target/invoice-extraction-sandbox.jar")).toAbsolutePath();
    /** Libraries that only the sandbox uses: its XLSX writer and its contract check. */
    private static final List<String> SANDBOX_ONLY = List.of("poi", "json-schema-validator", "log4j", "xmlbeans", "itu-");

    @Test
    void product_jar_holds_no_sandbox_class_fault_injection_admin_hook_or_contract() throws Exception {
        List<String> entries;
        try (JarFile jar = new JarFile(PRODUCT.toFile())) {
            entries = Collections.list(jar.entries()).stream().map(ZipEntry::getName).toList();
            String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
            assertThat(classPath).as("manifest class path").isNotBlank();
            for (String lib : classPath.split(" ")) {
                String name = lib.substring(lib.lastIndexOf('/') + 1);
                assertThat(SANDBOX_ONLY).as("runtime dependency %s", name).noneMatch(name::startsWith);
            }
        }
        assertThat(entries).as("product classes").anyMatch(e -> e.equals("io/invoiceroutes/App.class"));
        assertThat(entries).noneMatch(e -> e.startsWith("io/invoiceroutes/sandbox/"))
                .noneMatch(e -> e.startsWith("io/invoiceroutes/contract/"))
                .noneMatch(e -> e.startsWith("contract/"))
                .noneMatch(e -> e.contains("FaultInjector") || e.contains("HoldControl") || e.contains("AdminApi"))
                .noneMatch(e -> e.startsWith("META-INF/services/io.invoiceroutes.LocalSandbox"));
        try (Stream<Path> libs = Files.list(PRODUCT.resolveSibling("lib"))) {
            assertThat(libs.map(p -> p.getFileName().toString()).toList()).as("target/lib")
                    .isNotEmpty().allSatisfy(n -> assertThat(SANDBOX_ONLY).noneMatch(n::startsWith));
        }
        try (Stream<Path> libs = Files.list(PRODUCT.resolveSibling("sandbox-lib"))) {
            assertThat(libs.map(p -> p.getFileName().toString()).toList()).as("target/sandbox-lib")
                    .anyMatch(n -> n.startsWith("poi-ooxml")).anyMatch(n -> n.startsWith("json-schema-validator"));
        }
    }

    @Test
    void sandbox_jar_runs_on_its_own_and_prints_its_url_first() throws Exception {
        Process p = new ProcessBuilder(java(), "-jar", SANDBOX.toString(), "--port", "0")
                .directory(SANDBOX.getParent().toFile()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertThat(first).startsWith("SANDBOX_URL=http://127.0.0.1:");
            String base = first.substring("SANDBOX_URL=".length());
            HttpResponse<String> balance = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/credits/balance"))
                    .header("Authorization", "Bearer any-key").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(balance.statusCode()).isEqualTo(200);
            assertThat(balance.body()).contains("\"credits_balance\"");
        } finally {
            p.destroy();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void without_the_sandbox_artifact_a_no_key_run_says_how_to_get_it(@TempDir Path dir) throws Exception {
        // the product jar and its libraries alone, as a deployment that never installed the sandbox
        Path jar = Files.copy(PRODUCT, dir.resolve(PRODUCT.getFileName()));
        Path lib = Files.createDirectories(dir.resolve("lib"));
        try (Stream<Path> libs = Files.list(PRODUCT.resolveSibling("lib"))) {
            for (Path l : libs.toList()) {
                Files.copy(l, lib.resolve(l.getFileName()));
            }
        }
        Path log = dir.resolve("run.log");
        ProcessBuilder builder = new ProcessBuilder(java(), "-jar", jar.toString())
                .directory(new File(System.getProperty("user.dir"))).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("INVOICE_") || k.startsWith("SANDBOX_"));
        builder.environment().put("INVOICE_WORK_DIR", dir.resolve("work").toString());
        builder.environment().put("CAMEL_MANAGEMENT_PORT", "0");
        Process p = builder.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exits at once").isTrue();
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(out).isNotZero();
        assertThat(out).contains("invoice-extraction-sandbox.jar").contains("mvn -B -q package -DskipTests")
                .contains("INVOICE_API_KEY");
        Awaitility.await().atMost(Duration.ofSeconds(1)).until(() -> !p.isAlive());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
