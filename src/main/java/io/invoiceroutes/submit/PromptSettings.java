package io.invoiceroutes.submit;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The prompt to submit: a sentence from a .txt file, a prompt object from a .json file, or the default fields. */
public final class PromptSettings {
    /** Default fields when no prompt file is configured. */
    static final List<String> DEFAULT_FIELDS = List.of(
            "Invoice Number", "Invoice Date", "Vendor Name", "Net Amount", "Tax Amount", "Total Amount");
    private static final Set<String> STRUCTURES = Set.of("automatic", "per_invoice", "per_line_item");

    private PromptSettings() {
    }

    /** Loads the prompt (String or Map) from the file, or the default object prompt when the path is blank. */
    public static Object load(String promptFile) {
        if (promptFile == null || promptFile.isBlank()) {
            Map<String, Object> prompt = new LinkedHashMap<>();
            prompt.put("fields", DEFAULT_FIELDS.stream().map(name -> Map.of("name", name)).toList());
            prompt.put("general_prompt", "Dates as YYYY-MM-DD; amounts as plain numbers without currency symbols.");
            return prompt;
        }
        Path path = Path.of(promptFile.trim());
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("INVOICE_PROMPT_FILE " + path.toAbsolutePath()
                    + " does not exist: point it at a .txt sentence or a .json prompt object, or leave it empty");
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            String text = Files.readString(path, StandardCharsets.UTF_8).strip();
            if (name.endsWith(".txt")) {
                if (text.isEmpty() || text.length() > 5000) {
                    throw new IllegalArgumentException("the prompt sentence in " + path
                            + " must be 1 to 5,000 characters, it has " + text.length());
                }
                return text;
            }
            if (name.endsWith(".json")) {
                Object json = new ObjectMapper().readValue(text, Object.class);
                if (!(json instanceof Map<?, ?> map) || !(map.get("fields") instanceof List<?>)) {
                    throw new IllegalArgumentException("the prompt object in " + path
                            + " must be a JSON object with a \"fields\" array (and optionally \"general_prompt\")");
                }
                return json;
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the prompt file " + path + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("INVOICE_PROMPT_FILE must end in .txt (a sentence) or .json (a prompt object): "
                + path);
    }

    /** Checks the configured output structure against the contract's enum. */
    public static String outputStructure(String value) {
        String v = value == null || value.isBlank() ? "per_invoice" : value.trim();
        if (!STRUCTURES.contains(v)) {
            throw new IllegalArgumentException("INVOICE_OUTPUT_STRUCTURE must be one of " + STRUCTURES + ", got " + v);
        }
        return v;
    }
}
