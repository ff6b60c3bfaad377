package io.invoiceroutes.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.invoiceroutes.testing.Samples;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import static io.invoiceroutes.sandbox.SandboxServerTest.download;
import static io.invoiceroutes.sandbox.SandboxServerTest.submission;
import static io.invoiceroutes.sandbox.SandboxServerTest.waitFinal;
import static org.assertj.core.api.Assertions.assertThat;

/** The timeline for benchmarks: per extraction its moments, per rate group the accepted requests and busiest minute. */
class TimelineTest {

    @Test
    void busiestMinuteIsTheMostTimesWithinAnySixtySeconds() {
        assertThat(Timeline.busiestMinute(List.of())).isZero();
        assertThat(Timeline.busiestMinute(List.of(0L, 60_000L))).as("60 s apart are two windows").isEqualTo(1);
        assertThat(Timeline.busiestMinute(List.of(200_000L, 0L, 10_000L, 59_999L, 60_000L, 61_000L))).isEqualTo(4);
    }

    @Test
    void anExtractionsMomentsAreRecordedInOrderAndOnlyTheFirstCounts() throws Exception {
        try (SandboxServer s = new SandboxServer(SandboxConfig.builder().processingMillis(200).millisPerPage(0).build()).start()) {
            SandboxClient c = new SandboxClient(s.baseUrl(), "k");
            List<String> ids = c.upload("sess", List.of(Samples.invoice("coolblue1.pdf")));
            String id = c.post("/extractions", submission("sub", "sess", ids, "Extract totals", Map.of()))
                    .body().path("extraction_id").asText();
            JsonNode done = waitFinal(c, id);
            assertThat(done.path("status").asText()).isEqualTo("completed");
            download(c, done.path("output").path("csv_url").asText());
            Timeline.ExtractionTimes first = s.extractionTimeline().get(0);
            waitFinal(c, id);
            download(c, done.path("output").path("json_url").asText());

            assertThat(s.extractionTimeline()).containsExactly(first);
            assertThat(first.extractionId()).isEqualTo(id);
            assertThat(first.submissionId()).isEqualTo("sub");
            assertThat(first.finalStatus()).isEqualTo("completed");
            assertThat(first.submittedAt()).isBeforeOrEqualTo(first.finalAt());
            assertThat(first.finalAt()).isBeforeOrEqualTo(first.firstLearnedAt());
            assertThat(first.firstLearnedAt()).isBeforeOrEqualTo(first.firstOutputDownloadAt());

            assertThat(s.acceptedRequests().get("uploads")).as("session, part URLs, complete").hasSize(3);
            assertThat(s.acceptedRequests().get("writes")).hasSize(1);
            assertThat(s.busiestMinute("uploads")).isEqualTo(3);
            assertThat(s.rateLimitedCounts()).isEmpty();

            var admin = c.raw(HttpRequest.newBuilder(URI.create(s.origin() + "/_sandbox/timeline")).build());
            JsonNode timeline = SandboxClient.M.readTree(admin.body());
            JsonNode entry = timeline.path("extractions").get(0);
            assertThat(entry.path("extraction_id").asText()).isEqualTo(id);
            assertThat(entry.path("final_status").asText()).isEqualTo("completed");
            assertThat(entry.path("first_output_download_at").asText()).isEqualTo(first.firstOutputDownloadAt().toString());
            assertThat(timeline.path("accepted_requests").path("uploads").size()).isEqualTo(3);
        }
    }

    @Test
    void anExtractionRefusedOverTheLimitIsFinalWhenSubmitted() throws Exception {
        SandboxConfig config = SandboxConfig.builder().maxRunningExtractions(1).processingMillis(10_000).build();
        try (SandboxServer s = new SandboxServer(config).start()) {
            SandboxClient c = new SandboxClient(s.baseUrl(), "k");
            List<String> ids = c.upload("sess", List.of(Samples.invoice("coolblue1.pdf")));
            String running = c.post("/extractions", submission("sub_1", "sess", ids, "Extract totals", Map.of()))
                    .body().path("extraction_id").asText();
            String refused = c.post("/extractions", submission("sub_2", "sess", ids, "Extract totals", Map.of()))
                    .body().path("extraction_id").asText();
            assertThat(c.get("/extractions/" + refused).body().path("status").asText()).isEqualTo("failed");
            Timeline.ExtractionTimes t = s.extractionTimeline().get(1);
            assertThat(t.extractionId()).isEqualTo(refused);
            assertThat(t.finalAt()).as("final as it is accepted").isBetween(t.submittedAt(), t.submittedAt().plusMillis(500));
            assertThat(t.finalStatus()).isEqualTo("failed");
            assertThat(t.firstLearnedAt()).isNotNull();
            assertThat(s.extractionTimeline().get(0).finalAt()).as("still running").isNull();
            c.post("/extractions/" + running + "/cancel", null);
            assertThat(waitFinal(c, running).path("status").asText()).isEqualTo("cancelled");
        }
    }
}
