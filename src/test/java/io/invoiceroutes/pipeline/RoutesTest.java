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
}
