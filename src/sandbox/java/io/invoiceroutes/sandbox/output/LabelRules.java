package io.invoiceroutes.sandbox.output;

import io.invoiceroutes.sandbox.output.InvoiceText.Line;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rules that read the value printed after (or, in header rows, under) a label such as "Invoice Date:". */
final class LabelRules {

    private static final Pattern INVOICE_NUMBER_LABEL = Pattern.compile("(?iu)(?:invoice\\s*(?:number|num\\.?"
            + "|no\\.?|nr\\.?|#|n°|id)|facture\\s*n[°o]\\.?|f\\s?actuur(?:nummer|nr\\.?)|rechnungs?\\s*-?(?:nummer|nr\\.?)"
            + "|n[°o] de facture|bill\\s*(?:number|no\\.?))(?![\\p{L}])\\s*[:.]?\\s*#?\\s*([\\p{L}\\d][\\w/.-]*)");
    private static final Pattern BARE_INVOICE = Pattern.compile(
            "(?iu)(?:^#|\\binvoice\\s*:?|^invoice\\s*#)\\s*([\\p{L}\\d][\\w/.-]*\\d[\\w/.-]*)");
    private static final Pattern INVOICE_DATE_LABEL = Pattern.compile("(?iu)invoice\\s*date|date\\s*of\\s*invoice"
            + "|date\\s*of\\s*issue|issue\\s*date|billing\\s*date|rechnungsdatum|f\\s?actuurdatum"
            + "|date\\s*(?:de\\s*)?(?:la\\s*)?facture|fecha\\s*de\\s*factura|data\\s*fattura");
    private static final Pattern ANY_DATE_LABEL = Pattern.compile("(?iu)(\\p{L}+\\s+)?\\b(date|datum)\\b");
    private static final Set<String> NOT_INVOICE_DATE = Set.of("due", "order", "delivery", "ship", "shipping",
            "start", "end", "payment", "expiry", "print", "service");

    private LabelRules() {
    }

    static Hit invoiceNumber(InvoiceText text) {
        Hit hit = distinct(text, line -> group(INVOICE_NUMBER_LABEL, line.text()), "invoice numbers");
        return hit != null ? hit : distinct(text, line -> group(BARE_INVOICE, line.text()), "invoice numbers");
    }

    static Hit invoiceDate(InvoiceText text) {
        Hit hit = dateAfter(text, INVOICE_DATE_LABEL, false);
        if (hit == null) {
            hit = dateAfter(text, ANY_DATE_LABEL, true);
        }
        return hit;
    }

    /** The value after "name:" anywhere in the text, typed as an amount or date when it is one. */
    static Hit labelled(InvoiceText text, String fieldName) {
        Pattern label = Pattern.compile("(?iu)(?<![\\p{L}])" + Pattern.quote(fieldName).replace(" ", "\\E\\s*\\Q")
                + "\\s*[:#]\\s*");
        List<Line> lines = text.lines();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = label.matcher(lines.get(i).text());
            if (!m.find()) {
                continue;
            }
            String rest = lines.get(i).text().substring(m.end());
            String value = rest.isEmpty() || rest.endsWith(":")
                    ? below(lines.get(i).text(), m.start(), text.next(i))
                    : rest.split("\\s{2,}")[0].strip();
            if (value != null && !value.isEmpty()) {
                return new Hit(typed(value), lines.get(i).page(), null);
            }
        }
        return null;
    }

    static Object typed(String value) {
        BigDecimal amount = Amounts.whole(value);
        if (amount != null) {
            return amount;
        }
        Dates.Found date = Dates.whole(value);
        return date != null ? date.iso() : value;
    }

    private static Hit dateAfter(InvoiceText text, Pattern label, boolean skipOtherDates) {
        List<Line> lines = text.lines();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).text();
            Matcher m = label.matcher(line);
            while (m.find()) {
                if (skipOtherDates && m.group(1) != null
                        && NOT_INVOICE_DATE.contains(m.group(1).strip().toLowerCase(java.util.Locale.ROOT))) {
                    continue;
                }
                Dates.Found found = Dates.first(line.substring(m.end()));
                if (found == null || labelBetween(line.substring(m.end()), found.original())) {
                    String under = below(line, m.start(), text.next(i));
                    found = under == null ? null : Dates.first(under);
                }
                if (found != null) {
                    Hit hit = new Hit(found.iso(), lines.get(i).page(), null);
                    return found.ambiguous()
                            ? hit.withDoubt("day and month of '" + found.original() + "' could be swapped") : hit;
                }
            }
        }
        return null;
    }

    /** True when another "Label:" sits between this label and the date, so the date belongs to that label. */
    private static boolean labelBetween(String afterLabel, String date) {
        String gap = afterLabel.substring(0, afterLabel.indexOf(date)).replaceFirst("^\\s*[:#]", "");
        return gap.contains(":");
    }

    /**
     * For a header row like "Invoice Date: Due Date: Reference:" the values sit on the next line in the same
     * order; returns the rest of the next line starting at the label's column.
     */
    private static String below(String line, int labelStart, Line next) {
        if (next == null) {
            return null;
        }
        int column = (int) line.substring(0, labelStart).chars().filter(c -> c == ':').count();
        String[] tokens = next.text().split("\\s+");
        if (column >= tokens.length) {
            return null;
        }
        return String.join(" ", java.util.Arrays.copyOfRange(tokens, column, tokens.length));
    }

    private static String group(Pattern p, String line) {
        Matcher m = p.matcher(line);
        if (!m.find() || !m.group(1).matches(".*\\d.*")) {
            return null;
        }
        return m.group(1).replaceAll("[.,]+$", "");
    }

    /** First value a line rule finds, with doubt when other lines give different values. */
    static Hit distinct(InvoiceText text, Function<Line, String> rule, String what) {
        Set<String> values = new LinkedHashSet<>();
        int page = 0;
        for (Line line : text.lines()) {
            String v = rule.apply(line);
            if (v != null && values.add(v) && page == 0) {
                page = line.page();
            }
        }
        if (values.isEmpty()) {
            return null;
        }
        Hit hit = new Hit(values.iterator().next(), page, null);
        return values.size() == 1 ? hit : hit.withDoubt("several " + what + " found: " + new ArrayList<>(values));
    }
}
