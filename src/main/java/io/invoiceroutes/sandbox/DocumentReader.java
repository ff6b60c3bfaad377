package io.invoiceroutes.sandbox;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Counts the pages of an uploaded file and reads their text, telling encrypted and unreadable files apart. */
final class DocumentReader {
    /** What processing learns from one file. */
    record Doc(String fileName, int pages, String problem, List<String> pageTexts) {
    }

    private DocumentReader() {
    }

    static Doc read(Path file, String fileName) {
        if (!fileName.toLowerCase(Locale.ROOT).endsWith(".pdf")) {
            return new Doc(fileName, 1, null, List.of(""));
        }
        try (PDDocument doc = Loader.loadPDF(file.toFile())) {
            if (doc.isEncrypted() && !doc.getCurrentAccessPermission().canExtractContent()) {
                return new Doc(fileName, doc.getNumberOfPages(), "ENCRYPTED", List.of());
            }
            int n = doc.getNumberOfPages();
            if (n == 0) {
                return new Doc(fileName, 0, "NO_PAGES", List.of());
            }
            List<String> texts = new ArrayList<>();
            PDFTextStripper stripper = new PDFTextStripper();
            for (int p = 1; p <= n && p <= 5000; p++) {
                stripper.setStartPage(p);
                stripper.setEndPage(p);
                texts.add(stripper.getText(doc));
            }
            return new Doc(fileName, n, null, texts);
        } catch (InvalidPasswordException e) {
            return new Doc(fileName, 0, "ENCRYPTED", List.of());
        } catch (IOException | RuntimeException e) {
            return new Doc(fileName, 0, "CORRUPT", List.of());
        }
    }
}
