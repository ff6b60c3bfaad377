package io.invoiceroutes.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.invoiceroutes.sandbox.Account;
import io.invoiceroutes.sandbox.RequestRecorder.RecordedRequest;
import io.invoiceroutes.sandbox.SandboxConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's fault injection against the whole pipeline: in every row each good file ends in the outbox
 * exactly once, staging is empty, the sandbox holds one session and one extraction per batch, and no contract
 * violation is recorded.
 */
class FaultMatrixTest {
    private final ObjectMapper json = new ObjectMapper();

    /** Each row names the fault and how to see in the recorded requests that it was really injected. */
    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("5xx at 10%", SandboxConfig.builder().serverErrorRate(0.10).seed(1),
                        (Predicate<RecordedRequest>) r -> r.status() >= 500),
                Arguments.of("429 storm", SandboxConfig.builder().rateLimitStormRate(0.30).seed(12),
                        (Predicate<RecordedRequest>) r -> r.status() == 429),
                Arguments.of("5% dropped connections", SandboxConfig.builder().dropConnectionRate(0.05).seed(13),
                        (Predicate<RecordedRequest>) r -> r.status() == 0),
                Arguments.of("slow answers", SandboxConfig.builder().roundTripMillis(400),
                        (Predicate<RecordedRequest>) r -> r.path().startsWith("/v1")),
                Arguments.of("every output URL already expired", SandboxConfig.builder().expiredDownloadUrls(true),
                        (Predicate<RecordedRequest>) r -> r.path().startsWith("/storage/outputs") && r.status() == 403),
                Arguments.of("every part URL expired once", SandboxConfig.builder().expirePartUrlsOnce(true),
                        (Predicate<RecordedRequest>) r -> r.path().startsWith("/storage/uploads") && r.status() == 403),
                Arguments.of("every first completion refused", SandboxConfig.builder().refuseFirstCompletion(true),
                        (Predicate<RecordedRequest>) r -> "completeFileUpload".equals(r.operationId()) && r.status() == 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void good_files_reach_the_outbox_exactly_once(String row, SandboxConfig.Builder sandbox,
                                                  Predicate<RecordedRequest> injected, @TempDir Path work)
            throws Exception {
        sandbox.partSize(16 * 1024).processingMillis(500);
        List<Path> samples = PipelineHarness.samplePdfs().subList(0, 4);
        Map<String, String> props = Map.of("invoice.retry.max-retries", "8", "invoice.retry.max-delay-ms", "1500",
                "invoice.batch.max-files", "4", "invoice.batch.timeout-ms", "20000");
        try (PipelineHarness pipeline = PipelineHarness.start(work, sandbox, props)) {
            for (Path sample : samples) {
                pipeline.drop(sample, sample.getFileName().toString());
            }
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() ->
                    pipeline.query("select file_id from invoice_file where state in ('DELIVERED', 'FAILED')").size()
                            == samples.size());

            Set<String> names = new HashSet<>();
            samples.forEach(p -> names.add(p.getFileName().toString()));
            assertThat(pipeline.query("select original_name from invoice_file where state = 'DELIVERED'"))
                    .as(row).extracting(r -> r.get("original_name")).containsExactlyInAnyOrderElementsOf(names);
            List<String> sources = new ArrayList<>();
            for (Path results : PipelineHarness.files(work.resolve("outbox"))) {
                if (results.getFileName().toString().equals("results.json")) {
                    for (JsonNode r : json.readTree(results.toFile())) {
                        sources.add(r.get("Source File").asText().replaceAll(" \\(Page \\d+\\)$", ""));
                    }
                }
            }
            assertThat(sources).as("%s: each file's row exactly once", row).containsExactlyInAnyOrderElementsOf(names);
            assertThat(PipelineHarness.files(work.resolve("archive"))).hasSize(samples.size());
            assertThat(PipelineHarness.files(work.resolve("staging"))).isEmpty();
            int batches = pipeline.query("select batch_id from batch").size();
            Account account = pipeline.sandbox.state().account(PipelineHarness.KEY);
            assertThat(account.sessionCount()).as("sessions").isEqualTo(batches);
            assertThat(account.extractionCount()).as("extractions").isEqualTo(batches);
            assertThat(pipeline.sandbox.recorder().violations()).as(row).isEmpty();
            var requests = pipeline.sandbox.recorder().requests();
            assertThat(requests).as("%s: the fault was really injected", row).anyMatch(injected);
            System.out.printf("fault row [%s]: %d requests, %d answered 5xx, %d answered 429, %d dropped, %d storage 403,"
                            + " %d completions refused; %d files delivered, %d batches%n", row, requests.size(),
                    requests.stream().filter(r -> r.status() >= 500).count(),
                    requests.stream().filter(r -> r.status() == 429).count(),
                    requests.stream().filter(r -> r.status() == 0).count(),
                    requests.stream().filter(r -> r.path().startsWith("/storage") && r.status() == 403).count(),
                    requests.stream().filter(r -> "completeFileUpload".equals(r.operationId()) && r.status() == 400).count(),
                    names.size(), batches);
        }
    }
}
