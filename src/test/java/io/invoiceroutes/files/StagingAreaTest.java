package io.invoiceroutes.files;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class StagingAreaTest {
    @TempDir
    Path root;
    private Path work;
    private Path inbox;
    private StagingArea area;

    @BeforeEach
    void setUp() throws IOException {
        work = root.resolve("work");
        inbox = Files.createDirectories(root.resolve("inbox"));
        area = new StagingArea(work.toString());
    }

    private Path inboxFile(String name, String content) throws IOException {
        return Files.writeString(inbox.resolve(name), content);
    }

    @Test
    void stage_moves_the_file_into_staging_under_its_id_and_safe_name() throws IOException {
        Path source = inboxFile("Rechnung Müller #12.PDF", "pdf-bytes");

        String staged = area.stage(source.toString(), "file_abc", "Rechnung Müller #12.PDF");

        Path expected = work.resolve("staging").resolve("file_abc__Rechnung Müller #12.pdf").toAbsolutePath();
        assertThat(Path.of(staged)).isEqualTo(expected);
        assertThat(expected).hasContent("pdf-bytes");
        assertThat(source).doesNotExist();
    }

    @Test
    void stage_uses_the_safe_name_of_a_name_with_directories() throws IOException {
        Path source = inboxFile("x.pdf", "x");

        String staged = area.stage(source.toString(), "file_1", "../../etc/passwd.pdf");

        assertThat(Path.of(staged)).isEqualTo(work.resolve("staging/file_1__passwd.pdf").toAbsolutePath());
        assertThat(Path.of(staged).normalize()).startsWith(work.toAbsolutePath());
    }

    @Test
    void archive_moves_into_the_batch_folder() throws IOException {
        Path source = inboxFile("a.pdf", "A");

        String archived = area.archive(source.toString(), "batch_1", "a.pdf");

        assertThat(Path.of(archived)).isEqualTo(work.resolve("archive/batch_1/a.pdf").toAbsolutePath());
        assertThat(Path.of(archived)).hasContent("A");
        assertThat(source).doesNotExist();
    }

    @Test
    void archive_of_a_file_already_moved_is_done_not_an_error() throws IOException {
        Path source = inboxFile("a.pdf", "A");
        String first = area.archive(source.toString(), "batch_1", "a.pdf");
        // a run that moved the file but died before recording it: the next run archives it again
        String again = area.archive(source.toString(), "batch_1", "a.pdf");
        assertThat(again).isEqualTo(first);
        assertThat(Path.of(first)).hasContent("A");
    }

    @Test
    void archive_keeps_names_unique() throws IOException {
        String first = area.archive(inboxFile("one", "1").toString(), "batch_1", "invoice.pdf");
        String second = area.archive(inboxFile("two", "2").toString(), "batch_1", "invoice.pdf");
        String third = area.archive(inboxFile("three", "3").toString(), "batch_1", "invoice.pdf");

        assertThat(Path.of(first).getFileName()).hasToString("invoice.pdf");
        assertThat(Path.of(second).getFileName()).hasToString("invoice (2).pdf");
        assertThat(Path.of(third).getFileName()).hasToString("invoice (3).pdf");
        assertThat(Path.of(first)).hasContent("1");
        assertThat(Path.of(second)).hasContent("2");
        assertThat(Path.of(third)).hasContent("3");
    }

    @Test
    void quarantine_moves_into_the_error_folder_and_returns_the_name() throws IOException {
        Path source = inboxFile("bad.pdf", "bad");

        String name = area.quarantine(source.toString(), "encrypted", "bad.pdf");

        assertThat(name).isEqualTo("bad.pdf");
        assertThat(work.resolve("errors/encrypted/bad.pdf")).hasContent("bad");
        assertThat(source).doesNotExist();
    }

    @Test
    void quarantine_keeps_names_unique() throws IOException {
        String first = area.quarantine(inboxFile("x1", "1").toString(), "rate-limited", "name.pdf");
        String second = area.quarantine(inboxFile("x2", "2").toString(), "rate-limited", "name.pdf");

        assertThat(first).isEqualTo("name.pdf");
        assertThat(second).isEqualTo("name (2).pdf");
        assertThat(work.resolve("errors/rate-limited/name.pdf")).hasContent("1");
        assertThat(work.resolve("errors/rate-limited/name (2).pdf")).hasContent("2");
    }

    @Test
    void quarantine_of_a_missing_source_returns_the_safe_name_without_throwing() throws IOException {
        String name = area.quarantine(inbox.resolve("gone.pdf").toString(), "failed", "../gone.PDF");

        assertThat(name).isEqualTo("gone.pdf");
        assertThat(work.resolve("errors/failed/gone.pdf")).doesNotExist();
    }

    @Test
    void quarantine_folder_cannot_escape_the_work_dir() throws IOException {
        area.quarantine(inboxFile("e.pdf", "e").toString(), "../../outside", "e.pdf");

        assertThat(root.resolve("outside")).doesNotExist();
        try (var files = Files.walk(work)) {
            assertThat(files.filter(p -> p.getFileName().toString().equals("e.pdf")))
                    .singleElement().satisfies(p -> assertThat(p).startsWith(work.resolve("errors")));
        }
    }

    @Test
    void inside_creates_the_folder_under_the_work_dir() throws IOException {
        Path dir = area.inside("errors", "rate-limited");

        assertThat(dir).isEqualTo(work.resolve("errors/rate-limited").toAbsolutePath()).isDirectory();
    }

    @Test
    void inside_refuses_parts_that_would_leave_the_work_dir() throws IOException {
        Path workAbs = work.toAbsolutePath().normalize();

        for (String[] parts : new String[][]{{".."}, {"..", ".."}, {"../../etc"}, {"/etc"}, {"a/../../b"},
                {"..\\.."}, {"C:\\Windows"}}) {
            Path dir = area.inside(parts);
            assertThat(dir).as(String.join(",", parts)).startsWith(workAbs).isNotEqualTo(workAbs);
        }
        assertThat(root.resolve("etc")).doesNotExist();
        assertThat(root.resolve("b")).doesNotExist();
    }

    @Test
    void inside_replaces_spaces_in_folder_names() throws IOException {
        assertThat(area.inside("archive", "batch one").getFileName()).hasToString("batch_one");
    }

    @Test
    void work_dir_is_resolved_to_an_absolute_normalised_path() throws IOException {
        StagingArea relative = new StagingArea(work + "/./sub/..");

        assertThat(relative.inside("staging")).isEqualTo(work.toAbsolutePath().normalize().resolve("staging"));
    }

    @Test
    void an_eighty_character_cjk_name_is_staged_quarantined_and_archived_within_the_file_systems_255_bytes()
            throws IOException {
        String name = "請".repeat(80) + ".pdf"; // 244 bytes: a valid inbox name, too long behind "<file_id>__"
        Path source = inboxFile(name, "cjk");

        String staged = area.stage(source.toString(), "file_0123456789abcdef0123", name);
        String quarantined = area.quarantine(staged, "rejected", name);
        Path sidecar = work.resolve("errors/rejected").resolve(".tmp-" + quarantined + ".error.json");
        Files.writeString(sidecar, "{}");
        String archived = area.archive(work.resolve("errors/rejected").resolve(quarantined).toString(), "batch_1", name);

        assertThat(Path.of(staged).getFileName().toString()).startsWith("file_0123456789abcdef0123__請").endsWith(".pdf");
        assertThat(quarantined).startsWith("請").endsWith(".pdf");
        assertThat(Path.of(archived)).hasContent("cjk");
        assertThat(Path.of(archived).getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(FileNames.MAX_NAME_BYTES);
    }
}
