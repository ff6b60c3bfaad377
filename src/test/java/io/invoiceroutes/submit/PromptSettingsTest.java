package io.invoiceroutes.submit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptSettingsTest {
    @TempDir
    Path dir;

    @Test
    void default_prompt_is_an_object_with_the_six_default_fields() {
        Object prompt = PromptSettings.load(null);

        assertThat(prompt).isInstanceOf(Map.class);
        Map<?, ?> map = (Map<?, ?>) prompt;
        assertThat(map.get("fields")).isEqualTo(List.of(
                Map.of("name", "Invoice Number"), Map.of("name", "Invoice Date"), Map.of("name", "Vendor Name"),
                Map.of("name", "Net Amount"), Map.of("name", "Tax Amount"), Map.of("name", "Total Amount")));
        assertThat((String) map.get("general_prompt")).isNotBlank().hasSizeLessThanOrEqualTo(1500);
    }

    @Test
    void a_blank_path_also_gives_the_default_prompt() {
        assertThat(PromptSettings.load("   ")).isEqualTo(PromptSettings.load(""));
    }

    @Test
    void default_field_names_fit_the_contract() {
        assertThat(PromptSettings.DEFAULT_FIELDS).hasSize(6)
                .allSatisfy(name -> assertThat(name.length()).isBetween(2, 50));
    }

    @Test
    void a_txt_file_gives_its_stripped_sentence() throws IOException {
        Path file = Files.writeString(dir.resolve("prompt.txt"), "\n  Extract the invoice number and the total.  \n");

        assertThat(PromptSettings.load(file.toString())).isEqualTo("Extract the invoice number and the total.");
    }

    @Test
    void extensions_are_matched_in_any_case_and_the_path_is_trimmed() throws IOException {
        Path file = Files.writeString(dir.resolve("PROMPT.TXT"), "Totals only");

        assertThat(PromptSettings.load("  " + file + "  ")).isEqualTo("Totals only");
    }

    @Test
    void a_txt_sentence_may_have_5000_characters() throws IOException {
        Path file = Files.writeString(dir.resolve("long.txt"), "a".repeat(5000));

        assertThat((String) PromptSettings.load(file.toString())).hasSize(5000);
    }

    @Test
    void a_json_file_gives_its_prompt_object() throws IOException {
        Path file = Files.writeString(dir.resolve("prompt.json"), """
                {"fields": [{"name": "Invoice Number"}, {"name": "Total", "prompt": "Without currency"}],
                 "general_prompt": "Dates as YYYY-MM-DD"}""");

        Object prompt = PromptSettings.load(file.toString());

        assertThat(prompt).isEqualTo(Map.of(
                "fields", List.of(Map.of("name", "Invoice Number"), Map.of("name", "Total", "prompt", "Without currency")),
                "general_prompt", "Dates as YYYY-MM-DD"));
    }

    @Test
    void a_missing_file_is_refused_with_a_helpful_message() {
        String missing = dir.resolve("nope.txt").toString();

        assertThatThrownBy(() -> PromptSettings.load(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("INVOICE_PROMPT_FILE")
                .hasMessageContaining("nope.txt")
                .hasMessageContaining("does not exist")
                .hasMessageContaining("leave it empty");
    }

    @Test
    void a_directory_is_refused_like_a_missing_file() {
        assertThatThrownBy(() -> PromptSettings.load(dir.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void an_unknown_extension_is_refused_naming_the_allowed_ones() throws IOException {
        Path file = Files.writeString(dir.resolve("prompt.yaml"), "fields: []");

        assertThatThrownBy(() -> PromptSettings.load(file.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(".txt")
                .hasMessageContaining(".json")
                .hasMessageContaining("prompt.yaml");
    }

    @Test
    void an_empty_sentence_is_refused() throws IOException {
        Path file = Files.writeString(dir.resolve("empty.txt"), "  \n\t ");

        assertThatThrownBy(() -> PromptSettings.load(file.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 5,000 characters")
                .hasMessageContaining("it has 0");
    }

    @Test
    void a_sentence_over_5000_characters_is_refused() throws IOException {
        Path file = Files.writeString(dir.resolve("long.txt"), "b".repeat(5001));

        assertThatThrownBy(() -> PromptSettings.load(file.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 5,000 characters")
                .hasMessageContaining("it has 5001");
    }

    @Test
    void a_json_object_without_fields_is_refused() throws IOException {
        Path file = Files.writeString(dir.resolve("prompt.json"), "{\"general_prompt\": \"x\"}");

        assertThatThrownBy(() -> PromptSettings.load(file.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"fields\" array");
    }

    @Test
    void json_that_is_not_an_object_with_a_fields_array_is_refused() throws IOException {
        Path array = Files.writeString(dir.resolve("array.json"), "[{\"name\": \"x\"}]");
        Path fieldsObject = Files.writeString(dir.resolve("obj.json"), "{\"fields\": {\"name\": \"x\"}}");

        assertThatThrownBy(() -> PromptSettings.load(array.toString())).hasMessageContaining("\"fields\" array");
        assertThatThrownBy(() -> PromptSettings.load(fieldsObject.toString())).hasMessageContaining("\"fields\" array");
    }

    @Test
    void invalid_json_is_refused_naming_the_file() throws IOException {
        Path file = Files.writeString(dir.resolve("broken.json"), "{\"fields\": [");

        assertThatThrownBy(() -> PromptSettings.load(file.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read the prompt file")
                .hasMessageContaining("broken.json");
    }

    @Test
    void output_structure_accepts_the_contract_values() {
        assertThat(PromptSettings.outputStructure("automatic")).isEqualTo("automatic");
        assertThat(PromptSettings.outputStructure("per_invoice")).isEqualTo("per_invoice");
        assertThat(PromptSettings.outputStructure(" per_line_item ")).isEqualTo("per_line_item");
    }

    @Test
    void output_structure_defaults_to_per_invoice() {
        assertThat(PromptSettings.outputStructure(null)).isEqualTo("per_invoice");
        assertThat(PromptSettings.outputStructure("  ")).isEqualTo("per_invoice");
    }

    @Test
    void output_structure_refuses_other_values() {
        assertThatThrownBy(() -> PromptSettings.outputStructure("per_page"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("INVOICE_OUTPUT_STRUCTURE")
                .hasMessageContaining("per_page")
                .hasMessageContaining("per_line_item");
        assertThatThrownBy(() -> PromptSettings.outputStructure("PER_INVOICE"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
