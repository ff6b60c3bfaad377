package io.invoiceroutes.sandbox.output;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFColor;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Builds the XLSX output with Apache POI: typed cells, bold frozen header, review rows filled with a colour. */
final class XlsxWriter {

    static final String SHEET = "Extracted Data";
    private static final int MAX_WIDTH_CHARS = 60;

    private XlsxWriter() {
    }

    static byte[] write(List<String> columns, List<Map<String, Object>> rows, Set<Integer> review, String fill) {
        byte[] rgb = rgb(fill);
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XSSFSheet sheet = book.createSheet(SHEET);
            CellStyle plain = book.createCellStyle();
            CellStyle flagged = filled(book, rgb);
            int[] widths = new int[columns.size()];
            writeHeader(book, sheet, columns, widths);
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r + 1);
                CellStyle style = rgb != null && review.contains(r) ? flagged : plain;
                for (int c = 0; c < columns.size(); c++) {
                    Object value = rows.get(r).get(columns.get(c));
                    Cell cell = row.createCell(c);
                    setValue(cell, value);
                    cell.setCellStyle(style);
                    widths[c] = Math.max(widths[c], OutputRenderer.text(value).length());
                }
            }
            for (int c = 0; c < columns.size(); c++) {
                sheet.setColumnWidth(c, (Math.min(widths[c], MAX_WIDTH_CHARS) + 2) * 256);
            }
            sheet.createFreezePane(0, 1);
            if (!columns.isEmpty()) {
                sheet.setAutoFilter(new CellRangeAddress(0, Math.max(rows.size(), 1), 0, columns.size() - 1));
            }
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeHeader(XSSFWorkbook book, XSSFSheet sheet, List<String> columns, int[] widths) {
        Font bold = book.createFont();
        bold.setBold(true);
        CellStyle header = book.createCellStyle();
        header.setFont(bold);
        Row row = sheet.createRow(0);
        for (int c = 0; c < columns.size(); c++) {
            Cell cell = row.createCell(c);
            cell.setCellValue(columns.get(c));
            cell.setCellStyle(header);
            widths[c] = columns.get(c).length();
        }
    }

    private static void setValue(Cell cell, Object value) {
        if (value == null) {
            cell.setBlank();
        } else if (value instanceof Number n) {
            cell.setCellValue(OutputRenderer.decimal(n).doubleValue());
        } else if (value instanceof Boolean b) {
            cell.setCellValue(b);
        } else {
            cell.setCellValue(value.toString());
        }
    }

    private static CellStyle filled(XSSFWorkbook book, byte[] rgb) {
        XSSFCellStyle style = book.createCellStyle();
        if (rgb != null) {
            style.setFillForegroundColor(new XSSFColor(rgb, null));
            style.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        }
        return style;
    }

    /** The contract's FillColor values; null for none. */
    static byte[] rgb(String fill) {
        String name = fill == null ? "none" : fill.toLowerCase(Locale.ROOT);
        return switch (name) {
            case "none" -> null;
            case "yellow" -> new byte[] {(byte) 0xFF, (byte) 0xFF, 0x00};
            case "orange" -> new byte[] {(byte) 0xFF, (byte) 0xC0, 0x00};
            case "red" -> new byte[] {(byte) 0xFF, 0x00, 0x00};
            default -> throw new IllegalArgumentException("fill colour must be none, yellow, orange or red: " + fill);
        };
    }
}
