package io.invoiceroutes.sandbox;

import io.invoiceroutes.document.DocumentFacts;
import io.invoiceroutes.document.DocumentInspector;
import io.invoiceroutes.document.DocumentKind;

import java.nio.file.Path;
import java.util.List;

/** Counts the pages of an uploaded file and reads their text via DocumentInspector, naming encrypted and unreadable files. */
final class DocumentReader {
    /** What processing learns from one file: problem is null, ENCRYPTED, NO_PAGES, CORRUPT or another inspector problem. */
    record Doc(String fileName, int pages, String problem, List<String> pageTexts) {
    }

    private DocumentReader() {
    }

    /** Reads a stored file whose name on disk is the uploaded file name. */
    static Doc read(Path file, String fileName) {
        DocumentFacts facts = DocumentInspector.inspect(file);
        if (facts.problem() != null) {
            return new Doc(fileName, facts.pages(), facts.problem().name(), List.of());
        }
        if (facts.pages() == 0) {
            return new Doc(fileName, 0, "NO_PAGES", List.of());
        }
        List<String> texts = facts.kind() == DocumentKind.PDF
                ? DocumentInspector.pageTexts(file, Math.min(facts.pages(), 5000)) : List.of("");
        return new Doc(fileName, facts.pages(), null, texts);
    }
}
