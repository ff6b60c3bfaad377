package io.invoiceroutes.sandbox.output;

import io.invoiceroutes.sandbox.output.InvoiceText.Line;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Finds table lines with a description and an amount between a table header and the totals of each page. */
public final class LineItemDetector {

    private static final Pattern HEADER = Pattern.compile("(?iu)\\b(?:description|item|items|artikel|désignation"
            + "|designation|beschreibung|product|produit|omschrijving|detail|details|qty|quantity)\\b");
    private static final Pattern TOTALS = Pattern.compile("(?iu)^(?:grand\\s*)?(?:total|totaal|gesamt|balance"
            + "|amount\\s*due|summe)(?![\\p{L}])");
    private static final Pattern NOT_ITEM = Pattern.compile("(?iu)^(?:sub\\s*-?total|subtotaal|zwischensumme|tax"
            + "|vat|tva|btw|mwst|ust|gst|charges|credits|discount|exclusief|net|netto)(?![\\p{L}])|subtota"
            + "|exclusief|\\bpage\\s*\\d");
    private static final Pattern TRAILING_NOISE = Pattern.compile(
            "(?:\\s+(?:\\d{1,3}|[$€£₹%]|EUR|USD|x|[\\d.,]+\\s*%|\\d+[.,]\\d+\\s*(?:kg|g|l|units?|pcs|stk)?))+$");
    private static final Pattern LEADING_NUMBERS = Pattern.compile("^(?:\\d{1,3}\\s+)+(?=\\p{L})");

    private LineItemDetector() {
    }

    /** The line items of an invoice given the text of its pages. */
    public static List<LineItem> detect(List<String> pageTexts) {
        List<LineItem> items = new ArrayList<>();
        boolean anyHeader = InvoiceText.of(pageTexts).lines().stream().anyMatch(l -> isHeader(l.text()));
        int page = 0;
        boolean inTable = !anyHeader;
        for (Line line : InvoiceText.of(pageTexts).lines()) {
            if (line.page() != page) {
                page = line.page();
                inTable = !anyHeader;
            }
            String text = line.text();
            if (!inTable) {
                inTable = isHeader(text);
                continue;
            }
            if (TOTALS.matcher(text).find()) {
                inTable = false;
                continue;
            }
            LineItem item = item(text, line.page());
            if (item != null) {
                items.add(item);
            }
        }
        return items;
    }

    /** A short line naming table columns; long prose that mentions "details" is not a header. */
    private static boolean isHeader(String text) {
        return HEADER.matcher(text).find() && text.split("\\s+").length <= 8;
    }

    private static LineItem item(String text, int page) {
        if (NOT_ITEM.matcher(text).find()) {
            return null;
        }
        List<BigDecimal> amounts = Amounts.all(text);
        if (amounts.isEmpty()) {
            return null;
        }
        String beforeAmount = text.substring(0, Amounts.firstStart(text)).strip();
        String description = TRAILING_NOISE.matcher(beforeAmount).replaceAll("");
        description = LEADING_NUMBERS.matcher(description).replaceAll("").strip();
        if (description.chars().filter(Character::isLetter).count() < 3) {
            return null;
        }
        return new LineItem(description, amounts.get(amounts.size() - 1), page);
    }
}
