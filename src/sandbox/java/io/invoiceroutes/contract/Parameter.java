package io.invoiceroutes.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchema;
import java.math.BigDecimal;

/**
 * A path, query or header parameter of an operation: its schema and the primitive type its text
 * is read as before validation (OpenAPI's simple style for a scalar).
 */
record Parameter(String name, boolean required, String type, JsonSchema schema) {

    /** Reads the raw text as the schema's type; text that does not parse stays a string, so the schema rejects it. */
    JsonNode coerce(String raw) {
        try {
            switch (type) {
                case "integer":
                    return LongNode.valueOf(Long.parseLong(raw.trim()));
                case "number":
                    return DecimalNode.valueOf(new BigDecimal(raw.trim()));
                case "boolean":
                    if (raw.equals("true") || raw.equals("false")) {
                        return BooleanNode.valueOf(Boolean.parseBoolean(raw));
                    }
                    return TextNode.valueOf(raw);
                default:
                    return TextNode.valueOf(raw);
            }
        } catch (NumberFormatException e) {
            return TextNode.valueOf(raw);
        }
    }
}
