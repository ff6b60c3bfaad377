package io.invoiceroutes.sandbox.output;

import io.invoiceroutes.sandbox.output.InvoiceText.Line;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rules for who issued the invoice (vendor) and in which currency. */
final class PartyRules {

    private static final Pattern VENDOR_LABEL = Pattern.compile("(?iu)(?:sold\\s*by\\s*:?|(?:vendor|supplier|seller)"
            + "(?:\\s*name)?\\s*:|issued\\s*by\\s*:|titulaire\\s*du\\s*compte\\s*:|account\\s*holder\\s*:|payee\\s*:"
            + "|kontoinhaber\\s*:|begünstigter\\s*:|rekeninghouder\\s*:)\\s*(\\S.*)");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?i)(?:www\\.|https?://|@)([a-z0-9-]{5,})\\.[a-z]{2,}|\\b([a-z0-9-]{5,})\\.(?:com|de|nl|fr|co\\.uk)\\b");
    private static final Pattern TITLE = Pattern.compile("(?iu)^(?:tax\\s+)?(?:retail\\s+)?(?:invoices?(?:/bill)?"
            + "|factuur|facture|rechnung|receipt|bill)\\b[.:]?\\s*|\\s+(?:tax\\s+)?invoice$");
    private static final Map<String, Pattern> CURRENCIES = currencies();

    private PartyRules() {
    }

    static Hit vendor(InvoiceText text) {
        for (Line line : text.lines()) {
            Matcher m = VENDOR_LABEL.matcher(line.text());
            if (m.find()) {
                String name = clean(m.group(1));
                if (name.length() > 1) {
                    return new Hit(name, line.page(), null);
                }
            }
        }
        Hit byDomain = byDomain(text);
        if (byDomain != null) {
            return byDomain;
        }
        for (Line line : text.lines().subList(0, Math.min(5, text.lines().size()))) {
            String name = clean(TITLE.matcher(line.text()).replaceAll(""));
            if (name.chars().filter(Character::isLetter).count() >= 3) {
                return new Hit(name, line.page(), "vendor taken from the top of the first page");
            }
        }
        return null;
    }

    static Hit currency(InvoiceText text) {
        String all = text.all();
        String best = null;
        int bestCount = 0;
        for (Map.Entry<String, Pattern> c : CURRENCIES.entrySet()) {
            int count = (int) c.getValue().matcher(all).results().count();
            if (count > bestCount) {
                best = c.getKey();
                bestCount = count;
            }
        }
        return best == null ? null : new Hit(best, 1, null);
    }

    /** A company name near the top whose letters match the domain of the invoice's website or e-mail. */
    private static Hit byDomain(InvoiceText text) {
        Matcher d = DOMAIN.matcher(text.all());
        while (d.find()) {
            String domain = (d.group(1) != null ? d.group(1) : d.group(2)).toLowerCase(Locale.ROOT);
            String compactDomain = domain.replace("-", "");
            List<Line> top = text.lines().subList(0, Math.min(12, text.lines().size()));
            for (Line line : top) {
                String compact = line.text().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\d]", "");
                if (compact.startsWith(compactDomain) && !line.text().toLowerCase(Locale.ROOT).contains(domain)) {
                    return new Hit(clean(line.text()), line.page(), null);
                }
            }
        }
        return null;
    }

    private static String clean(String raw) {
        String name = raw.split("\\s{2,}| - | – |\\s\\|")[0];
        return name.replaceAll("[,;:\\s]+$", "").strip();
    }

    private static Map<String, Pattern> currencies() {
        Map<String, Pattern> map = new LinkedHashMap<>();
        map.put("EUR", Pattern.compile("€|\\bEUR\\b|\\beuros?\\b", Pattern.CASE_INSENSITIVE));
        map.put("USD", Pattern.compile("(?<![A-Z])\\$|\\bUSD\\b|US Dollars?"));
        map.put("GBP", Pattern.compile("£|\\bGBP\\b"));
        map.put("INR", Pattern.compile("₹|\\bINR\\b|\\bRs\\.?\\s*-?\\d"));
        map.put("CHF", Pattern.compile("\\bCHF\\b"));
        return map;
    }
}
