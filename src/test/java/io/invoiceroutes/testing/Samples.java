package io.invoiceroutes.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sample invoices bundled with the tests (src/test/resources/samples, MIT licence, from invoice2data),
 * found on the test classpath; a missing folder is a hard failure, never a skipped test.
 */
public final class Samples {
    private Samples() {
    }

    /** The samples folder: {@code invoices/*.pdf} and {@code expected/*.json}. */
    public static Path root() {
        URL url = Samples.class.getResource("/samples/invoices");
        if (url == null) {
            throw new IllegalStateException("the bundled samples are missing from the test classpath (src/test/resources/samples)");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path invoices() {
        return root().resolve("invoices");
    }

    /** One bundled invoice by file name. */
    public static Path invoice(String name) {
        Path p = invoices().resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("no bundled sample named " + name + " in " + invoices());
        }
        return p;
    }

    /**
     * A copy of a sample whose bytes are its own: a PDF comment after the end marker, which readers ignore. Runs that
     * drop the same few samples many times use it, so the pipeline's duplicate-content check sees distinct invoices.
     */
    public static Path copyUnique(Path sample, Path target, String tag) {
        try {
            Files.copy(sample, target);
            Files.writeString(target, "\n% copy " + tag.replaceAll("[\\r\\n]", " ") + "\n", java.nio.file.StandardOpenOption.APPEND);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The eight bundled PDFs, sorted by name. */
    public static List<Path> pdfs() {
        try (Stream<Path> s = Files.list(invoices())) {
            List<Path> pdfs = s.filter(p -> p.toString().endsWith(".pdf")).sorted().toList();
            if (pdfs.size() < 8) {
                throw new IllegalStateException("expected the eight bundled sample PDFs in " + invoices() + ", found " + pdfs.size());
            }
            return pdfs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
