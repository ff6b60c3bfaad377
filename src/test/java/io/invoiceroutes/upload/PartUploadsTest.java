package io.invoiceroutes.upload;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartUploadsTest {
    private final PartUploads uploads = new PartUploads();

    @Test
    void pairs_each_range_with_the_url_of_its_part_number_whatever_the_url_order() {
        List<PartRange> chunk = List.of(new PartRange(1, 0, 100), new PartRange(2, 100, 100), new PartRange(3, 200, 5));
        List<Map<String, Object>> urls = List.of(
                Map.of("part_number", 3, "url", "https://s/3"),
                Map.of("part_number", 1, "url", "https://s/1"),
                Map.of("part_number", 2L, "url", "https://s/2"));

        List<Map<String, Object>> work = uploads.pair(chunk, urls);

        assertThat(work).hasSize(3);
        assertThat(work.get(0)).containsExactly(
                Map.entry("partNumber", 1), Map.entry("offset", 0L), Map.entry("length", 100L),
                Map.entry("url", "https://s/1"));
        assertThat(work).extracting(m -> m.get("url")).containsExactly("https://s/1", "https://s/2", "https://s/3");
        assertThat(work.get(2)).containsEntry("offset", 200L).containsEntry("length", 5L);
    }

    @Test
    void ignores_urls_for_parts_outside_the_chunk() {
        List<Map<String, Object>> work = uploads.pair(List.of(new PartRange(2, 10, 10)), List.of(
                Map.of("part_number", 1, "url", "https://s/1"),
                Map.of("part_number", 2, "url", "https://s/2")));

        assertThat(work).singleElement().satisfies(m -> assertThat(m).containsEntry("url", "https://s/2"));
    }

    @Test
    void fails_clearly_when_a_url_is_missing() {
        List<PartRange> chunk = List.of(new PartRange(1, 0, 10), new PartRange(2, 10, 10));

        assertThatThrownBy(() -> uploads.pair(chunk, List.of(Map.of("part_number", 1, "url", "https://s/1"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the API returned no URL for part 2");
    }

    @Test
    void empty_chunk_pairs_to_nothing() {
        assertThat(uploads.pair(List.of(), List.of())).isEmpty();
    }
}
