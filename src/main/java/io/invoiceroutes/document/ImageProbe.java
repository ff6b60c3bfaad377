package io.invoiceroutes.document;

import io.invoiceroutes.document.DocumentFacts.Problem;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

/** Reads an image's header (width and height) with javax.imageio without decoding its pixels. */
final class ImageProbe {

    private ImageProbe() {
    }

    static DocumentFacts probe(Path file, String name, long size) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return corrupt(name, size);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                if (reader.getWidth(0) <= 0 || reader.getHeight(0) <= 0) {
                    return corrupt(name, size);
                }
            } finally {
                reader.dispose();
            }
            return DocumentFacts.ok(DocumentKind.IMAGE, size, 1, false);
        } catch (IOException | RuntimeException e) {
            return corrupt(name, size);
        }
    }

    private static DocumentFacts corrupt(String name, long size) {
        return DocumentFacts.failed(DocumentKind.IMAGE, size, 0, Problem.CORRUPT, Messages.corruptImage(name));
    }
}
