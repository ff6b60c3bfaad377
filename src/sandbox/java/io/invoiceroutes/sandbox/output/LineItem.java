package io.invoiceroutes.sandbox.output;

import java.math.BigDecimal;

/** One detected line item: its description, its line amount and the 1-based page it was printed on. */
public record LineItem(String description, BigDecimal amount, int page) {
}
