package io.invoiceroutes.sandbox;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Renders an extraction's columns and rows as XLSX, CSV or JSON bytes. */
final class OutputWriter {
    private OutputWriter() {
    }

    static byte[] render(String format, List<String> columns, List<Map<String, Object>> rows) throws IOException {
        return switch (format) {
            case "json" -> Json.bytes(rows);
            case "csv" -> csv(columns, rows);
            case "xlsx" -> xlsx(columns, rows);
            default -> throw new IllegalArgumentException(format);
        };
    }

    private static byte[] csv(List<String> columns, List<Map<String, Object>> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", columns.stream().map(OutputWriter::quote).toList())).append("\r\n");
        for (Map<String, Object> r : rows) {
            sb.append(String.join(",", columns.stream().map(c -> quote(r.get(c) == null ? "" : String.valueOf(r.get(c)))).toList()))
                    .append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static byte[] xlsx(List<String> columns, List<Map<String, Object>> rows) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet("Extraction");
            Row header = sheet.createRow(0);
            for (int i = 0; i < columns.size(); i++) {
                header.createCell(i).setCellValue(columns.get(i));
            }
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r + 1);
                for (int i = 0; i < columns.size(); i++) {
                    Object v = rows.get(r).get(columns.get(i));
                    if (v instanceof Number n) {
                        row.createCell(i).setCellValue(n.doubleValue());
                    } else if (v != null) {
                        row.createCell(i).setCellValue(String.valueOf(v));
                    }
                }
            }
            wb.write(out);
            return out.toByteArray();
        }
    }
}
