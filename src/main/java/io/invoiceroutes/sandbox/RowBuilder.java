package io.invoiceroutes.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds output columns and rows (one per invoice file) from the prompt and the page texts, flagging unreadable fields. */
final class RowBuilder {
    static final List<String> DEFAULT_FIELDS = List.of("Invoice Number", "Invoice Date", "Vendor Name", "Total Amount");
    private static final Pattern NUMBER = Pattern.compile("(?i)invoice\\s*(?:no\\.?|number|#|nr\\.?)\\s*[:#.]?\\s*([A-Za-z0-9][A-Za-z0-9/_-]{2,})");
    private static final Pattern DATE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}|\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}|[A-Z][a-z]{2,8} \\d{1,2}, \\d{4}|\\d{1,2} [A-Z][a-z]{2,8} \\d{4})");
    private static final Pattern TOTAL = Pattern.compile("(?i)total[^\\n\\d]{0,40}?([0-9][0-9.,]*[0-9])");

    final List<String> fields = new ArrayList<>();
    final List<String> columns = new ArrayList<>();
    final List<Map<String, Object>> rows = new ArrayList<>();
    final ArrayNode review = Json.arr();

    RowBuilder(JsonNode prompt, JsonNode options) {
        if (prompt.isObject()) {
            prompt.path("fields").forEach(f -> fields.add(f.path("name").asText()));
        } else {
            fields.addAll(DEFAULT_FIELDS);
        }
        columns.addAll(fields);
        List<String> excluded = new ArrayList<>();
        options.path("exclude_columns").forEach(n -> excluded.add(n.asText()));
        if (!excluded.contains("source_file")) {
            columns.add("Source File");
        }
        if (!excluded.contains("review_needed")) {
            columns.add("Review Needed");
        }
    }

    /** Adds the row of one invoice document read from the given successful pages. */
    void addInvoice(String fileName, List<String> pageTexts, List<Integer> pages, boolean typed) {
        String text = String.join("\n", pageTexts);
        Map<String, Object> row = new LinkedHashMap<>();
        List<String> uncertain = new ArrayList<>();
        for (String f : fields) {
            String v = guess(f, text);
            if (v == null) {
                uncertain.add(f);
            }
            row.put(f, typed ? typedValue(f, v) : (v == null ? "" : v));
        }
        String source = fileName + " (Page " + (pages.isEmpty() ? 1 : pages.get(0)) + ")";
        if (columns.contains("Source File")) {
            row.put("Source File", source);
        }
        int rowNumber = rows.size() + 1;
        String reviewText = null;
        if (!uncertain.isEmpty()) {
            reviewText = "Check " + String.join(", ", uncertain) + ": not found with confidence in " + source + ".";
            var item = review.addObject();
            item.put("message", reviewText);
            uncertain.forEach(item.putArray("affected_fields")::add);
            item.putArray("output_row_numbers").add(rowNumber);
            item.putArray("source_references").add(source);
        }
        if (columns.contains("Review Needed")) {
            row.put("Review Needed", reviewText == null ? (typed ? null : "") : reviewText);
        }
        rows.add(row);
    }

    private static Object typedValue(String field, String v) {
        if (v == null) {
            return null;
        }
        String lower = field.toLowerCase(Locale.ROOT);
        if (lower.contains("amount") || lower.contains("total") || lower.contains("quantity") || lower.contains("rate")) {
            try {
                String n = v.replace(",", v.contains(".") ? "" : ".");
                return new java.math.BigDecimal(n);
            } catch (NumberFormatException e) {
                return v;
            }
        }
        return v;
    }

    static String guess(String field, String text) {
        String lower = field.toLowerCase(Locale.ROOT);
        Matcher m;
        if (lower.contains("number") || lower.contains("invoice no")) {
            m = NUMBER.matcher(text);
            return m.find() ? m.group(1) : null;
        }
        if (lower.contains("date")) {
            m = DATE.matcher(text);
            return m.find() ? m.group(1) : null;
        }
        if (lower.contains("total") || lower.contains("amount")) {
            m = TOTAL.matcher(text);
            return m.find() ? m.group(1) : null;
        }
        if (lower.contains("vendor") || lower.contains("supplier") || lower.contains("seller")) {
            for (String line : text.split("\\R")) {
                if (line.strip().length() >= 3) {
                    return line.strip();
                }
            }
        }
        return null;
    }
}
