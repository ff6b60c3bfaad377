package io.invoiceroutes.sandbox.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes extraction rows as the three output files (JSON, CSV, XLSX); rows are maps keyed by column whose
 * values are BigDecimal/Number, Boolean, String (dates as YYYY-MM-DD) or null.
 */
public final class OutputRenderer {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private OutputRenderer() {
    }

    /**
     * A JSON array with one object per row, keys in column order exactly as the results endpoint holds rows.
     * typedValues: numbers and booleans stay native and an empty cell is null; otherwise every value is a
     * string and an empty cell is "" (numbers in plain notation, e.g. "1250.00").
     */
    public static byte[] json(List<String> columns, List<Map<String, Object>> rows, boolean typedValues) {
        ArrayNode array = JSON.createArrayNode();
        for (Map<String, Object> row : rows) {
            ObjectNode node = array.addObject();
            for (String column : columns) {
                Object value = row.get(column);
                if (!typedValues) {
                    node.put(column, text(value));
                } else if (value == null) {
                    node.putNull(column);
                } else if (value instanceof Number n) {
                    node.put(column, decimal(n));
                } else if (value instanceof Boolean b) {
                    node.put(column, b);
                } else {
                    node.put(column, value.toString());
                }
            }
        }
        try {
            return JSON.writeValueAsBytes(array);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 4180 CSV in UTF-8 without a byte order mark: header row, CRLF line ends, quotes only where needed. */
    public static byte[] csv(List<String> columns, List<Map<String, Object>> rows) {
        StringBuilder out = new StringBuilder();
        appendCsvLine(out, columns.stream().map(c -> (Object) c).toList());
        for (Map<String, Object> row : rows) {
            appendCsvLine(out, columns.stream().map(row::get).toList());
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * An XLSX workbook with a bold header row; reviewRowIndexes are 0-based indexes into rows whose cells get
     * fillColor (none, yellow, orange or red; null means none).
     */
    public static byte[] xlsx(List<String> columns, List<Map<String, Object>> rows, Set<Integer> reviewRowIndexes,
                              String fillColor) {
        return XlsxWriter.write(columns, rows, reviewRowIndexes == null ? Set.of() : reviewRowIndexes, fillColor);
    }

    /** The value as the string a cell shows: "" for null, plain notation for numbers. */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number n) {
            return decimal(n).toPlainString();
        }
        return value.toString();
    }

    static BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal b) {
            return b;
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (n instanceof Double || n instanceof Float) {
            return BigDecimal.valueOf(n.doubleValue());
        }
        return BigDecimal.valueOf(n.longValue());
    }

    private static void appendCsvLine(StringBuilder out, List<Object> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String cell = text(values.get(i));
            boolean quote = cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")
                    || !cell.equals(cell.strip());
            out.append(quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell);
        }
        out.append("\r\n");
    }
}
