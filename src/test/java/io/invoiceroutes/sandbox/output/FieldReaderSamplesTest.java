package io.invoiceroutes.sandbox.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.invoiceroutes.document.DocumentInspector;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the field rules over the real sample invoices and compares with what invoice2data's templates found. */
class FieldReaderSamplesTest {

    static final Path SAMPLES = io.invoiceroutes.testing.Samples.root();
    static final List<String> FIELDS = List.of("Invoice Number", "Invoice Date", "Vendor Name", "Total Amount",
            "Net Amount", "Tax Amount", "Currency");

    @Test
    void finds_most_fields_of_the_sample_invoices() throws IOException {
        int compared = 0;
        int hits = 0;
        int numberOrTotal = 0;
        int samples = 0;
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-24s", "sample"));
        FIELDS.forEach(f -> table.append(String.format(Locale.ROOT, " | %-14s", f)));
        table.append(" | line items (found/expected)\n");
        for (Path expectedFile : expectedFiles()) {
            String name = expectedFile.getFileName().toString().replace(".json", "");
            JsonNode expected = new ObjectMapper().readTree(expectedFile.toFile()).get(0);
            List<String> pages = DocumentInspector.pageTexts(SAMPLES.resolve("invoices/" + name + ".pdf"), 50);
            FieldReading reading = FieldReader.read(pages, FIELDS);
            samples++;
            table.append(String.format(Locale.ROOT, "%-24s", name));
            boolean numberOk = false;
            boolean totalOk = false;
            for (String field : FIELDS) {
                Object found = reading.values().get(field);
                Boolean ok = matches(field, found, expected);
                if (ok != null) {
                    compared++;
                    hits += ok ? 1 : 0;
                }
                numberOk |= field.equals("Invoice Number") && Boolean.TRUE.equals(ok);
                totalOk |= field.equals("Total Amount") && Boolean.TRUE.equals(ok);
                String mark = ok == null ? "  " : ok ? "✓ " : "✗ ";
                String shown = found == null ? "-" : found instanceof BigDecimal b ? b.toPlainString() : found.toString();
                table.append(String.format(Locale.ROOT, " | %-14.14s", mark + shown));
            }
            numberOrTotal += numberOk || totalOk ? 1 : 0;
            table.append(String.format(Locale.ROOT, " | %d/%d%n", LineItemDetector.detect(pages).size(),
                    expectedLineCount(expected)));
            assertThat(reading.values()).containsOnlyKeys(FIELDS);
        }
        table.append(String.format(Locale.ROOT, "hit rate: %d/%d compared values (%.0f%%); invoice number or total"
                + " right on %d/%d samples%n", hits, compared, 100.0 * hits / compared, numberOrTotal, samples));
        System.out.println(table);

        assertThat(samples).isEqualTo(8);
        assertThat(numberOrTotal).isGreaterThanOrEqualTo(7);
        assertThat((double) hits / compared).isGreaterThanOrEqualTo(0.7);
    }

    @Test
    void line_item_rows_repeat_invoice_fields() {
        List<String> pages = DocumentInspector.pageTexts(SAMPLES.resolve("invoices/AmazonWebServices.pdf"), 10);
        List<FieldReading> rows = FieldReader.readLineItems(pages, List.of("Invoice Number", "Total Amount"));
        List<String> printed = rows.stream().map(r -> r.values().get(FieldReader.LINE_ITEM_DESCRIPTION) + " = "
                + r.values().get(FieldReader.LINE_ITEM_AMOUNT)).toList();
        System.out.println("AWS line items: " + printed);
        assertThat(rows).hasSize(4);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.values()).containsEntry("Invoice Number", "42183017");
            assertThat(r.values().keySet()).containsExactly("Invoice Number", "Total Amount",
                    FieldReader.LINE_ITEM_DESCRIPTION, FieldReader.LINE_ITEM_AMOUNT);
        });
        assertThat(rows.get(2).values()).containsEntry(FieldReader.LINE_ITEM_DESCRIPTION, "Amazon Glacier")
                .containsEntry(FieldReader.LINE_ITEM_AMOUNT, new BigDecimal("2.22"));
    }

    private static List<Path> expectedFiles() throws IOException {
        try (Stream<Path> files = Files.list(SAMPLES.resolve("expected"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** Whether the found value agrees with the expected one; null when the sample has nothing to compare. */
    private static Boolean matches(String field, Object found, JsonNode e) {
        switch (field) {
            case "Invoice Number":
                return e.has("invoice_number") ? compact(found).equals(compact(e.get("invoice_number").asText())) : null;
            case "Invoice Date":
                return e.has("date") ? e.get("date").asText().equals(found) : null;
            case "Vendor Name":
                return vendorMatches(compact(found), e);
            case "Total Amount":
                return amount(found, e.get("amount"));
            case "Net Amount":
                return amount(found, e.get("amount_untaxed"));
            case "Tax Amount":
                if (e.has("amount_tax")) {
                    return amount(found, e.get("amount_tax"));
                }
                if (e.has("amount") && e.has("amount_untaxed")) {
                    BigDecimal tax = e.get("amount").decimalValue().subtract(e.get("amount_untaxed").decimalValue());
                    return found instanceof BigDecimal b && b.compareTo(tax) == 0;
                }
                return null;
            case "Currency":
                return e.has("currency") ? e.get("currency").asText().equals(found) : null;
            default:
                return null;
        }
    }

    private static Boolean vendorMatches(String found, JsonNode e) {
        if (found.isEmpty()) {
            return false;
        }
        for (String key : List.of("partner_name", "issuer")) {
            String want = e.has(key) ? compact(e.get(key).asText()) : "";
            if (!want.isEmpty() && (want.contains(found) || found.contains(want))) {
                return true;
            }
        }
        return false;
    }

    private static Boolean amount(Object found, JsonNode expected) {
        if (expected == null) {
            return null;
        }
        return found instanceof BigDecimal b && b.compareTo(expected.decimalValue()) == 0;
    }

    private static int expectedLineCount(JsonNode e) {
        JsonNode lines = e.has("lines") ? e.get("lines") : e.get("line_items");
        if (lines == null) {
            return 0;
        }
        int n = 0;
        for (JsonNode line : lines) {
            n += line.has("name") || line.has("desc") ? 1 : 0;
        }
        return n;
    }

    private static String compact(Object value) {
        return value == null ? "" : value.toString().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\d]", "");
    }
}
