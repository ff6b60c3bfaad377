package io.invoiceroutes.sandbox.output;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Finds the first date in a piece of text and normalises it to YYYY-MM-DD (English, German, Dutch, French months). */
final class Dates {

    /** A date found in text; ambiguous when day and month could be swapped. */
    record Found(String iso, boolean ambiguous, String original) {
    }

    private static final Map<String, Integer> MONTHS = months();
    private static final String MONTH = MONTHS.keySet().stream()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .map(Pattern::quote)
            .collect(Collectors.joining("|"));
    private static final Pattern ISO = Pattern.compile("(?<!\\d)(\\d{4})-(\\d{2})-(\\d{2})(?!\\d)");
    private static final Pattern NUMERIC = Pattern.compile(
            "(?<![\\d.])(\\d{1,2})([./-])(\\d{1,2})\\2(\\d{4}|\\d{2})(?![\\d])");
    private static final Pattern DAY_MONTH = Pattern.compile(
            "(?iu)(?<!\\d)(\\d{1,2})\\.?\\s+(" + MONTH + ")\\.?,?\\s+(\\d{4})(?!\\d)");
    private static final Pattern MONTH_DAY = Pattern.compile(
            "(?iu)\\b(" + MONTH + ")\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\s*,?\\s*(\\d{4})(?!\\d)");

    private Dates() {
    }

    static Found first(String text) {
        Found best = null;
        int bestAt = Integer.MAX_VALUE;
        for (Pattern p : new Pattern[] {ISO, NUMERIC, DAY_MONTH, MONTH_DAY}) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                if (m.start() >= bestAt) {
                    break;
                }
                Found f = toFound(p, m);
                if (f != null) {
                    best = f;
                    bestAt = m.start();
                    break;
                }
            }
        }
        return best;
    }

    /** The text as a date when it is nothing but a date, else null. */
    static Found whole(String text) {
        Found f = first(text);
        return f != null && f.original().equals(text.trim()) ? f : null;
    }

    private static Found toFound(Pattern p, Matcher m) {
        if (p == ISO) {
            return make(num(m, 1), num(m, 2), num(m, 3), false, m.group());
        }
        if (p == NUMERIC) {
            int a = num(m, 1);
            int b = num(m, 3);
            int year = m.group(4).length() == 2 ? 2000 + num(m, 4) : num(m, 4);
            if (b > 12 && a <= 12) {
                return make(year, a, b, false, m.group());
            }
            return make(year, b, a, a <= 12 && b <= 12 && a != b, m.group());
        }
        if (p == DAY_MONTH) {
            return make(num(m, 3), MONTHS.get(m.group(2).toLowerCase(Locale.ROOT)), num(m, 1), false, m.group());
        }
        return make(num(m, 3), MONTHS.get(m.group(1).toLowerCase(Locale.ROOT)), num(m, 2), false, m.group());
    }

    private static Found make(int year, int month, int day, boolean ambiguous, String original) {
        try {
            return new Found(LocalDate.of(year, month, day).toString(), ambiguous, original);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int num(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }

    private static Map<String, Integer> months() {
        String[][] names = {
            {"january", "jan", "januar", "januari", "janvier"},
            {"february", "feb", "februar", "februari", "février", "fevrier"},
            {"march", "mar", "märz", "maerz", "maart", "mars"},
            {"april", "apr", "avril"},
            {"may", "mai", "mei"},
            {"june", "jun", "juni", "juin"},
            {"july", "jul", "juli", "juillet"},
            {"august", "aug", "augustus", "août", "aout"},
            {"september", "sep", "sept", "septembre"},
            {"october", "oct", "oktober", "okt", "octobre"},
            {"november", "nov", "novembre"},
            {"december", "dec", "dezember", "dez", "décembre", "decembre"},
        };
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            for (String name : names[i]) {
                map.put(name, i + 1);
            }
        }
        return map;
    }
}
