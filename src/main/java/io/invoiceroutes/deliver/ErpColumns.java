package io.invoiceroutes.deliver;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps prompt field names to the typed columns of {@code erp_invoice_row} ({@code invoice.deliver.sql.columns},
 * "Field Name=column,..."); only the table's own columns are accepted, so no configured text reaches the SQL.
 */
public class ErpColumns {
    static final Set<String> TEXT = Set.of("invoice_number", "vendor_name", "source_file");
    static final Set<String> DECIMAL = Set.of("net_amount", "tax_amount", "total_amount");
    static final String DATE = "invoice_date";
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final Map<String, String> fieldToColumn = new LinkedHashMap<>();

    public ErpColumns(String mapping) {
        for (String pair : DeliveryChannels.split(mapping)) {
            int eq = pair.lastIndexOf('=');
            String column = eq < 0 ? "" : pair.substring(eq + 1).trim();
            if (eq <= 0 || !(TEXT.contains(column) || DECIMAL.contains(column) || DATE.equals(column))) {
                throw new IllegalArgumentException("invoice.deliver.sql.columns: '" + pair + "' must be 'Field Name=column' with column one of "
                        + TEXT + ", " + DECIMAL + " or " + DATE);
            }
            fieldToColumn.put(pair.substring(0, eq).trim(), column);
        }
    }

    /** The typed column values of one output row; a column no field maps to, or a value that does not parse, is null. */
    public Map<String, Object> values(Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        fieldToColumn.forEach((field, column) -> out.put(column, convert(column, row.get(field))));
        return out;
    }

    /**
     * Why the row cannot go into the typed columns, or null: an amount that is not a number is refused (its column
     * would silently be empty); a date not in YYYY-MM-DD is not a problem, it stays null and raw_row keeps it.
     */
    public String problem(Map<String, Object> row) {
        for (Map.Entry<String, String> e : fieldToColumn.entrySet()) {
            Object value = row.get(e.getKey());
            if (DECIMAL.contains(e.getValue()) && value != null && !value.toString().isBlank()
                    && convert(e.getValue(), value) == null) {
                String shown = value.toString().strip();
                return "'" + e.getKey() + "' is not a number (" + (shown.length() > 40 ? shown.substring(0, 40) + "…" : shown)
                        + "), so it cannot go into " + e.getValue();
            }
        }
        return null;
    }

    static Object convert(String column, Object value) {
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        String text = value instanceof BigDecimal d ? d.toPlainString() : value.toString().trim();
        if (DECIMAL.contains(column)) {
            try {
                return new BigDecimal(text).setScale(2, RoundingMode.HALF_UP);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (DATE.equals(column)) {
            // anything but YYYY-MM-DD stays null here; raw_row keeps what the API returned
            if (!ISO_DATE.matcher(text).matches()) {
                return null;
            }
            try {
                return Date.valueOf(LocalDate.parse(text));
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return text;
    }
}
