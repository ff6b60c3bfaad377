package io.invoiceroutes.sandbox.output;

import java.util.ArrayList;
import java.util.List;

/** The text of one invoice as trimmed, non-blank lines, each remembering its 1-based page. */
final class InvoiceText {

    /** One printed line. */
    record Line(String text, int page) {
    }

    private final List<Line> lines;

    private InvoiceText(List<Line> lines) {
        this.lines = lines;
    }

    static InvoiceText of(List<String> pageTexts) {
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < pageTexts.size(); i++) {
            String page = pageTexts.get(i) == null ? "" : pageTexts.get(i);
            for (String raw : page.split("\\R")) {
                // PDF text often carries non-breaking spaces; treat them as ordinary spaces
                String line = raw.replace('\u00A0', ' ').strip();
                if (!line.isEmpty()) {
                    lines.add(new Line(line, i + 1));
                }
            }
        }
        return new InvoiceText(lines);
    }

    List<Line> lines() {
        return lines;
    }

    /** The line after index i on the same page, or null. */
    Line next(int i) {
        return i + 1 < lines.size() && lines.get(i + 1).page() == lines.get(i).page() ? lines.get(i + 1) : null;
    }

    String all() {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l.text()).append('\n'));
        return sb.toString();
    }
}
