package io.invoiceroutes.sandbox.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutputRendererTest {

    static final List<String> COLUMNS = List.of("Invoice Number", "Invoice Date", "Vendor Name", "Total Amount",
            "Source File", "Review Needed");

    static List<Map<String, Object>> rows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(row("INV-1001", "2026-01-15", "Acme, \"the\" Ltd", new BigDecimal("1250.00"),
                "invoice-1.pdf (Page 1)", null));
        rows.add(row("ÄÖ-2", null, "Line\nbreak GmbH", new BigDecimal("-9.32"), "rechnung.pdf (Page 2)",
                "Check the total"));
        return rows;
    }

    static Map<String, Object> row(Object... values) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            row.put(COLUMNS.get(i), values[i]);
        }
        return row;
    }

    @Test
    void csv_quotes_per_rfc_4180() {
        String csv = new String(OutputRenderer.csv(COLUMNS, rows()), StandardCharsets.UTF_8);
        assertThat(csv).isEqualTo(
                "Invoice Number,Invoice Date,Vendor Name,Total Amount,Source File,Review Needed\r\n"
                        + "INV-1001,2026-01-15,\"Acme, \"\"the\"\" Ltd\",1250.00,invoice-1.pdf (Page 1),\r\n"
                        + "ÄÖ-2,,\"Line\nbreak GmbH\",-9.32,rechnung.pdf (Page 2),Check the total\r\n");
    }

    @Test
    void typed_json_keeps_numbers_and_nulls_in_column_order() throws IOException {
        JsonNode json = new ObjectMapper().readTree(OutputRenderer.json(COLUMNS, rows(), true));
        assertThat(json.isArray()).isTrue();
        assertThat(json).hasSize(2);
        JsonNode first = json.get(0);
        List<String> keys = new ArrayList<>();
        first.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyElementsOf(COLUMNS);
        assertThat(first.get("Total Amount").isNumber()).isTrue();
        assertThat(first.get("Total Amount").decimalValue()).isEqualByComparingTo("1250");
        assertThat(first.get("Review Needed").isNull()).isTrue();
        assertThat(first.get("Source File").asText()).isEqualTo("invoice-1.pdf (Page 1)");
        assertThat(json.get(1).get("Invoice Date").isNull()).isTrue();
    }

    @Test
    void untyped_json_holds_only_strings() throws IOException {
        JsonNode json = new ObjectMapper().readTree(OutputRenderer.json(COLUMNS, rows(), false));
        for (JsonNode row : json) {
            row.elements().forEachRemaining(v -> assertThat(v.isTextual()).isTrue());
        }
        assertThat(json.get(0).get("Total Amount").asText()).isEqualTo("1250.00");
        assertThat(json.get(0).get("Review Needed").asText()).isEmpty();
        assertThat(json.get(1).get("Vendor Name").asText()).isEqualTo("Line\nbreak GmbH");
    }

    @Test
    void xlsx_has_bold_header_typed_cells_and_filled_review_rows() throws IOException {
        byte[] bytes = OutputRenderer.xlsx(COLUMNS, rows(), Set.of(1), "orange");
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            XSSFSheet sheet = book.getSheetAt(0);
            XSSFRow header = sheet.getRow(0);
            assertThat(header.getCell(0).getStringCellValue()).isEqualTo("Invoice Number");
            assertThat(header.getCell(5).getStringCellValue()).isEqualTo("Review Needed");
            assertThat(header.getCell(0).getCellStyle().getFont().getBold()).isTrue();
            assertThat(sheet.getLastRowNum()).isEqualTo(2);

            XSSFCell total = sheet.getRow(1).getCell(3);
            assertThat(total.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(total.getNumericCellValue()).isEqualTo(1250.0);
            assertThat(sheet.getRow(1).getCell(1).getStringCellValue()).isEqualTo("2026-01-15");
            assertThat(sheet.getRow(2).getCell(1).getCellType()).isEqualTo(CellType.BLANK);
            assertThat(sheet.getRow(2).getCell(3).getNumericCellValue()).isEqualTo(-9.32);
            assertThat(sheet.getRow(2).getCell(0).getStringCellValue()).isEqualTo("ÄÖ-2");

            assertThat(sheet.getRow(1).getCell(0).getCellStyle().getFillPattern()).isEqualTo(FillPatternType.NO_FILL);
            for (int c = 0; c < COLUMNS.size(); c++) {
                var style = sheet.getRow(2).getCell(c).getCellStyle();
                assertThat(style.getFillPattern()).isEqualTo(FillPatternType.SOLID_FOREGROUND);
                assertThat(style.getFillForegroundColorColor().getARGBHex()).endsWith("FFC000");
            }
        }
    }

    @Test
    void xlsx_without_fill_colour_leaves_review_rows_plain() throws IOException {
        for (String none : new String[] {"none", null}) {
            byte[] bytes = OutputRenderer.xlsx(COLUMNS, rows(), Set.of(0, 1), none);
            try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
                assertThat(book.getSheetAt(0).getRow(2).getCell(0).getCellStyle().getFillPattern())
                        .isEqualTo(FillPatternType.NO_FILL);
            }
        }
        assertThatThrownBy(() -> OutputRenderer.xlsx(COLUMNS, rows(), Set.of(), "purple"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void empty_result_still_has_a_header() throws IOException {
        assertThat(new String(OutputRenderer.csv(COLUMNS, List.of()), StandardCharsets.UTF_8))
                .isEqualTo(String.join(",", COLUMNS) + "\r\n");
        assertThat(new ObjectMapper().readTree(OutputRenderer.json(COLUMNS, List.of(), true))).isEmpty();
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(
                OutputRenderer.xlsx(COLUMNS, List.of(), Set.of(), "yellow")))) {
            assertThat(book.getSheetAt(0).getRow(0).getLastCellNum()).isEqualTo((short) COLUMNS.size());
        }
    }
}
