package io.invoiceroutes.sandbox.output;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One output row read from an invoice: a value per requested field in request order (BigDecimal for amounts,
 * "YYYY-MM-DD" strings for dates, other strings, null when not found), the fields a human should check with
 * the reason, and the 1-based page the row's data came from.
 */
public record FieldReading(Map<String, Object> values, Map<String, String> uncertain, int page) {

    public FieldReading {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        uncertain = Collections.unmodifiableMap(new LinkedHashMap<>(uncertain));
    }

    /** True when at least one field was not found or is doubtful. */
    public boolean needsReview() {
        return !uncertain.isEmpty();
    }
}
