package io.invoiceroutes.submit;

import io.invoiceroutes.api.ApiRequest;
import io.invoiceroutes.upload.FileUpload;

import io.invoiceroutes.upload.PartRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ApiRequestsTest {
    private static final Object PROMPT = Map.of("fields", List.of(Map.of("name", "Invoice Number")));
    private final ApiRequests requests = new ApiRequests(PROMPT, "per_invoice", false, "Camel");

    private static Map<String, Object> row(String fileId, String name, long size) {
        return Map.of("file_id", fileId, "api_file_name", name, "size_bytes", size);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(ApiRequest request) {
        return (Map<String, Object>) request.body();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> files(Map<String, Object> body) {
        return (List<Map<String, Object>>) body.get("files");
    }

    @Test
    void create_session_lists_files_sorted_by_file_id() {
        Map<String, Object> body = body(requests.createSession("sess_1", List.of(
                row("file_c", "c.pdf", 3), row("file_a", "a.pdf", 1), row("file_b", "b.png", 2))));

        assertThat(body.keySet()).containsExactly("upload_session_id", "files");
        assertThat(body).containsEntry("upload_session_id", "sess_1");
        assertThat(files(body)).extracting(f -> f.get("file_id")).containsExactly("file_a", "file_b", "file_c");
        assertThat(files(body).get(0)).containsExactly(
                Map.entry("file_id", "file_a"), Map.entry("file_name", "a.pdf"), Map.entry("file_size_bytes", 1L));
    }

    @Test
    void create_session_reads_sizes_of_any_number_type_as_long() {
        Map<String, Object> body = body(requests.createSession("s", List.of(
                Map.of("file_id", "f1", "api_file_name", "a.pdf", "size_bytes", 120_450))));

        assertThat(files(body).get(0).get("file_size_bytes")).isEqualTo(120_450L);
    }

    @Test
    void create_session_makes_names_unique_ignoring_case_in_file_id_order() {
        Map<String, Object> body = body(requests.createSession("sess_1", List.of(
                row("file_3", "invoice.pdf", 30),
                row("file_1", "Invoice.pdf", 10),
                row("file_2", "INVOICE.PDF", 20),
                row("file_4", "other.pdf", 40))));

        assertThat(files(body)).extracting(f -> f.get("file_name"))
                .containsExactly("Invoice.pdf", "INVOICE (2).pdf", "invoice (3).pdf", "other.pdf");
    }

    @Test
    void create_session_is_identical_for_the_same_files_in_any_order() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rows.add(row(String.format("file_%02d", i), i % 3 == 0 ? "Scan.pdf" : "scan.PDF", i + 1));
        }
        Map<String, Object> expected = body(requests.createSession("sess_x", rows));

        Random random = new Random(7);
        for (int round = 0; round < 10; round++) {
            List<Map<String, Object>> shuffled = new ArrayList<>(rows);
            Collections.shuffle(shuffled, random);
            assertThat(body(requests.createSession("sess_x", shuffled))).isEqualTo(expected);
        }
        assertThat(files(expected)).extracting(f -> ((String) f.get("file_name")).toLowerCase())
                .doesNotHaveDuplicates();
    }

    @Test
    void part_urls_lists_the_part_numbers_of_the_chunk() {
        Map<String, Object> body = body(requests.partUrls(new FileUpload("b", "sess_1", 100, "file_1", "x.pdf", "/s/x", 407),
                List.of(new PartRange(3, 200, 100), new PartRange(4, 300, 100), new PartRange(5, 400, 7))));

        assertThat(body).containsExactly(Map.entry("file_id", "file_1"), Map.entry("part_numbers", List.of(3, 4, 5)));
    }

    @Test
    void complete_lists_the_recorded_parts_with_their_etags() {
        Map<String, Object> body = body(requests.complete(new FileUpload("b", "sess_1", 100, "file_1", "x.pdf", "/s/x", 407), List.of(
                Map.of("part_number", 1L, "e_tag", "\"e1\""),
                Map.of("part_number", 2, "e_tag", "\"e2\""))));

        assertThat(body).containsEntry("file_id", "file_1");
        assertThat(body.get("parts")).isEqualTo(List.of(
                Map.of("part_number", 1, "e_tag", "\"e1\""),
                Map.of("part_number", 2, "e_tag", "\"e2\"")));
    }

    @Test
    void submit_body_has_every_field_in_contract_form() {
        Map<String, Object> body = body(requests.submit("sub_1", "sess_1", "batch_abc",
                List.of(row("file_b", "b.pdf", 2), row("file_a", "a.pdf", 1))));

        assertThat(body.keySet()).containsExactly("submission_id", "upload_session_id", "file_ids", "task_name",
                "prompt", "output_structure", "options");
        assertThat(body).containsEntry("submission_id", "sub_1")
                .containsEntry("upload_session_id", "sess_1")
                .containsEntry("file_ids", List.of("file_a", "file_b"))
                .containsEntry("task_name", "Camel batch_abc")
                .containsEntry("prompt", PROMPT)
                .containsEntry("output_structure", "per_invoice")
                .containsEntry("options", Map.of("json_typed_values", true, "ask_questions", false));
    }

    @Test
    void submit_passes_ask_questions_through() {
        ApiRequests asking = new ApiRequests("Extract totals", "automatic", true, null);

        Map<String, Object> body = body(asking.submit("sub", "sess", "batch_1", List.of(row("f", "a.pdf", 1))));

        assertThat(body).containsEntry("prompt", "Extract totals").containsEntry("output_structure", "automatic");
        assertThat(body.get("options")).isEqualTo(Map.of("json_typed_values", true, "ask_questions", true));
    }

    @Test
    void submit_is_identical_for_every_retry() {
        List<Map<String, Object>> rows = List.of(row("f2", "b.pdf", 2), row("f1", "a.pdf", 1), row("f3", "c.pdf", 3));

        assertThat(body(requests.submit("sub", "sess", "batch_1", rows)))
                .isEqualTo(body(requests.submit("sub", "sess", "batch_1", List.of(rows.get(2), rows.get(0), rows.get(1)))));
    }

    @Test
    void every_request_names_its_method_path_and_rate_group() {
        FileUpload file = new FileUpload("b", "sess_1", 100, "file_1", "x.pdf", "/s/x", 407);
        ApiRequest session = requests.createSession("sess_1", List.of(row("file_1", "x.pdf", 407)));
        assertThat(session.method()).isEqualTo("POST");
        assertThat(session.path()).isEqualTo("/uploads/sessions");
        assertThat(session.group()).isEqualTo("uploads");
        assertThat(requests.partUrls(file, List.of(new PartRange(1, 0, 100))).path()).isEqualTo("/uploads/sessions/sess_1/parts");
        assertThat(requests.complete(file, List.of()).path()).isEqualTo("/uploads/sessions/sess_1/complete");
        ApiRequest submit = requests.submit("sub", "sess_1", "batch_1", List.of(row("file_1", "x.pdf", 1)));
        assertThat(submit.path()).isEqualTo("/extractions");
        assertThat(submit.group()).isEqualTo("writes");
        ApiRequest held = requests.status("e1", 25);
        assertThat(held.method()).isEqualTo("GET");
        assertThat(held.query()).isEqualTo("wait=25");
        assertThat(held.group()).isEqualTo("status");
        assertThat(requests.status("e1", 0).query()).isNull();
        ApiRequest cancel = requests.cancel("e1");
        assertThat(cancel.path()).isEqualTo("/extractions/e1/cancel");
        assertThat(cancel.body()).as("the cancel request has no body").isNull();
        assertThat(cancel.group()).isEqualTo("writes");
        assertThat(requests.output("e1", " csv").query()).isEqualTo("format=csv");
        assertThat(requests.output("e1", "csv").group()).isEqualTo("writes");
        assertThat(requests.balance().path()).isEqualTo("/credits/balance");
        assertThat(requests.balance().group()).isEqualTo("reads");
        assertThat(requests.answers("e1", Map.of("answers", List.of())).path()).isEqualTo("/extractions/e1/answers");
    }

    @Test
    void task_name_is_the_prefix_and_the_batch_id() {
        assertThat(requests.taskName("batch_1")).isEqualTo("Camel batch_1");
        assertThat(new ApiRequests(PROMPT, "per_invoice", false, "  ").taskName("batch_1")).isEqualTo("batch_1");
    }

    @Test
    void task_name_is_cut_to_40_characters() {
        String name = new ApiRequests(PROMPT, "per_invoice", false, "Invoices from the accounts inbox")
                .taskName("batch_0123456789abcdef0123");

        assertThat(name).hasSize(40).startsWith("Invoices from the accounts inbox batch_0");
    }

    @Test
    void task_name_is_padded_to_3_characters() {
        ApiRequests noPrefix = new ApiRequests(PROMPT, "per_invoice", false, null);

        assertThat(noPrefix.taskName("b")).isEqualTo("b__");
        assertThat(noPrefix.taskName("")).isEqualTo("___");
        assertThat(noPrefix.taskName("abc")).isEqualTo("abc");
    }

    @Test
    void task_name_length_stays_within_the_contract_bounds() {
        ApiRequests longPrefix = new ApiRequests(PROMPT, "per_invoice", false, "p".repeat(100));
        ApiRequests none = new ApiRequests(PROMPT, "per_invoice", false, "");
        for (String batch : new String[]{"", "b", "batch_1", "x".repeat(80)}) {
            assertThat(longPrefix.taskName(batch).length()).isBetween(3, 40);
            assertThat(none.taskName(batch).length()).isBetween(3, 40);
            assertThat(requests.taskName(batch).length()).isBetween(3, 40);
        }
    }
}
