package io.invoiceroutes.document;

import io.invoiceroutes.document.DocumentFacts.Problem;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Opens PDFs with PDFBox from the file (scratch data in temp files, not the heap) to count pages and read text. */
final class PdfProbe {

    private PdfProbe() {
    }

    static DocumentFacts probe(Path file, String name, long size, DocumentLimits limits) {
        try (PDDocument doc = open(file)) {
            int pages = doc.getNumberOfPages();
            if (pages == 0) {
                return facts(Problem.NO_PAGES, name, size, 0, false, limits);
            }
            if (pages > limits.maxPdfPages()) {
                return facts(Problem.TOO_MANY_PAGES, name, size, pages, false, limits);
            }
            // opened with the empty user password, so any encryption left is an owner password / permissions
            return facts(null, name, size, pages, doc.isEncrypted(), limits);
        } catch (InvalidPasswordException e) {
            return facts(Problem.ENCRYPTED, name, size, 0, false, limits);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return facts(Problem.CORRUPT, name, size, 0, false, limits);
        }
    }

    /** The facts of a PDF from what opening it found (here or in an isolated reader), with the user's message. */
    static DocumentFacts facts(Problem problem, String name, long size, int pages, boolean ownerPasswordOnly,
                               DocumentLimits limits) {
        if (problem == null) {
            return DocumentFacts.ok(DocumentKind.PDF, size, pages, ownerPasswordOnly);
        }
        String message = switch (problem) {
            case NO_PAGES -> Messages.noPages(name);
            case TOO_MANY_PAGES -> Messages.tooManyPages(name, pages, limits.maxPdfPages());
            case ENCRYPTED -> Messages.encrypted(name);
            default -> Messages.corruptPdf(name);
        };
        return DocumentFacts.failed(DocumentKind.PDF, size, problem == Problem.TOO_MANY_PAGES ? pages : 0, problem, message);
    }

    static String textLayer(Path file, int maxChars) {
        StringBuilder text = new StringBuilder();
        try (PDDocument doc = open(file)) {
            PDFTextStripper stripper = stripper();
            for (int page = 1; page <= doc.getNumberOfPages() && text.length() < maxChars; page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                text.append(stripper.getText(doc));
            }
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return "";
        }
        return text.length() > maxChars ? text.substring(0, Math.max(0, maxChars)) : text.toString();
    }

    static List<String> pageTexts(Path file, int maxPages) {
        List<String> texts = new ArrayList<>();
        try (PDDocument doc = open(file)) {
            PDFTextStripper stripper = stripper();
            int last = Math.min(doc.getNumberOfPages(), maxPages);
            for (int page = 1; page <= last; page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                texts.add(stripper.getText(doc));
            }
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return List.of();
        }
        return texts;
    }

    private static PDDocument open(Path file) throws IOException {
        RandomAccessReadBufferedFile source = new RandomAccessReadBufferedFile(file.toFile());
        try {
            // the document takes ownership of the source and closes it
            return Loader.loadPDF(source, "", null, null, IOUtils.createTempFileOnlyStreamCache());
        } catch (IOException | RuntimeException e) {
            source.close();
            throw e;
        }
    }

    private static PDFTextStripper stripper() {
        PDFTextStripper stripper = new PDFTextStripper();
        // reading order by position keeps label and value of one printed line together
        stripper.setSortByPosition(true);
        return stripper;
    }
}
