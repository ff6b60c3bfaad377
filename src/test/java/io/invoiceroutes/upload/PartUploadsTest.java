package io.invoiceroutes.upload;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartUploadsTest {
    private static final FileUpload FILE = new FileUpload("batch_1", "sess_1", 100, "file_1", "x.pdf", "/staging/x.pdf", 205);
    private final PartUploads uploads = new PartUploads();

    @Test
    void pairs_each_range_with_the_url_of_its_part_number_whatever_the_url_order() {
        List<PartRange> chunk = List.of(new PartRange(1, 0, 100), new PartRange(2, 100, 100), new PartRange(3, 200, 5));
        List<Map<String, Object>> urls = List.of(
                Map.of("part_number", 3, "url", "https://s/3"),
                Map.of("part_number", 1, "url", "https://s/1"),
                Map.of("part_number", 2L, "url", "https://s/2"));

        List<PartPut> work = uploads.pair(FILE, chunk, urls);

        assertThat(work).containsExactly(
                new PartPut("file_1", "/staging/x.pdf", 1, 0, 100, "https://s/1"),
                new PartPut("file_1", "/staging/x.pdf", 2, 100, 100, "https://s/2"),
                new PartPut("file_1", "/staging/x.pdf", 3, 200, 5, "https://s/3"));
    }

    @Test
    void ignores_urls_for_parts_outside_the_chunk() {
        List<PartPut> work = uploads.pair(FILE, List.of(new PartRange(2, 10, 10)), List.of(
                Map.of("part_number", 1, "url", "https://s/1"),
                Map.of("part_number", 2, "url", "https://s/2")));

        assertThat(work).singleElement().satisfies(p -> assertThat(p.url()).isEqualTo("https://s/2"));
    }

    @Test
    void fails_clearly_when_a_url_is_missing() {
        List<PartRange> chunk = List.of(new PartRange(1, 0, 10), new PartRange(2, 10, 10));

        assertThatThrownBy(() -> uploads.pair(FILE, chunk, List.of(Map.of("part_number", 1, "url", "https://s/1"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the API returned no URL for part 2");
    }

    @Test
    void empty_chunk_pairs_to_nothing() {
        assertThat(uploads.pair(FILE, List.of(), List.of())).isEmpty();
    }

    @Test
    void a_fresh_url_replaces_only_the_url() {
        PartPut part = new PartPut("file_1", "/staging/x.pdf", 2, 100, 100, "https://s/old");

        PartPut fresh = new UploadPlans().fresh(part, Map.of("part_urls", List.of(Map.of("part_number", 2, "url", "https://s/new"))));

        assertThat(fresh).isEqualTo(new PartPut("file_1", "/staging/x.pdf", 2, 100, 100, "https://s/new"));
        assertThatThrownBy(() -> new UploadPlans().fresh(part, Map.of("part_urls", List.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("part 2");
    }

    @Test
    void only_the_parts_without_an_etag_are_planned_again_in_chunks() {
        FileUpload file = new FileUpload("b", "s", 10, "f", "x.pdf", "/x", 45);

        List<List<PartRange>> chunks = new UploadPlans().missingChunks(file, List.of(Map.of("part_number", 2), Map.of("part_number", 4L)), 2);

        assertThat(chunks).containsExactly(List.of(new PartRange(1, 0, 10), new PartRange(3, 20, 10)), List.of(new PartRange(5, 40, 5)));
    }
}
