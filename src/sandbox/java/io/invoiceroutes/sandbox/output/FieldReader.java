package io.invoiceroutes.sandbox.output;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads requested fields from an invoice's page texts with simple label and pattern rules, for the sandbox. */
public final class FieldReader {

    /** The fields a sentence prompt yields when it names none the sandbox recognises. */
    public static final List<String> DEFAULT_FIELDS =
            List.of("Invoice Number", "Invoice Date", "Vendor Name", "Total Amount");
    public static final String LINE_ITEM_DESCRIPTION = "Line Item Description";
    public static final String LINE_ITEM_AMOUNT = "Line Item Amount";
    static final String NOT_FOUND = "not found in the document";

    private enum Rule { NUMBER, DATE, VENDOR, TAX, NET, TOTAL, CURRENCY, LABELLED }

    private FieldReader() {
    }

    /** One row per invoice: a value for each requested field, null where nothing was found. */
    public static FieldReading read(List<String> pageTexts, List<String> fields) {
        InvoiceText text = InvoiceText.of(pageTexts);
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> uncertain = new LinkedHashMap<>();
        int page = 0;
        for (String field : fields) {
            Hit hit = apply(ruleFor(field), text, field);
            values.put(field, hit == null ? null : hit.value());
            if (hit == null) {
                uncertain.put(field, NOT_FOUND);
            } else {
                page = page == 0 ? hit.page() : Math.min(page, hit.page());
                if (hit.doubt() != null) {
                    uncertain.put(field, hit.doubt());
                }
            }
        }
        return new FieldReading(values, uncertain, Math.max(page, 1));
    }

    /** One row per detected line item, invoice-level fields repeated; one empty-item row when none is found. */
    public static List<FieldReading> readLineItems(List<String> pageTexts, List<String> fields) {
        List<String> invoiceFields = fields.stream()
                .filter(f -> !f.equals(LINE_ITEM_DESCRIPTION) && !f.equals(LINE_ITEM_AMOUNT)).toList();
        FieldReading invoice = read(pageTexts, invoiceFields);
        List<LineItem> items = LineItemDetector.detect(pageTexts);
        List<FieldReading> rows = new ArrayList<>();
        for (LineItem item : items) {
            Map<String, Object> values = new LinkedHashMap<>(invoice.values());
            values.put(LINE_ITEM_DESCRIPTION, item.description());
            values.put(LINE_ITEM_AMOUNT, item.amount());
            rows.add(new FieldReading(values, invoice.uncertain(), item.page()));
        }
        if (rows.isEmpty()) {
            Map<String, Object> values = new LinkedHashMap<>(invoice.values());
            values.put(LINE_ITEM_DESCRIPTION, null);
            values.put(LINE_ITEM_AMOUNT, null);
            Map<String, String> uncertain = new LinkedHashMap<>(invoice.uncertain());
            uncertain.put(LINE_ITEM_DESCRIPTION, "no line items recognised");
            uncertain.put(LINE_ITEM_AMOUNT, "no line items recognised");
            rows.add(new FieldReading(values, uncertain, invoice.page()));
        }
        return rows;
    }

    /** The output columns of a per-line-item extraction: the fields followed by the two line item columns. */
    public static List<String> lineItemColumns(List<String> fields) {
        List<String> columns = new ArrayList<>(fields);
        columns.remove(LINE_ITEM_DESCRIPTION);
        columns.remove(LINE_ITEM_AMOUNT);
        columns.add(LINE_ITEM_DESCRIPTION);
        columns.add(LINE_ITEM_AMOUNT);
        return columns;
    }

    private static Hit apply(Rule rule, InvoiceText text, String field) {
        return switch (rule) {
            case NUMBER -> LabelRules.invoiceNumber(text);
            case DATE -> LabelRules.invoiceDate(text);
            case VENDOR -> PartyRules.vendor(text);
            case TAX -> AmountRules.tax(text);
            case NET -> AmountRules.net(text);
            case TOTAL -> AmountRules.total(text);
            case CURRENCY -> PartyRules.currency(text);
            case LABELLED -> LabelRules.labelled(text, field);
        };
    }

    private static Rule ruleFor(String field) {
        String f = " " + field.toLowerCase(Locale.ROOT).replaceAll("[_\\-\\s]+", " ").strip() + " ";
        if (f.contains("invoice") && f.matches(".*\\b(number|no|nr|num|id|#|ref|reference)\\b.*")) {
            return Rule.NUMBER;
        }
        if (f.contains(" date ") && !f.matches(".*\\b(due|order|delivery|ship|shipping|payment|start|end)\\b.*")) {
            return Rule.DATE;
        }
        if (f.matches(".*\\b(vendor|supplier|seller|issuer|merchant|biller)\\b.*")) {
            return Rule.VENDOR;
        }
        if (f.matches(".*\\b(currency|currency code)\\b.*")) {
            return Rule.CURRENCY;
        }
        boolean net = f.matches(".*\\b(net|subtotal|sub total|untaxed|excl|excluding|before tax|pre tax)\\b.*");
        if (!net && f.matches(".*\\b(tax|vat|gst|btw|tva|mwst|sales tax)\\b.*")) {
            return Rule.TAX;
        }
        if (net) {
            return Rule.NET;
        }
        if (f.matches(".*\\b(total|gross|amount due|grand total|invoice amount|balance due)\\b.*")) {
            return Rule.TOTAL;
        }
        return Rule.LABELLED;
    }
}
