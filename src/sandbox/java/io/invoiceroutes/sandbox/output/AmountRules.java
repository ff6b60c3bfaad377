package io.invoiceroutes.sandbox.output;

import io.invoiceroutes.sandbox.output.InvoiceText.Line;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rules for total, tax and net amounts: a label at the start of a line followed by an amount on that line. */
final class AmountRules {

    /** Labels in order of preference; the first label that yields an amount wins. */
    private static final List<Pattern> TOTAL = labels("total\\s*amount\\s*due", "amount\\s*due", "balance\\s*due",
            "grand\\s*total", "total\\s*ttc", "total\\s*(?:incl\\.?|including|gross)", "invoice\\s*total",
            "total\\s*for\\s*this\\s*invoice", "gesamtbetrag", "rechnungsbetrag", "endbetrag", "totaal", "total");
    private static final List<Pattern> TAX = labels("total\\s*tax", "tax\\s*amount", "sales\\s*tax", "tax", "vat",
            "tva", "btw", "mwst\\.?", "ust\\.?", "gst", "iva");
    private static final List<Pattern> NET = labels("net\\s*amount", "total\\s*ht", "total\\s*net", "net\\s*total",
            "total\\s*excl\\.?(?:uding)?\\s*(?:tax|vat)?", "amount\\s*excl\\.?", "exclusief\\s*btw", "subtotal",
            "sub\\s*total", "subtotaal", "zwischensumme", "nettobetrag", "netto", "montant\\s*ht");

    private AmountRules() {
    }

    static Hit total(InvoiceText text) {
        // totals rows of a table ("Total 1 278.61 40.39 319.00") end with the grand amount
        return find(text, TOTAL, true, false, "totals");
    }

    static Hit tax(InvoiceText text) {
        // "Tax 15% on $ 112.90 $ 16.94": the tax itself is the last amount
        return find(text, TAX, true, false, "tax amounts");
    }

    static Hit net(InvoiceText text) {
        // several section subtotals: the last one is the invoice's; "Exclusief BTW € 593,36 Subtotaal ..." first
        return find(text, NET, false, true, "net amounts");
    }

    private static Hit find(InvoiceText text, List<Pattern> labels, boolean lastOnLine, boolean lastLine,
                            String what) {
        for (Pattern label : labels) {
            Map<BigDecimal, Integer> found = new LinkedHashMap<>();
            for (Line line : text.lines()) {
                Matcher m = label.matcher(line.text());
                if (!m.lookingAt()) {
                    continue;
                }
                List<BigDecimal> amounts = Amounts.all(line.text().substring(m.end()));
                if (!amounts.isEmpty()) {
                    BigDecimal value = amounts.get(lastOnLine ? amounts.size() - 1 : 0);
                    if (lastLine) {
                        found.remove(value);
                    }
                    found.putIfAbsent(value, line.page());
                }
            }
            if (!found.isEmpty()) {
                List<BigDecimal> values = new ArrayList<>(found.keySet());
                BigDecimal chosen = values.get(lastLine ? values.size() - 1 : 0);
                Hit hit = new Hit(chosen, found.get(chosen), null);
                Set<String> shown = new LinkedHashSet<>();
                values.forEach(v -> shown.add(v.toPlainString()));
                return values.size() == 1 ? hit : hit.withDoubt("several " + what + " found: " + shown);
            }
        }
        return null;
    }

    private static List<Pattern> labels(String... regexes) {
        List<Pattern> patterns = new ArrayList<>();
        for (String r : regexes) {
            patterns.add(Pattern.compile("(?iu)" + r + "(?![\\p{L}])"));
        }
        return patterns;
    }
}
