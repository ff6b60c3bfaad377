package io.invoiceroutes.intake;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The drop folder that puts an item's files into the inbox whole, together and once, across stops at any step. */
class InboxDropTest {
    @TempDir
    Path work;
    private Path inbox;

    @BeforeEach
    void ensureInbox() throws IOException {
        inbox = Files.createDirectories(work.resolve("inbox"));
    }

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> visible() throws IOException {
        try (Stream<Path> s = Files.list(inbox)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    private InboxDrop written(String key, String... namesAndContents) throws IOException {
        InboxDrop drop = new InboxDrop(inbox, "mail", key);
        drop.reset();
        List<InboxDrop.Entry> entries = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < namesAndContents.length; i += 2) {
            long n = drop.write("part-" + i, bytes(namesAndContents[i + 1]));
            entries.add(new InboxDrop.Entry("part-" + i, namesAndContents[i], n));
        }
        drop.seal(entries, Map.of("skipped", List.of()));
        return drop;
    }

    @Test
    void nothing_is_visible_in_the_inbox_until_every_file_is_written_and_placed() throws IOException {
        InboxDrop drop = new InboxDrop(inbox, "mail", "<a@x>");
        drop.reset();
        drop.write("part-1", bytes("first"));
        assertThat(visible()).isEmpty();
        assertThat(drop.dir().getFileName().toString()).startsWith(".mail-");
        drop.write("part-2", bytes("second"));
        drop.seal(List.of(new InboxDrop.Entry("part-1", "a.pdf", 5), new InboxDrop.Entry("part-2", "b.pdf", 6)), Map.of());
        assertThat(visible()).isEmpty();

        assertThat(drop.place()).containsExactly("a.pdf", "b.pdf");
        assertThat(visible()).containsExactly("a.pdf", "b.pdf");
        assertThat(inbox.resolve("b.pdf")).hasContent("second");
        drop.discard();
        assertThat(drop.dir()).doesNotExist();
    }

    @Test
    void a_half_written_attempt_is_cleared_and_an_unsealed_drop_places_nothing() throws IOException {
        InboxDrop drop = new InboxDrop(inbox, "mail", "<b@x>");
        drop.reset();
        drop.write("part-1", bytes("half"));
        assertThat(drop.sealed()).isFalse();

        InboxDrop again = new InboxDrop(inbox, "mail", "<b@x>");
        again.reset();
        try (Stream<Path> s = Files.list(again.dir())) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void a_name_already_in_the_inbox_is_never_replaced() throws IOException {
        Files.writeString(inbox.resolve("scan.pdf"), "someone else's");
        InboxDrop drop = written("scan.pdf-1-4", "scan.pdf", "mine");

        assertThat(drop.place()).containsExactly("scan (2).pdf");
        assertThat(inbox.resolve("scan.pdf")).hasContent("someone else's");
        assertThat(inbox.resolve("scan (2).pdf")).hasContent("mine");
    }

    @Test
    void placing_again_after_a_stop_between_the_link_and_the_removal_places_nothing_twice() throws IOException {
        InboxDrop drop = written("<c@x>", "one.pdf", "1", "two.pdf", "2");
        // the process stopped after linking one.pdf into the inbox, before removing its temporary name
        Files.createLink(inbox.resolve("one.pdf"), drop.dir().resolve("part-0"));

        InboxDrop resumed = new InboxDrop(inbox, "mail", "<c@x>");
        assertThat(resumed.sealed()).isTrue();
        assertThat(resumed.place()).containsExactly("(placed earlier) one.pdf", "two.pdf");
        assertThat(visible()).containsExactly("one.pdf", "two.pdf");
        // and once more (a stop before the claim recorded it): still nothing new
        assertThat(new InboxDrop(inbox, "mail", "<c@x>").place())
                .containsExactly("(placed earlier) one.pdf", "(placed earlier) two.pdf");
        assertThat(visible()).containsExactly("one.pdf", "two.pdf");
    }

    @Test
    void a_placed_file_ingest_has_already_taken_away_is_not_placed_again() throws IOException {
        InboxDrop drop = written("<d@x>", "inv.pdf", "bytes");
        Files.createLink(inbox.resolve("inv.pdf"), drop.dir().resolve("part-0"));
        // ingest moved it on to staging before the drop could remove its temporary name
        Path staging = Files.createDirectories(work.resolve("staging"));
        Files.move(inbox.resolve("inv.pdf"), staging.resolve("file_1__inv.pdf"));

        assertThat(new InboxDrop(inbox, "mail", "<d@x>").place()).containsExactly("(placed earlier) inv.pdf");
        assertThat(visible()).isEmpty();
    }

    @Test
    void the_manifest_keeps_what_the_route_needs_after_a_restart() throws IOException {
        InboxDrop drop = new InboxDrop(inbox, "mail", "<e@x>");
        drop.reset();
        drop.seal(List.of(), Map.of("skipped", List.of(Map.of("name", "terms.docx", "reason", "not a PDF"))));

        InboxDrop resumed = new InboxDrop(inbox, "mail", "<e@x>");
        assertThat(resumed.entries()).isEmpty();
        assertThat(resumed.extra().get("skipped")).asList().singleElement()
                .satisfies(part -> assertThat(((Map<?, ?>) part).get("name")).isEqualTo("terms.docx"));
    }
}
