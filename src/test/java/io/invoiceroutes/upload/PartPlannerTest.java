package io.invoiceroutes.upload;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartPlannerTest {
    private static final long MB8 = 8L * 1024 * 1024;
    private final PartPlanner planner = new PartPlanner();

    @Test
    void exact_multiple_gives_equal_parts() {
        List<PartRange> parts = planner.plan(3 * MB8, MB8);

        assertThat(parts).containsExactly(
                new PartRange(1, 0, MB8),
                new PartRange(2, MB8, MB8),
                new PartRange(3, 2 * MB8, MB8));
    }

    @Test
    void last_part_is_shorter_when_size_is_not_a_multiple() {
        List<PartRange> parts = planner.plan(2 * MB8 + 123, MB8);

        assertThat(parts).hasSize(3);
        assertThat(parts.get(2)).isEqualTo(new PartRange(3, 2 * MB8, 123));
    }

    @Test
    void parts_are_numbered_from_one_and_cover_the_file_without_gaps() {
        long size = 1_000_003;
        List<PartRange> parts = planner.plan(size, 1000);

        assertThat(parts).hasSize(1001);
        long expectedOffset = 0;
        for (int i = 0; i < parts.size(); i++) {
            PartRange p = parts.get(i);
            assertThat(p.partNumber()).isEqualTo(i + 1);
            assertThat(p.offset()).isEqualTo(expectedOffset);
            assertThat(p.length()).isPositive();
            expectedOffset += p.length();
        }
        assertThat(expectedOffset).isEqualTo(size);
        assertThat(parts.get(1000).length()).isEqualTo(3);
    }

    @Test
    void one_byte_file_is_one_part_of_one_byte() {
        assertThat(planner.plan(1, MB8)).containsExactly(new PartRange(1, 0, 1));
    }

    @Test
    void file_smaller_than_part_size_is_one_part_of_its_size() {
        assertThat(planner.plan(120_450, MB8)).containsExactly(new PartRange(1, 0, 120_450));
    }

    @Test
    void file_of_exactly_one_part_size_is_one_part() {
        assertThat(planner.plan(MB8, MB8)).containsExactly(new PartRange(1, 0, MB8));
    }

    @Test
    void offsets_beyond_int_range_do_not_overflow() {
        long size = 150L * 1024 * 1024 * 1024; // 150 GiB at 16 MiB parts: 9,600 parts
        List<PartRange> parts = planner.plan(size, 16L * 1024 * 1024);

        PartRange last = parts.get(parts.size() - 1);
        assertThat(last.offset() + last.length()).isEqualTo(size);
        assertThat(last.offset()).isGreaterThan(Integer.MAX_VALUE);
    }

    @Test
    void refuses_a_file_of_zero_bytes() {
        assertThatThrownBy(() -> planner.plan(0, MB8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one byte");
    }

    @Test
    void refuses_a_negative_size() {
        assertThatThrownBy(() -> planner.plan(-5, MB8)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refuses_a_part_size_that_is_not_positive() {
        assertThatThrownBy(() -> planner.plan(100, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("part size");
    }

    @Test
    void allows_exactly_ten_thousand_parts() {
        assertThat(planner.plan(10_000, 1)).hasSize(10_000);
    }

    @Test
    void refuses_more_than_ten_thousand_parts() {
        assertThatThrownBy(() -> planner.plan(10_001, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10001 parts")
                .hasMessageContaining("10000");
    }

    @Test
    void missing_skips_the_recorded_part_numbers() {
        List<Map<String, Object>> uploaded = List.of(
                Map.of("part_number", 1, "e_tag", "\"a\""),
                Map.of("part_number", 3L, "e_tag", "\"c\""));

        List<PartRange> missing = planner.missing(4 * 100 + 7, 100, uploaded);

        assertThat(missing).extracting(PartRange::partNumber).containsExactly(2, 4, 5);
        assertThat(missing.get(2)).isEqualTo(new PartRange(5, 400, 7));
    }

    @Test
    void missing_is_the_whole_plan_when_nothing_was_recorded() {
        assertThat(planner.missing(250, 100, List.of())).isEqualTo(planner.plan(250, 100));
    }

    @Test
    void missing_is_empty_when_every_part_was_recorded() {
        List<Map<String, Object>> uploaded = List.of(Map.of("part_number", 1), Map.of("part_number", 2));

        assertThat(planner.missing(200, 100, uploaded)).isEmpty();
    }

    @Test
    void chunks_group_parts_in_order_with_a_short_last_chunk() {
        List<PartRange> parts = planner.plan(2_500, 1);

        List<List<PartRange>> chunks = planner.chunks(parts, 1000);

        assertThat(chunks).extracting(List::size).containsExactly(1000, 1000, 500);
        assertThat(chunks.get(1).get(0).partNumber()).isEqualTo(1001);
        List<PartRange> flattened = new ArrayList<>();
        chunks.forEach(flattened::addAll);
        assertThat(flattened).isEqualTo(parts);
    }

    @Test
    void chunks_honour_a_smaller_request_size() {
        List<List<PartRange>> chunks = planner.chunks(planner.plan(7, 1), 3);

        assertThat(chunks).extracting(List::size).containsExactly(3, 3, 1);
    }

    @Test
    void chunks_cap_a_larger_request_at_one_thousand() {
        List<List<PartRange>> chunks = planner.chunks(planner.plan(2_001, 1), 5_000);

        assertThat(chunks).extracting(List::size).containsExactly(1000, 1000, 1);
    }

    @Test
    void chunks_of_a_non_positive_request_size_hold_one_part_each() {
        assertThat(planner.chunks(planner.plan(3, 1), 0)).extracting(List::size).containsExactly(1, 1, 1);
    }

    @Test
    void chunks_of_no_parts_are_empty() {
        assertThat(planner.chunks(List.of(), 1000)).isEmpty();
    }

    @Test
    void chunks_are_immutable_copies() {
        List<PartRange> parts = new ArrayList<>(planner.plan(3, 1));
        List<List<PartRange>> chunks = planner.chunks(parts, 1000);
        parts.clear();

        assertThat(chunks.get(0)).hasSize(3);
        assertThatThrownBy(() -> chunks.get(0).add(new PartRange(4, 3, 1)))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
