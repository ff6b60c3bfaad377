package io.invoiceroutes.sandbox.output;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FieldReaderTest {

    static final String INVOICE = """
            Acme Supplies Ltd
            INVOICE
            Invoice No: A-1001
            Invoice Date: 04/05/2024
            PO Number: PO-77
            Due Date: 2024-06-04
            Description Qty Amount
            Widgets large 2 1.234,50
            Shipping 1 10,00
            Subtotal 1.244,50
            VAT 20% 248,90
            Total due EUR 1.493,40
            """;

    @Test
    void reads_typed_values_and_flags_what_is_doubtful_or_missing() {
        FieldReading r = FieldReader.read(List.of(INVOICE), List.of("Invoice Number", "Invoice Date",
                "Vendor Name", "Net Amount", "Tax Amount", "Total Amount", "Currency", "PO Number", "Due Date",
                "Cost Centre"));
        assertThat(r.values()).containsEntry("Invoice Number", "A-1001")
                .containsEntry("Invoice Date", "2024-05-04")
                .containsEntry("Vendor Name", "Acme Supplies Ltd")
                .containsEntry("Net Amount", new BigDecimal("1244.50"))
                .containsEntry("Tax Amount", new BigDecimal("248.90"))
                .containsEntry("Total Amount", new BigDecimal("1493.40"))
                .containsEntry("Currency", "EUR")
                .containsEntry("PO Number", "PO-77")
                .containsEntry("Due Date", "2024-06-04")
                .containsEntry("Cost Centre", null);
        assertThat(r.uncertain()).containsOnlyKeys("Invoice Date", "Vendor Name", "Cost Centre");
        assertThat(r.uncertain().get("Invoice Date")).contains("04/05/2024");
        assertThat(r.uncertain().get("Cost Centre")).isEqualTo("not found in the document");
        assertThat(r.needsReview()).isTrue();
        assertThat(r.page()).isEqualTo(1);
    }

    @Test
    void line_items_are_detected_between_header_and_total() {
        List<FieldReading> rows = FieldReader.readLineItems(List.of(INVOICE), FieldReader.DEFAULT_FIELDS);
        assertThat(rows).extracting(row -> row.values().get(FieldReader.LINE_ITEM_DESCRIPTION))
                .containsExactly("Widgets large", "Shipping");
        assertThat(rows).extracting(row -> row.values().get(FieldReader.LINE_ITEM_AMOUNT))
                .containsExactly(new BigDecimal("1234.50"), new BigDecimal("10.00"));
        assertThat(FieldReader.lineItemColumns(FieldReader.DEFAULT_FIELDS)).containsExactly("Invoice Number",
                "Invoice Date", "Vendor Name", "Total Amount", "Line Item Description", "Line Item Amount");
    }

    @Test
    void text_without_anything_gives_nulls_and_one_review_row() {
        List<FieldReading> rows = FieldReader.readLineItems(List.of(""), FieldReader.DEFAULT_FIELDS);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).values()).containsOnlyKeys(FieldReader.lineItemColumns(FieldReader.DEFAULT_FIELDS));
        assertThat(rows.get(0).values().values()).containsOnlyNulls();
        assertThat(rows.get(0).uncertain()).hasSize(6);
    }
}
