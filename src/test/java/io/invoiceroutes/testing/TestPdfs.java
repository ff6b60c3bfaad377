package io.invoiceroutes.testing;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Invoices made for a test: any number of pages, each with text of its own, so every file's bytes are distinct. */
public final class TestPdfs {
    private TestPdfs() {
    }

    /** A PDF of {@code pages} pages at {@code target}; {@code number} makes its invoice number (and bytes) unique. */
    public static Path invoice(Path target, int number, int pages) {
        PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        try (PDDocument doc = new PDDocument()) {
            for (int p = 1; p <= pages; p++) {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                try (PDPageContentStream text = new PDPageContentStream(doc, page)) {
                    text.beginText();
                    text.setFont(font, 12);
                    text.newLineAtOffset(60, 760);
                    text.setLeading(16);
                    text.showText("INVOICE");
                    text.newLine();
                    text.showText("Invoice Number: INV-" + number);
                    text.newLine();
                    text.showText("Invoice Date: 2026-11-" + String.format("%02d", 1 + number % 28));
                    text.newLine();
                    text.showText("Vendor: Test Supplies Ltd");
                    text.newLine();
                    text.showText("Page " + p + " of " + pages);
                    text.newLine();
                    text.showText("Total: " + (100 + number) + ".00 EUR");
                    text.endText();
                }
            }
            doc.save(target.toFile());
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
