package io.invoiceroutes.pipeline;

import io.invoiceroutes.sandbox.SandboxConfig;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every file in routes/ loads, and route ids follow the layout: ids in kebab-case, direct endpoints named after their route. */
class RoutesTest {

    @Test
    void every_route_file_loads_and_direct_routes_are_named_after_their_endpoint(@TempDir Path work) throws Exception {
        List<String> files;
        try (Stream<Path> s = Files.list(Path.of("routes"))) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".camel.yaml")).sorted().toList();
        }
        assertThat(files).contains("ingest.camel.yaml", "batch.camel.yaml", "upload.camel.yaml", "submit.camel.yaml",
                "poll.camel.yaml", "deliver.camel.yaml", "error-handling.camel.yaml", "api.camel.yaml");
        try (PipelineHarness pipeline = PipelineHarness.start(work, SandboxConfig.builder(), Map.of())) {
            List<Route> routes = pipeline.context().getRoutes();
            assertThat(routes).hasSizeGreaterThan(40);
            for (Route route : routes) {
                assertThat(route.getRouteId()).matches("[a-z0-9]+(-[a-z0-9]+)*");
                String uri = route.getEndpoint().getEndpointUri();
                if (uri.startsWith("direct://")) {
                    assertThat(uri).as("route %s", route.getRouteId()).isEqualTo("direct://" + route.getRouteId());
                }
            }
            for (String stage : List.of("ingest", "batch", "upload", "submit", "poll", "deliver")) {
                assertThat(pipeline.context().getRoute(stage)).as(stage).isNotNull();
            }
        }
    }

    /**
     * One ledger and one skeleton: no route file writes a batch's or a file's state (only io.invoiceroutes.store.Ledger
     * does, each change with its event), and "pick work in a state and claim it" is written once, in stage.camel.yaml.
     */
    @Test
    void state_changes_go_through_the_ledger_and_the_stage_head_exists_once() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("routes"))) {
            files = s.filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList();
        }
        int heads = 0;
        for (Path file : files) {
            String yaml = Files.readString(file).toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", " ");
            assertThat(yaml).as("%s writes no state", file)
                    .doesNotContainPattern("update batch set[^\"]*\\bstate\\s*=")
                    .doesNotContainPattern("update invoice_file set[^\"]*\\bstate\\s*=")
                    .doesNotContain("insert into job_event");
            if (yaml.contains("sql:select batch_id from batch where state =")) {
                heads++;
                assertThat(file.getFileName().toString()).isEqualTo("stage.camel.yaml");
            }
        }
        assertThat(heads).isEqualTo(1);
        String ledger = Files.readString(Path.of("src/main/java/io/invoiceroutes/store/Ledger.java"));
        assertThat(ledger).contains("insert into job_event");
        try (Stream<Path> java = Files.walk(Path.of("src/main/java"))) {
            for (Path p : java.filter(f -> f.toString().endsWith(".java") && !f.endsWith("Ledger.java")).toList()) {
                assertThat(Files.readString(p)).as("%s writes no state", p).doesNotContain("set state =").doesNotContain("insert into job_event");
            }
        }
    }
}
