package io.invoiceroutes.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.invoiceroutes.testing.Samples;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.invoiceroutes.sandbox.SandboxServerTest.submission;
import static io.invoiceroutes.sandbox.SandboxServerTest.waitFinal;
import static org.assertj.core.api.Assertions.assertThat;

/** An extraction processes for processingMillis plus millisPerPage for each readable page. */
class ProcessingTimeTest {
    private static final long BASE = 100;
    private static final long PER_PAGE = 500;
    private static final int PAGES = 6;

    @Test
    void aLongInvoiceIsStillProcessingWhenAOnePageInvoiceIsDone(@TempDir Path tmp) throws Exception {
        Path onePage = Samples.invoice("coolblue1.pdf");
        Path sixPages = tmp.resolve("six-pages.pdf");
        try (PDDocument source = Loader.loadPDF(onePage.toFile()); PDDocument doc = new PDDocument()) {
            for (int i = 0; i < PAGES; i++) {
                doc.importPage(source.getPage(0));
            }
            doc.save(sixPages.toFile());
        }
        SandboxConfig config = SandboxConfig.builder().processingMillis(BASE).millisPerPage(PER_PAGE).build();
        assertThat(ExtractionProcessor.processingMillis(config, PAGES)).isEqualTo(BASE + PAGES * PER_PAGE);
        try (SandboxServer s = new SandboxServer(config).start()) {
            SandboxClient c = new SandboxClient(s.baseUrl(), "k");
            List<String> ids = c.upload("sess", List.of(onePage, sixPages));
            long start = System.nanoTime();
            String longId = c.post("/extractions", submission("sub_long", "sess", List.of(ids.get(1)), "Extract totals", Map.of()))
                    .body().path("extraction_id").asText();
            String shortId = c.post("/extractions", submission("sub_short", "sess", List.of(ids.get(0)), "Extract totals", Map.of()))
                    .body().path("extraction_id").asText();

            assertThat(waitFinal(c, shortId).path("status").asText()).isEqualTo("completed");
            assertThat(c.get("/extractions/" + longId).body().path("status").asText())
                    .as("six pages take %d ms more than one", (PAGES - 1) * PER_PAGE).isEqualTo("processing");
            JsonNode done = waitFinal(c, longId);
            assertThat(done.path("status").asText()).isEqualTo("completed");
            assertThat(done.path("credits_deducted").asInt()).isEqualTo(PAGES);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(BASE + PAGES * PER_PAGE);
        }
    }
}
