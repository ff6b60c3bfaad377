package io.invoiceroutes.sandbox;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.invoiceroutes.sandbox.output.FieldReader;
import io.invoiceroutes.sandbox.output.FieldReading;
import io.invoiceroutes.sandbox.output.OutputRenderer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the documents of one extraction into the contract's output: columns, rows, Review Needed items,
 * AI uncertainty notes and the three files. Field values come from FieldReader, files from OutputRenderer;
 * the rows the results endpoint serves are read back from the JSON file so both always agree.
 */
final class ExtractionOutput {
    static final String SOURCE_FILE = "Source File";
    static final String REVIEW_NEEDED = "Review Needed";
    static final String PER_INVOICE = "per_invoice";
    static final String PER_LINE_ITEM = "per_line_item";

    /** Reads the JSON file back without turning amounts into doubles or dropping their trailing zeros. */
    private static final ObjectMapper EXACT = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private final List<String> fields = new ArrayList<>();
    private final boolean sentencePrompt;
    private final String structure;
    private final List<String> dataColumns;
    private final List<String> columns = new ArrayList<>();
    private final boolean typed;
    private final String fillColor;
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private final Set<Integer> reviewRowIndexes = new TreeSet<>();
    private final ArrayNode reviewItems = Json.arr();
    /** How many rows left each field uncertain, in the order fields first became uncertain. */
    private final Map<String, Integer> uncertainRows = new LinkedHashMap<>();
    private byte[] json;

    /** Columns and structure from the submission: prompt fields, the resolved structure and the options. */
    ExtractionOutput(JsonNode request, JsonNode options) {
        JsonNode prompt = request.path("prompt");
        sentencePrompt = !prompt.isObject();
        if (sentencePrompt) {
            fields.addAll(FieldReader.DEFAULT_FIELDS);
        } else {
            prompt.path("fields").forEach(f -> fields.add(f.path("name").asText()));
        }
        // The contract resolves automatic to per_invoice or per_line_item; the sandbox always picks per_invoice.
        structure = PER_LINE_ITEM.equals(request.path("output_structure").asText()) ? PER_LINE_ITEM : PER_INVOICE;
        dataColumns = new ArrayList<>(fields);
        if (structure.equals(PER_LINE_ITEM)) {
            // Without these two columns every line item row of an invoice would look the same.
            for (String c : List.of(FieldReader.LINE_ITEM_DESCRIPTION, FieldReader.LINE_ITEM_AMOUNT)) {
                if (!dataColumns.contains(c)) {
                    dataColumns.add(c);
                }
            }
        }
        columns.addAll(dataColumns);
        List<String> excluded = new ArrayList<>();
        options.path("exclude_columns").forEach(n -> excluded.add(n.asText()));
        if (!excluded.contains("source_file")) {
            columns.add(SOURCE_FILE);
        }
        if (!excluded.contains("review_needed")) {
            columns.add(REVIEW_NEEDED);
        }
        typed = options.path("json_typed_values").asBoolean(false);
        fillColor = options.path("review_needed_fill_color").asText("orange");
    }

    String structure() {
        return structure;
    }

    List<String> columns() {
        return List.copyOf(columns);
    }

    /**
     * Adds the rows of one document. pageTexts holds every page in order (a failed page as ""), so the page
     * numbers FieldReader reports are the document's own; firstGoodPage replaces a page that failed.
     */
    void addDocument(String fileName, List<String> pageTexts, Set<Integer> failedPages, int firstGoodPage) {
        List<FieldReading> readings = structure.equals(PER_LINE_ITEM)
                ? FieldReader.readLineItems(pageTexts, fields)
                : List.of(FieldReader.read(pageTexts, fields));
        ObjectNode item = null;
        Map<String, String> itemUncertain = null;
        for (FieldReading reading : readings) {
            int page = failedPages.contains(reading.page()) ? firstGoodPage : reading.page();
            String source = fileName + " (Page " + page + ")";
            Map<String, Object> row = new LinkedHashMap<>();
            dataColumns.forEach(c -> row.put(c, reading.values().get(c)));
            row.put(SOURCE_FILE, source);
            String message = null;
            if (reading.needsReview()) {
                // Line item rows of one invoice share its doubts: one item lists all of their rows.
                if (item == null || !itemUncertain.equals(reading.uncertain())) {
                    item = reviewItem(fileName, reading.uncertain());
                    itemUncertain = reading.uncertain();
                }
                item.withArray("output_row_numbers").add(rows.size() + 1);
                addOnce(item.withArray("source_references"), source);
                reading.uncertain().keySet().forEach(f -> uncertainRows.merge(f, 1, Integer::sum));
                reviewRowIndexes.add(rows.size());
                message = item.path("message").asText();
            } else {
                item = null;
            }
            row.put(REVIEW_NEEDED, message);
            row.keySet().retainAll(columns);
            rows.add(row);
        }
    }

    private static void addOnce(ArrayNode array, String value) {
        for (JsonNode n : array) {
            if (n.asText().equals(value)) {
                return;
            }
        }
        array.add(value);
    }

    private ObjectNode reviewItem(String fileName, Map<String, String> uncertain) {
        List<String> parts = new ArrayList<>();
        uncertain.forEach((field, reason) -> parts.add(field + " (" + reason + ")"));
        ObjectNode item = reviewItems.addObject();
        item.put("message", "Check " + String.join(", ", parts) + " against " + fileName
                + "; the sandbox could not read " + (uncertain.size() == 1 ? "it" : "them") + " with confidence.");
        uncertain.keySet().forEach(item.putArray("affected_fields")::add);
        item.putArray("output_row_numbers");
        item.putArray("source_references");
        return item;
    }

    ArrayNode reviewItems() {
        return reviewItems.deepCopy();
    }

    /** One prompt note when any field was uncertain, none otherwise. */
    ArrayNode notes() {
        ArrayNode notes = Json.arr();
        if (uncertainRows.isEmpty()) {
            return notes;
        }
        List<String> counted = new ArrayList<>();
        uncertainRows.forEach((f, n) -> counted.add(f + " (" + n + (n == 1 ? " row" : " rows") + ")"));
        String description = "I could not read every requested field with confidence: " + String.join(", ", counted)
                + ". Those cells are empty or hold my best reading, and the rows are listed under review_needed.";
        if (sentencePrompt) {
            description += " Your prompt was a sentence, so I extracted the default invoice fields "
                    + String.join(", ", FieldReader.DEFAULT_FIELDS) + ".";
        }
        ObjectNode note = notes.addObject();
        note.put("topic", "Fields that were hard to find");
        note.put("description", description);
        ArrayNode additions = note.putArray("suggested_prompt_additions");
        ObjectNode locate = additions.addObject();
        locate.put("purpose", "To help find these fields");
        ArrayNode instructions = locate.putArray("instructions");
        uncertainRows.keySet().forEach(f -> instructions.add("Describe the label or place where " + f
                + " appears on these invoices, and what to write when it is missing"));
        if (sentencePrompt) {
            ObjectNode choose = additions.addObject();
            choose.put("purpose", "To choose the exact columns");
            choose.putArray("instructions").add("Send the prompt as an object naming each field");
        }
        return notes;
    }

    /** Writes output.xlsx, output.csv and output.json into dir once every document is added; returns them by format. */
    Map<String, Path> write(Path dir) throws IOException {
        json = OutputRenderer.json(columns, rows, typed);
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("xlsx", Files.write(dir.resolve("output.xlsx"),
                OutputRenderer.xlsx(columns, rows, reviewRowIndexes, fillColor)));
        files.put("csv", Files.write(dir.resolve("output.csv"), OutputRenderer.csv(columns, rows)));
        files.put("json", Files.write(dir.resolve("output.json"), json));
        return files;
    }

    /** The rows exactly as the written JSON output file holds them, for the results endpoint; call after write. */
    ArrayNode jsonRows() throws IOException {
        return (ArrayNode) EXACT.readTree(json);
    }
}
