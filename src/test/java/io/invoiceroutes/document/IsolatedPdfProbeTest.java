package io.invoiceroutes.document;

import io.invoiceroutes.document.DocumentFacts.Problem;
import io.invoiceroutes.testing.HostilePdfs;
import io.invoiceroutes.testing.TestPdfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Untrusted PDFs are opened in a JVM of their own, bounded in memory and time: a decompression bomb, a broken
 * cross-reference table and a file that keeps the parser busy are each reported unreadable (UNREADABLE_FILE at
 * ingest), and the next good file is read as usual.
 */
class IsolatedPdfProbeTest {

    @Test
    void a_decompression_bomb_ends_the_bounded_reader_not_this_jvm_and_is_unreadable(@TempDir Path dir) throws Exception {
        // 2 GiB of object stream on 2 MB of disk; in a 64 MB reader
        Path bomb = HostilePdfs.decompressionBomb(dir.resolve("bomb.pdf"), 2L * 1024 * 1024 * 1024);
        assertThat(Files.size(bomb)).isLessThan(4 * 1024 * 1024);
        // the same bytes in this JVM with a small heap are what the isolation is for: PDFBox unpacks them in memory
        try (IsolatedPdfProbe probe = new IsolatedPdfProbe(64, 60_000)) {
            DocumentFacts facts = DocumentInspector.inspect(bomb, DocumentLimits.VENDOR, probe);
            assertThat(facts.problem()).isEqualTo(Problem.CORRUPT);
            assertThat(facts.problemMessage()).contains("'bomb.pdf' is a damaged PDF");
            assertThat(probe.lastFailure()).contains("64 MB");

            Path good = TestPdfs.invoice(dir.resolve("good.pdf"), 1, 3);
            DocumentFacts next = DocumentInspector.inspect(good, DocumentLimits.VENDOR, probe);
            assertThat(next.acceptable()).isTrue();
            assertThat(next.pages()).isEqualTo(3);
        }
    }

    @Test
    void a_broken_cross_reference_table_is_unreadable(@TempDir Path dir) {
        Path broken = HostilePdfs.brokenXref(dir.resolve("broken-xref.pdf"));
        try (IsolatedPdfProbe probe = new IsolatedPdfProbe(64, 60_000)) {
            DocumentFacts facts = DocumentInspector.inspect(broken, DocumentLimits.VENDOR, probe);
            assertThat(facts.problem()).isEqualTo(Problem.CORRUPT);
            assertThat(probe.lastFailure()).as("the reader answered, it was not killed").isNull();
            // what the reader says about pages and limits comes back with the user's file name
            Path many = TestPdfs.invoice(dir.resolve("many pages.pdf"), 2, 4);
            DocumentFacts tooMany = DocumentInspector.inspect(many, new DocumentLimits(10_000_000, 3, 1_000), probe);
            assertThat(tooMany.problem()).isEqualTo(Problem.TOO_MANY_PAGES);
            assertThat(tooMany.pages()).isEqualTo(4);
            assertThat(tooMany.problemMessage()).contains("'many pages.pdf' has 4 pages");
        }
    }

    @Test
    void a_pdf_that_keeps_the_parser_busy_past_the_time_limit_is_unreadable(@TempDir Path dir) {
        // a lenient parser searches this file for far longer than the limit allows
        Path busy = HostilePdfs.busyWithoutXref(dir.resolve("busy.pdf"), 600_000);
        try (IsolatedPdfProbe probe = new IsolatedPdfProbe(256, 4_000)) {
            long started = System.nanoTime();
            DocumentFacts facts = DocumentInspector.inspect(busy, DocumentLimits.VENDOR, probe);
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(facts.problem()).isEqualTo(Problem.CORRUPT);
            assertThat(probe.lastFailure()).contains("not read within 4000 ms");
            assertThat(tookMs).isLessThan(20_000);
            // a fresh reader takes the next file
            assertThat(DocumentInspector.inspect(TestPdfs.invoice(dir.resolve("after.pdf"), 4, 2), DocumentLimits.VENDOR, probe)
                    .pages()).isEqualTo(2);
        }
    }
}
