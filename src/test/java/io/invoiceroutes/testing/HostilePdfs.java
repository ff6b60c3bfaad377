package io.invoiceroutes.testing;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** PDFs made to hurt a reader: a decompression bomb, a broken cross-reference table, a file that keeps a parser busy. */
public final class HostilePdfs {
    private HostilePdfs() {
    }

    /**
     * A one-page PDF whose catalog, page tree and page sit in a Flate object stream padded to {@code unpackedBytes}:
     * about a thousandth of that on disk, and a reader must unpack the whole stream to find the pages.
     */
    public static Path decompressionBomb(Path target, long unpackedBytes) {
        String catalog = "<< /Type /Catalog /Pages 2 0 R >>";
        String pages = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
        String page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>";
        String objects = catalog + "\n" + pages + "\n" + page + "\n";
        int second = catalog.length() + 1;
        int third = second + pages.length() + 1;
        String header = "1 0 2 " + second + " 3 " + third + "\n";
        byte[] packed = deflate((header + objects).getBytes(StandardCharsets.US_ASCII), unpackedBytes);
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        write(pdf, "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        long objStm = pdf.size();
        write(pdf, "4 0 obj\n<< /Type /ObjStm /N 3 /First " + header.length() + " /Filter /FlateDecode /Length " + packed.length
                + " >>\nstream\n");
        pdf.writeBytes(packed);
        write(pdf, "\nendstream\nendobj\n");
        long xref = pdf.size();
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        entry(entries, 0, 0, 65535);
        entry(entries, 2, 4, 0);
        entry(entries, 2, 4, 1);
        entry(entries, 2, 4, 2);
        entry(entries, 1, objStm, 0);
        entry(entries, 1, xref, 0);
        write(pdf, "5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length " + entries.size() + " >>\nstream\n");
        pdf.writeBytes(entries.toByteArray());
        write(pdf, "\nendstream\nendobj\nstartxref\n" + xref + "\n%%EOF\n");
        return save(target, pdf.toByteArray());
    }

    /** A PDF whose cross-reference table points into nothing, whose trailer names a catalog that is not there. */
    public static Path brokenXref(Path target) {
        String pdf = "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n2 0 obj\n<< /Length 5 >>\nstream\nxxxxx\nendstream\nendobj\n"
                + "xref\n0 3\n0000000000 65535 f \n0000099999 00000 n \n0000088888 00000 n \n"
                + "trailer\n<< /Size 3 /Root 1 0 R /Prev 20 >>\nstartxref\n77777\n%%EOF\n";
        return save(target, pdf.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** {@code objects} objects and no usable cross-reference table: a lenient reader searches the whole file for them. */
    public static Path busyWithoutXref(Path target, int objects) {
        try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(target), StandardCharsets.ISO_8859_1))) {
            w.write("%PDF-1.7\n");
            for (int i = 1; i <= objects; i++) {
                w.write(i + " 0 obj\n<< /K " + i + " >>\nendobj\n");
            }
            w.write("trailer\n<< /Size " + (objects + 1) + " >>\nstartxref\n999999999\n%%EOF\n");
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] deflate(byte[] head, long total) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(out, new Deflater(Deflater.BEST_COMPRESSION), 1 << 16)) {
            deflater.write(head);
            byte[] spaces = new byte[1 << 20];
            Arrays.fill(spaces, (byte) ' ');
            for (long written = head.length; written < total; written += spaces.length) {
                deflater.write(spaces, 0, (int) Math.min(spaces.length, total - written));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void entry(ByteArrayOutputStream x, int type, long field2, int field3) {
        x.write(type);
        for (int shift = 24; shift >= 0; shift -= 8) {
            x.write((int) (field2 >> shift));
        }
        x.write(field3 >> 8);
        x.write(field3);
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Path save(Path target, byte[] bytes) {
        try {
            return Files.write(target, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
