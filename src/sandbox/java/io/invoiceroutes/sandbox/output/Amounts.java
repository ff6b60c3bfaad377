package io.invoiceroutes.sandbox.output;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds money amounts with two decimals in text, in US (1,234.56) and European (1.234,56) notation. */
final class Amounts {

    /** Two decimals, not part of a longer number, a date like 01.05.14 or a percentage. */
    private static final Pattern AMOUNT = Pattern.compile(
            "(?<![\\d.,])(-\\s?)?((?:\\d{1,3}(?:[.,']\\d{3})+|\\d+)[.,]\\d{2})(?![.,]?\\d)(?!\\s?%)");

    private Amounts() {
    }

    static List<BigDecimal> all(String text) {
        List<BigDecimal> found = new ArrayList<>();
        Matcher m = AMOUNT.matcher(text);
        while (m.find()) {
            BigDecimal value = parse(m.group(2));
            found.add(m.group(1) == null ? value : value.negate());
        }
        return found;
    }

    /** Where the first amount starts, or the text's length when there is none. */
    static int firstStart(String text) {
        Matcher m = AMOUNT.matcher(text);
        return m.find() ? m.start() : text.length();
    }

    /** The text as an amount when it is nothing but an amount and currency marks, else null. */
    static BigDecimal whole(String text) {
        String stripped = text.replaceAll("(?i)[$€£₹]|\\b(?:EUR|USD|GBP|INR|CHF|Rs\\.?)\\b", "").trim();
        Matcher m = AMOUNT.matcher(stripped);
        if (!m.matches()) {
            return null;
        }
        BigDecimal value = parse(m.group(2));
        return m.group(1) == null ? value : value.negate();
    }

    private static BigDecimal parse(String digits) {
        int decimal = Math.max(digits.lastIndexOf('.'), digits.lastIndexOf(','));
        String whole = digits.substring(0, decimal).replaceAll("[.,']", "");
        return new BigDecimal(whole + "." + digits.substring(decimal + 1));
    }
}
