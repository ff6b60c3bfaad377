package io.invoiceroutes.document;

import io.invoiceroutes.document.DocumentFacts.Problem;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentInspectorTest {

    static final Path INVOICES = io.invoiceroutes.testing.Samples.invoices();

    @TempDir
    Path dir;

    static List<Path> samples() throws IOException {
        try (Stream<Path> files = Files.list(INVOICES)) {
            return files.filter(p -> p.toString().endsWith(".pdf")).sorted().toList();
        }
    }

    @Test
    void every_sample_invoice_is_a_readable_pdf_with_pages() throws IOException {
        assertThat(samples()).hasSizeGreaterThanOrEqualTo(8);
        for (Path sample : samples()) {
            DocumentFacts facts = DocumentInspector.inspect(sample);
            assertThat(facts.problem()).as(sample.toString()).isNull();
            assertThat(facts.problemMessage()).isNull();
            assertThat(facts.kind()).isEqualTo(DocumentKind.PDF);
            assertThat(facts.pages()).as(sample.toString()).isPositive();
            assertThat(facts.sizeBytes()).isEqualTo(Files.size(sample));
            assertThat(facts.ownerPasswordOnly()).isFalse();
            assertThat(facts.acceptable()).isTrue();
        }
        assertThat(DocumentInspector.inspect(INVOICES.resolve("QualityHosting.pdf")).pages()).isEqualTo(2);
    }

    @Test
    void zero_byte_file_is_reported() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.pdf"));
        DocumentFacts facts = DocumentInspector.inspect(empty);
        assertThat(facts.problem()).isEqualTo(Problem.ZERO_BYTES);
        assertThat(facts.problemMessage()).contains("empty.pdf", "0 bytes");
    }

    @Test
    void truncated_copy_of_a_sample_is_corrupt() throws IOException {
        byte[] all = Files.readAllBytes(INVOICES.resolve("AzureInterior.pdf"));
        Path cut = Files.write(dir.resolve("cut.pdf"), Arrays.copyOf(all, all.length / 2));
        DocumentFacts facts = DocumentInspector.inspect(cut);
        assertThat(facts.problem()).isEqualTo(Problem.CORRUPT);
        assertThat(facts.problemMessage()).contains("cut off");
    }

    @Test
    void pdf_whose_objects_are_garbage_is_corrupt() throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.pdf"), "%PDF-1.7\nthis is not a pdf body\n%%EOF\n");
        assertThat(DocumentInspector.inspect(junk).problem()).isIn(Problem.CORRUPT, Problem.NO_PAGES);
    }

    @Test
    void text_file_named_pdf_is_a_content_mismatch() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.PDF"), "just some notes, not a PDF at all");
        DocumentFacts facts = DocumentInspector.inspect(text);
        assertThat(facts.kind()).isEqualTo(DocumentKind.PDF);
        assertThat(facts.problem()).isEqualTo(Problem.CONTENT_MISMATCH);
        assertThat(facts.problemMessage()).contains("neither a PDF");
    }

    @Test
    void leading_junk_before_the_pdf_header_is_tolerated() throws IOException {
        byte[] pdf = Files.readAllBytes(INVOICES.resolve("SammyMaystoneLinesTest.pdf"));
        byte[] junk = "garbage before header\r\n".repeat(10).getBytes(StandardCharsets.US_ASCII);
        byte[] both = new byte[junk.length + pdf.length];
        System.arraycopy(junk, 0, both, 0, junk.length);
        System.arraycopy(pdf, 0, both, junk.length, pdf.length);
        Path file = Files.write(dir.resolve("junk-first.pdf"), both);
        DocumentFacts facts = DocumentInspector.inspect(file);
        assertThat(facts.problem()).isNull();
        assertThat(facts.pages()).isEqualTo(1);
    }

    @Test
    void pdf_with_user_password_is_encrypted() throws IOException {
        Path file = dir.resolve("locked.pdf");
        savePdf(file, 1, new StandardProtectionPolicy("owner-secret", "user-secret", new AccessPermission()));
        DocumentFacts facts = DocumentInspector.inspect(file);
        assertThat(facts.problem()).isEqualTo(Problem.ENCRYPTED);
        assertThat(facts.problem().vendorCode()).isEqualTo("ENCRYPTED_FILE");
        assertThat(facts.problemMessage()).contains("user password", "print to PDF");
    }

    @Test
    void pdf_with_only_an_owner_password_opens_and_is_flagged() throws IOException {
        Path file = dir.resolve("permissions.pdf");
        AccessPermission noCopy = new AccessPermission();
        noCopy.setCanExtractContent(false);
        savePdf(file, 2, new StandardProtectionPolicy("owner-secret", "", noCopy));
        DocumentFacts facts = DocumentInspector.inspect(file);
        assertThat(facts.problem()).isNull();
        assertThat(facts.ownerPasswordOnly()).isTrue();
        assertThat(facts.pages()).isEqualTo(2);
        // the text layer is still read: the sandbox honours the user password only, like the vendor's upload
        assertThat(DocumentInspector.pageTexts(file, 10)).hasSize(2);
    }

    @Test
    void pdf_without_pages_is_reported() throws IOException {
        Path file = dir.resolve("nothing.pdf");
        savePdf(file, 0, null);
        DocumentFacts facts = DocumentInspector.inspect(file);
        assertThat(facts.problem()).isEqualTo(Problem.NO_PAGES);
        assertThat(facts.problem().vendorCode()).isEqualTo("NO_PAGES_FOUND");
    }

    @Test
    void pdf_over_the_page_limit_is_reported() throws IOException {
        Path file = dir.resolve("long.pdf");
        savePdf(file, 4, null);
        DocumentFacts facts = DocumentInspector.inspect(file, new DocumentLimits(1_000_000, 3, 1_000));
        assertThat(facts.problem()).isEqualTo(Problem.TOO_MANY_PAGES);
        assertThat(facts.pages()).isEqualTo(4);
        assertThat(facts.problemMessage()).contains("4 pages", "limit of 3");
    }

    @Test
    void office_file_is_an_unsupported_extension() throws IOException {
        Path docx = Files.write(dir.resolve("invoice.docx"), new byte[] {0x50, 0x4B, 0x03, 0x04});
        DocumentFacts facts = DocumentInspector.inspect(docx);
        assertThat(facts.kind()).isEqualTo(DocumentKind.UNSUPPORTED);
        assertThat(facts.problem()).isEqualTo(Problem.UNSUPPORTED_EXTENSION);
    }

    @Test
    void sparse_pdf_over_150_mb_is_too_large_without_parsing() throws IOException {
        Path big = sparse("huge.pdf", 151L * 1024 * 1024);
        long start = System.nanoTime();
        DocumentFacts facts = DocumentInspector.inspect(big);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(facts.problem()).isEqualTo(Problem.TOO_LARGE);
        assertThat(facts.sizeBytes()).isEqualTo(151L * 1024 * 1024);
        assertThat(facts.problemMessage()).contains("151.0 MB", "150.0 MB", "split");
        assertThat(millis).isLessThan(500);
    }

    @Test
    void pdf_of_exactly_150_mb_passes_the_size_check() throws IOException {
        Path edge = sparse("edge.pdf", 157_286_400L);
        // a sparse file of zeros: passes the size limit, then fails the magic bytes
        assertThat(DocumentInspector.inspect(edge).problem()).isEqualTo(Problem.CONTENT_MISMATCH);
    }

    @Test
    void image_over_5_mb_is_too_large() throws IOException {
        Path big = sparse("scan.png", 6L * 1024 * 1024);
        DocumentFacts facts = DocumentInspector.inspect(big);
        assertThat(facts.kind()).isEqualTo(DocumentKind.IMAGE);
        assertThat(facts.problem()).isEqualTo(Problem.TOO_LARGE);
        assertThat(facts.problem().vendorCode()).isEqualTo("FILE_TOO_LARGE");
    }

    @Test
    void small_png_and_jpeg_are_one_page_images() throws IOException {
        Path png = image("tiny.png", "png");
        Path jpeg = image("tiny.JPEG", "jpg");
        Path jpg = Files.copy(jpeg, dir.resolve("tiny.jpg"));
        for (Path file : List.of(png, jpeg, jpg)) {
            DocumentFacts facts = DocumentInspector.inspect(file);
            assertThat(facts.problem()).as(file.toString()).isNull();
            assertThat(facts.kind()).isEqualTo(DocumentKind.IMAGE);
            assertThat(facts.pages()).isEqualTo(1);
        }
    }

    @Test
    void png_named_jpg_is_a_content_mismatch() throws IOException {
        Path png = image("photo.png", "png");
        Path renamed = Files.copy(png, dir.resolve("photo.jpg"));
        DocumentFacts facts = DocumentInspector.inspect(renamed);
        assertThat(facts.problem()).isEqualTo(Problem.CONTENT_MISMATCH);
        assertThat(facts.problemMessage()).contains("PNG image", "rename");
    }

    @Test
    void truncated_png_is_corrupt() throws IOException {
        byte[] all = Files.readAllBytes(image("whole.png", "png"));
        Path cut = Files.write(dir.resolve("cut.png"), Arrays.copyOf(all, all.length - 20));
        assertThat(DocumentInspector.inspect(cut).problem()).isEqualTo(Problem.CORRUPT);
    }

    @Test
    void png_header_with_garbage_body_is_corrupt() throws IOException {
        byte[] bytes = new byte[200];
        byte[] magic = {(byte) 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A};
        System.arraycopy(magic, 0, bytes, 0, magic.length);
        byte[] iend = {0x49, 0x45, 0x4E, 0x44};
        System.arraycopy(iend, 0, bytes, 190, iend.length);
        Path file = Files.write(dir.resolve("garbage.png"), bytes);
        assertThat(DocumentInspector.inspect(file).problem()).isEqualTo(Problem.CORRUPT);
    }

    @Test
    void missing_file_and_directory_do_not_throw() throws IOException {
        assertThat(DocumentInspector.inspect(dir.resolve("absent.pdf")).problem()).isEqualTo(Problem.CORRUPT);
        Path folder = Files.createDirectory(dir.resolve("folder.pdf"));
        assertThat(DocumentInspector.inspect(folder).problem()).isEqualTo(Problem.CORRUPT);
    }

    @Test
    void text_layer_and_page_texts_read_the_samples() {
        Path quality = INVOICES.resolve("QualityHosting.pdf");
        List<String> pages = DocumentInspector.pageTexts(quality, 10);
        assertThat(pages).hasSize(2);
        assertThat(pages.get(0)).contains("Rechnungsnr. 30064443");
        assertThat(pages.get(1)).contains("Total EUR 34,73");
        assertThat(DocumentInspector.pageTexts(quality, 1)).hasSize(1);
        String text = DocumentInspector.textLayer(quality, 40);
        assertThat(text).hasSize(40).startsWith("QualityHosting AG");
    }

    @Test
    void text_helpers_return_empty_for_bad_input() throws IOException {
        Path text = Files.writeString(dir.resolve("plain.pdf"), "not a pdf");
        assertThat(DocumentInspector.pageTexts(text, 5)).isEmpty();
        assertThat(DocumentInspector.textLayer(text, 100)).isEmpty();
    }

    private Path sparse(String name, long length) throws IOException {
        Path file = dir.resolve(name);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length);
        }
        return file;
    }

    private Path image(String name, String format) throws IOException {
        BufferedImage img = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB);
        img.setRGB(1, 1, 0xFF0000);
        Path file = dir.resolve(name);
        assertThat(ImageIO.write(img, format, file.toFile())).isTrue();
        return file;
    }

    private static void savePdf(Path file, int pages, StandardProtectionPolicy policy) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            for (int i = 0; i < pages; i++) {
                doc.addPage(new PDPage());
            }
            if (policy != null) {
                policy.setEncryptionKeyLength(256);
                doc.protect(policy);
            }
            doc.save(file.toFile());
        }
    }
}
