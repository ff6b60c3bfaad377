package io.invoiceroutes.contract;

import com.networknt.schema.JsonSchema;
import java.util.Map;

/** A declared response of an operation: its JSON body schema (null when it has no JSON body) and headers by lower-case name. */
record ResponseSpec(JsonSchema body, Map<String, Parameter> headers) {
}
